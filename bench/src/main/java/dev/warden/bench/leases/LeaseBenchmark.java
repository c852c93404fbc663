package dev.warden.bench.leases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.config.DatabaseConfig;
import dev.warden.config.Secret;
import dev.warden.leases.Lease;
import dev.warden.leases.LeaseManager;
import dev.warden.leases.LeasePolicy;
import dev.warden.leases.LeaseStore;
import dev.warden.simulator.ConfluenceSimulator;
import dev.warden.simulator.SeededUser;
import dev.warden.simulator.SimulatorOptions;
import dev.warden.store.Database;

/**
 * Admin-key calls per burst of N overlapping leased runs, and the latency a lease adds to a run when the key is
 * already held: the simulator over loopback HTTP, an H2 file store, the real lease manager. Run by bench/leases.sh.
 */
public final class LeaseBenchmark {

    private static final String KEY_PATH = "/wiki/api/v2/admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("warden-lease-bench");
        try (ConfluenceSimulator sim = ConfluenceSimulator.start(SimulatorOptions.defaults());
             Database db = Database.open(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0", "",
                     Secret.empty()), dir)) {
            SeededUser admin = sim.user(SeededUser.Role.ORG_ADMIN);
            LeaseManager leases = new LeaseManager(new LeaseStore(db.dataSource()),
                    new HttpAdminKeys(sim.baseUrl(), admin.email(), admin.token()),
                    new LeasePolicy(Set.of("bench"), 60, Duration.ofSeconds(60), Duration.ZERO), Clock.systemUTC(),
                    sim.baseUrl(), "bench", runId -> { });
            System.out.println("| overlapping leased runs | admin-key POSTs | admin-key DELETEs |");
            System.out.println("|---|---|---|");
            for (int n : new int[] {1, 10, 100}) {
                sim.reset();
                burst(leases, n);
                System.out.printf("| %d | %d | %d |%n", n, count(sim, "POST"), count(sim, "DELETE"));
            }
            latency(leases, pairs);
            leases.close();
        }
    }

    private static void burst(LeaseManager leases, int n) throws Exception {
        CyclicBarrier all = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String runId = String.format("01BURST%019d", i);
            done.add(pool.submit(() -> {
                Lease lease = leases.acquire("bench", runId, 5, Duration.ofMinutes(1), null);
                all.await();
                leases.release(lease);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** acquire + release while another run holds the key: what a leased run pays over an unleased one. */
    private static void latency(LeaseManager leases, int pairs) {
        Lease holder = leases.acquire("bench", "01HOLDER000000000000000000", 30, Duration.ofMinutes(1), null);
        long[] micros = new long[pairs];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                Lease lease = leases.acquire("bench", String.format("01PAIR%020d", round * pairs + i), 5,
                        Duration.ofMinutes(1), null);
                leases.release(lease);
                micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        leases.release(holder);
        Arrays.sort(micros);
        System.out.printf("%nadded latency of a leased run, key already held (acquire + release, %d pairs after as "
                        + "many warm-up pairs): p50 %d µs, p90 %d µs, p99 %d µs, max %d µs%n", pairs,
                micros[pairs / 2], micros[pairs * 9 / 10], micros[pairs * 99 / 100], micros[pairs - 1]);
    }

    private static long count(ConfluenceSimulator sim, String method) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim.baseUrl() + "/__sim/requests")).build(), HttpResponse.BodyHandlers.ofString());
        long n = 0;
        for (JsonNode entry : JSON.readTree(r.body())) {
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().equals(KEY_PATH)) {
                n++;
            }
        }
        return n;
    }
}
