package dev.warden.rules.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Value;
import org.quartz.CronExpression;

import dev.warden.rules.ConcurrencyPolicy;
import dev.warden.rules.Durations;
import dev.warden.rules.MisfirePolicy;
import dev.warden.rules.RuleDefinition;
import dev.warden.rules.RuleProblem;
import dev.warden.rules.SourceLocation;
import dev.warden.rules.Trigger;
import dev.warden.rules.TriggerTimes;
import dev.warden.rules.TriggerType;

/**
 * Reads one exported rule descriptor into a {@link RuleDefinition}, collecting every problem with its place: the
 * field's key where {@link FieldLocator} finds it, else the {@code rule(} call, in the file that made the call (a
 * library's, when a library builds the rule).
 * Used by a single thread at a time (it reads guest values of one context).
 */
final class RuleValidator {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern HOOK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> FIELDS = Set.of("id", "description", "triggers", "adminKey", "timeout", "run",
            "concurrency", "misfire", "site", "__warden");

    private final String file;
    private final Path root;
    /** The files calls were made in, with their locators (null for a file too large to read). */
    private final Map<String, FieldLocator> locators = new HashMap<>();
    private final String version;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    /** Where zone-less startAt and endAt are read, as {@code QuartzTriggers.zone} reads them for the scheduler. */
    private final ZoneId serverZone;
    private final List<RuleProblem> problems = new ArrayList<>();
    /** Library files larger than this are not read to place a problem (the call's place is used). */
    private static final long MAX_TEXT = 4 << 20;
    /** The longest every() interval: a year, leap or not. Rarer schedules are cron()s with a year field. */
    private static final Duration MAX_EVERY = Duration.ofDays(366);

