package dev.warden.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.warden.Warden;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;

/**
 * Schedules N rules that each fire once a minute on a real H2 file database, and reports start-up time, heap and fire
 * lag (actual minus scheduled fire time) at three points: Quartz fired, the run was recorded, a worker started it.
 *
 * <p>Usage: {@code ScheduleBench [rules=10000] [minutes=5] [warmup=60] [threads=4] [spread=seconds|even]
 * [dir=target/schedule-bench] [keep=false]}. {@code keep=true} reuses the database of an earlier run (a restart:
 * the schedules are already stored). {@code spread=seconds}: rule i fires at second i % 60 of every minute (N/60 fires
 * due at the same instant each second); {@code even}: every('1m') with fire times 60 s / N apart. The lag is measured
 * over {@code minutes} after {@code warmup} seconds (JIT and warm contexts).
 */
public final class ScheduleBench {

    private static final int RULES_PER_FILE = 100;

    private ScheduleBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("rules", "10000", "minutes", "5", "warmup", "60",
                "threads", "4", "spread", "seconds", "dir", "target/schedule-bench", "keep", "false"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv[1]);
        }
        int rules = Integer.parseInt(options.get("rules"));
        int minutes = Integer.parseInt(options.get("minutes"));
        Path dir = Path.of(options.get("dir")).toAbsolutePath();
        if (!Boolean.parseBoolean(options.get("keep"))) {
            EngineBenchmark.deleteTree(dir);
        }
        writeRules(dir.resolve("rules"), rules, options.get("spread").equals("even"));
        Map<String, String> env = new HashMap<>();
        env.put("WARDEN_RULES_DIR", dir.resolve("rules").toString());
        env.put("WARDEN_DATA_DIR", dir.resolve("data").toString());
        env.put("WARDEN_PORT", "0");
        env.put("WARDEN_SCHEDULES_THREADS", options.get("threads"));
        // Every rule file keeps a warm context per worker, and a minute of fires may wait in the queue.
        env.put("WARDEN_ENGINE_CONTEXTS_PER_WORKER", String.valueOf(rules / RULES_PER_FILE + 1));
        env.put("WARDEN_ENGINE_QUEUE_CAPACITY", String.valueOf(Math.max(10_000, rules * 2)));
        WardenConfig config = new ConfigLoader(env).load(null);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 200, TimeUnit.MILLISECONDS);

        long t0 = System.nanoTime();
        Instant measureFrom;
        Instant measureTo;
        long heapAfterGc;
        try (Warden warden = Warden.start(config)) {
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("rules=%d threads=%s spread=%s started in %.1f s (compile %d files, schedule %d "
                    + "triggers)%n", rules, options.get("threads"), options.get("spread"), startup.toMillis() / 1000.0,
                    rules / RULES_PER_FILE, rules);
            measureFrom = Instant.now().plusSeconds(Long.parseLong(options.get("warmup")));
            measureTo = measureFrom.plus(Duration.ofMinutes(minutes));
            Thread.sleep(Duration.between(Instant.now(), measureTo).plusSeconds(5).toMillis());
            System.gc();
            heapAfterGc = memory.getHeapMemoryUsage().getUsed();
        }
        sampler.shutdownNow();
        System.out.printf("heap: peak used %d MiB, used after GC at the end %d MiB, max %d MiB%n",
                peakHeap.get() >> 20, heapAfterGc >> 20, Runtime.getRuntime().maxMemory() >> 20);
        report(config, measureFrom, measureTo, rules, minutes);
    }

    private static void report(WardenConfig config, Instant from, Instant to, int rules, int minutes)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(config.database().url())) {
            LagStats fired = firedLag(c, from, to);
            LagStats accepted = lag(c, "created_at", from, to);
            LagStats started = lag(c, "started_at", from, to);
            System.out.printf("fires expected %d, recorded %d%n", (long) rules * minutes, accepted.count());
            System.out.println("lag fired (Quartz fired - scheduled):     " + fired);
            System.out.println("lag recorded (run accepted - scheduled): " + accepted);
            System.out.println("lag started (worker began - scheduled):  " + started);
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM runs WHERE scheduled_for >= ? "
                    + "AND scheduled_for < ? GROUP BY status")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    StringBuilder statuses = new StringBuilder("statuses:");
                    while (rs.next()) {
                        statuses.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2));
                    }
                    System.out.println(statuses);
                }
            }
        }
    }

    private static LagStats lag(Connection c, String column, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " - scheduled_for FROM runs WHERE "
                + "scheduled_for >= ? AND scheduled_for < ? AND " + column + " IS NOT NULL")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            LagStats stats = new LagStats();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stats.add(rs.getLong(1));
                }
            }
            return stats;
        }
    }

    /** The rules return event.firedAt, so each run record tells when Quartz fired it. */
    private static LagStats firedLag(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result, scheduled_for FROM runs WHERE "
                + "scheduled_for >= ? AND scheduled_for < ? AND status = 'SUCCEEDED'")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            LagStats stats = new LagStats();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String firedAt = rs.getString(1).replace("\"", "");
                    stats.add(Instant.parse(firedAt).toEpochMilli() - rs.getLong(2));
                }
            }
            return stats;
        }
    }

    private static void writeRules(Path folder, int rules, boolean even) throws IOException {
        Files.createDirectories(folder);
        for (int file = 0; file * RULES_PER_FILE < rules; file++) {
            StringBuilder source = new StringBuilder("import { rule, cron, every } from 'warden';\nexport default [\n");
            for (int i = file * RULES_PER_FILE; i < Math.min(rules, (file + 1) * RULES_PER_FILE); i++) {
                String trigger = even
                        ? "every('1m', { startAt: '" + Instant.EPOCH.plusMillis(60_000L * i / rules) + "' })"
                        : "cron('" + i % 60 + " * * * * ?')";
                source.append("  rule({ id: 'r").append(i).append("', triggers: [").append(trigger)
                        .append("], run: ({ event }) => event.firedAt }),\n");
            }
            Files.writeString(folder.resolve("rules-" + file + ".js"), source.append("];\n"));
        }
    }
}