    /**
     * @param file the module's path relative to {@code root}, the rules folder
     * @param text the module's source text
     */
    RuleValidator(Path root, String file, String text, String version, Duration defaultTimeout,
                  Duration maxTimeout, ZoneId serverZone) {
        this.serverZone = serverZone;
        this.root = root;
        this.file = file;
        this.locators.put(file, FieldLocator.of(text));
        this.version = version;
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    List<RuleProblem> problems() {
        return problems;
    }

    /** The definition, or null when the descriptor has problems (they are in {@link #problems()}). */
    RuleDefinition read(Value spec) {
        int before = problems.size();
        SourceLocation site = site(spec, new SourceLocation(file, 1, 1));
        Map<String, FieldLocator.Place> keys = locators.get(site.file()) != null
                ? locators.get(site.file()).keysAt(site.line(), site.column()) : Map.of();
        Function<String, SourceLocation> field = key -> {
            FieldLocator.Place place = keys.get(key);
            return place == null ? site : new SourceLocation(site.file(), place.line(), place.column());
        };
        for (String key : spec.getMemberKeys()) {
            if (!FIELDS.contains(key)) {
                problem(field.apply(key), "unknown rule field '" + key + "'; rules have id, description, triggers, "
                        + "adminKey, timeout, misfire, concurrency and run");
            }
        }
        String id = string(spec, "id");
        if (id == null || !ID.matcher(id).matches()) {
            problem(id == null ? site : field.apply("id"), "rule id " + (id == null ? "is missing" : "'" + id + "' is invalid")
                    + "; use 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        Value run = spec.getMember("run");
        if (run == null || !run.canExecute()) {
            problem(run == null ? site : field.apply("run"), "rule " + id + " has no run function; add run(ctx) { ... }");
        }
        List<Trigger> triggers = triggers(spec, field.apply("triggers"));
        Integer adminKeyMinutes = adminKey(spec, field.apply("adminKey"));
        Duration timeout = timeout(spec, field.apply("timeout"));
        String description = string(spec, "description");
        MisfirePolicy misfire = policy(spec, "misfire", MisfirePolicy.RUN_ONCE, MisfirePolicy::of,
                field.apply("misfire"), "'run-once' or 'skip'");
        ConcurrencyPolicy concurrency = policy(spec, "concurrency", ConcurrencyPolicy.SKIP, ConcurrencyPolicy::of,
                field.apply("concurrency"), "'allow', 'skip' or 'queue'");
        if (problems.size() > before) {
            return null;
        }
        return new RuleDefinition(id, description == null ? "" : description, file, version, triggers,
                adminKeyMinutes, timeout, site, misfire, concurrency);
    }

    private <P> P policy(Value spec, String field, P fallback, Function<String, P> parse, SourceLocation at,
                         String accepted) {
        String raw = string(spec, field);
        if (raw == null) {
            return fallback;
        }
        P policy = parse.apply(raw);
        return policy != null ? policy : problem(at, field + " '" + raw + "' is not one of " + accepted);
    }

    private List<Trigger> triggers(Value spec, SourceLocation site) {
        List<Trigger> triggers = new ArrayList<>();
        Value list = spec.getMember("triggers");
        if (list == null || !list.hasArrayElements() || list.getArraySize() == 0) {
            problem(site, "rule has no triggers; add webhook('name'), cron('...'), every('15m') or manual()");
            return triggers;
        }
        for (long i = 0; i < list.getArraySize(); i++) {
            Value t = list.getArrayElement(i);
            if (!RuleExports.isKind(t, "trigger")) {
                problem(site, "triggers[" + i + "] is not a trigger; use webhook(), cron(), every() or manual()");
                continue;
            }
            Trigger trigger = trigger(t, site(t, site));
            if (trigger != null) {
                triggers.add(trigger);
            }
        }
        return triggers;
    }

    private Trigger trigger(Value t, SourceLocation at) {
        TriggerType type = TriggerType.valueOf(string(t, "type").toUpperCase(java.util.Locale.ROOT));
        String startAt = string(t, "startAt");
        String endAt = string(t, "endAt");
        switch (type) {
            case WEBHOOK -> {
                String name = string(t, "name");
                if (name == null || !HOOK.matcher(name).matches()) {
                    return problem(at, "webhook name " + (name == null ? "is missing" : "'" + name + "' is invalid")
                            + "; use letters, digits, '.', '_' and '-'");
                }
                return new Trigger(type, name, null, null, null, null, null, at);
            }
            case CRON -> {
                String expression = string(t, "expression");
                String zone = string(t, "zone");
                try {
                    CronExpression.validateExpression(expression);
                } catch (ParseException | RuntimeException e) {
                    return problem(at, "invalid cron expression '" + expression + "': " + e.getMessage()
                            + " (Quartz syntax: seconds minutes hours day-of-month month day-of-week [year])");
                }
                ZoneId zoneId = serverZone;
                if (zone != null) {
                    try {
                        zoneId = ZoneId.of(zone);
                    } catch (RuntimeException e) {
                        return problem(at, "unknown time zone '" + zone + "'; use an IANA name such as Europe/Berlin");
                    }
                }
                if (neverFires(expression, zoneId)) {
                    return problem(at, "cron expression '" + expression + "' never fires (no such date from now on)");
                }
                if (!validWindow(startAt, endAt, zoneId, at)) {
                    return null;
                }
                String empty = emptyWindow(expression, zoneId, startAt, endAt);
                if (empty != null) {
                    return problem(at, "cron expression '" + expression + "' never fires " + empty);
                }
                return new Trigger(type, null, expression, zone, null, startAt, endAt, at);
            }
            case EVERY -> {
                String interval = string(t, "interval");
                try {
                    Duration d = Durations.parse(interval);
                    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                        return problem(at, "every('" + interval + "') is shorter than the minimum of 1s");
                    }
                    if (d.compareTo(MAX_EVERY) > 0) {
                        return problem(at, "every('" + interval + "') is longer than the maximum of 366d; for "
                                + "rarer schedules use cron(), e.g. cron('0 0 0 1 1 ?') once a year");
                    }
                } catch (IllegalArgumentException e) {
                    return problem(at, "every(): " + e.getMessage());
                }
                if (!validWindow(startAt, endAt, serverZone, at)) {
                    return null;
                }
                return new Trigger(type, null, null, null, interval, startAt, endAt, at);
            }
            default -> {
                return new Trigger(type, null, null, null, null, null, null, at);
            }
        }
    }

    private static boolean neverFires(String expression, ZoneId zone) {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return cron.getNextValidTimeAfter(new Date()) == null;
        } catch (ParseException e) {
            return false;
        }
    }

    /**
     * Where a cron trigger whose window still lies ahead (its startAt is in the future) has no fire at all, e.g.
     * {@code 0 0 0 1 1 ? 2027} from 2028: "at or after its startAt ..." or "between its startAt ... and endAt ...";
     * null when it fires, or when its window has begun (a window that has ended is no mistake in the file).
     */
    private static String emptyWindow(String expression, ZoneId zone, String startAt, String endAt) {
        if (startAt == null) {
            return null;
        }
        Instant start = TriggerTimes.parse(startAt, zone);
        if (!start.isAfter(Instant.now())) {
            return null;
        }
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            // Quartz's first fire of a trigger starting at startAt: the first fire time after one second before.
            Date first = cron.getNextValidTimeAfter(Date.from(start.minusSeconds(1)));
            if (first == null) {
                return "at or after its startAt " + startAt;
            }
            if (endAt != null && first.toInstant().isAfter(TriggerTimes.parse(endAt, zone))) {
                return "between its startAt " + startAt + " and its endAt " + endAt;
            }
            return null;
        } catch (ParseException e) {
            return null;
        }
    }

    /** Checks that startAt and endAt parse and that endAt comes after startAt; zone only matters for local times. */
    private boolean validWindow(String startAt, String endAt, ZoneId zone, SourceLocation at) {
        Instant start = null;
        Instant end = null;
        try {
            start = startAt == null ? null : TriggerTimes.parse(startAt, zone);
            end = endAt == null ? null : TriggerTimes.parse(endAt, zone);
        } catch (IllegalArgumentException e) {
            problem(at, (start == null && startAt != null ? "startAt: " : "endAt: ") + e.getMessage());
            return false;
        }
        if (start != null && end != null && !end.isAfter(start)) {
            problem(at, "endAt " + endAt + " is not after startAt " + startAt);
            return false;
        }
        return true;
    }

    private Integer adminKey(Value spec, SourceLocation site) {
        Value adminKey = spec.getMember("adminKey");
        if (adminKey == null || adminKey.isNull()) {
            return null;
        }
        Value minutes = adminKey.hasMembers() ? adminKey.getMember("minutes") : null;
        if (minutes == null || !minutes.fitsInInt() || minutes.asInt() < 1 || minutes.asInt() > 60) {
            problem(site, "adminKey.minutes must be a whole number from 1 to 60 (Confluence's admin key lasts at "
                    + "most 60 minutes), got " + (minutes == null ? "nothing" : minutes.toString()));
            return null;
        }
        return minutes.asInt();
    }

    private Duration timeout(Value spec, SourceLocation site) {
        Value raw = spec.getMember("timeout");
        if (raw == null || raw.isNull()) {
            return defaultTimeout;
        }
        try {
            Duration timeout = Durations.parse(raw.isString() ? raw.asString() : raw.toString());
            if (timeout.isZero() || timeout.compareTo(maxTimeout) > 0) {
                problem(site, "timeout " + raw + " must be above 0 and at most " + Durations.format(maxTimeout)
                        + " (engine.maxTimeout)");
                return null;
            }
            return timeout;
        } catch (IllegalArgumentException e) {
            problem(site, "timeout: " + e.getMessage());
            return null;
        }
    }

    private SourceLocation site(Value value, SourceLocation fallback) {
        Value site = value.getMember("site");
        if (site == null || site.isNull() || !site.hasMembers()) {
            return fallback;
        }
        return new SourceLocation(siteFile(string(site, "file")), site.getMember("line").asInt(),
                site.getMember("column").asInt());
    }

    /**
     * The rules folder's file a call site names (the stack names a module by its path, absolute or relative to the
     * folder), with its text read for {@link FieldLocator}; the module itself when the name is none of the folder's.
     */
    private String siteFile(String named) {
        if (named == null || locators.containsKey(named)) {
            return named == null ? file : named;
        }
        try {
            Path path = Path.of(named);
            Path absolute = (path.isAbsolute() ? path : root.resolve(path)).normalize();
            if (!absolute.startsWith(root) || !Files.isRegularFile(absolute)) {
                return file;
            }
            String relative = root.relativize(absolute).toString();
            if (!locators.containsKey(relative)) {
                locators.put(relative, Files.size(absolute) > MAX_TEXT ? null
                        : FieldLocator.of(Files.readString(absolute)));
            }
            return relative;
        } catch (InvalidPathException | IOException e) {
            return file;
        }
    }

    private static String string(Value value, String member) {
        Value v = value.getMember(member);
        return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    }

    private <T> T problem(SourceLocation at, String message) {
        problems.add(new RuleProblem(at, at.file().equals(file) ? message
                : message + " (in a rule that " + file + " exports)"));
        return null;
    }
}
