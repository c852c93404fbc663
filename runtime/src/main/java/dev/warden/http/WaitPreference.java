package dev.warden.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.javalin.http.Context;

import dev.warden.rules.Durations;

/**
 * How long a caller will wait for the answer: {@code ?wait=20s} (or {@code ?wait=20}, seconds) or the RFC 7240
 * header {@code Prefer: wait=20}; at most {@link #MAX}. Absent means answer at once (202).
 */
final class WaitPreference {

    static final Duration MAX = Duration.ofSeconds(60);
    // Only delta-seconds: RFC 7240 has a preference the server cannot read ignored, so "wait=20m" or "wait=1e9" is
    // no wait (202 at once), not the digits before the unit (20 s, 1 s).
    private static final Pattern PREFER = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*(\\d+)(?=$|[,;\\s])");

    private WaitPreference() {
    }

    /** Whether the request asks to wait at all (before {@link #of} checks how long). */
    static boolean asked(Context ctx) {
        return ctx.queryParam("wait") != null || ctx.header("Prefer") != null;
    }

    /** The wait, or null for none. */
    static Duration of(Context ctx) {
        String query = ctx.queryParam("wait");
        if (query != null) {
            // Waiting the first alone could answer 202 to a caller that reads only a 200's body (Confluence
            // Automation's "wait for response"). The /api/v1 routes check every parameter so already.
            Queries.requireOneValue(ctx, "wait", "give one");
        }
        Duration wait = null;
        if (query != null && !query.isBlank()) {
            String trimmed = query.trim();
            String text = trimmed.chars().allMatch(c -> c >= '0' && c <= '9') ? trimmed + "s" : trimmed;
            try {
                wait = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                if (!text.matches("\\d+\\s*(ms|s|m|h|d)")) {
                    throw ApiException.badRequest("wait: " + e.getMessage());
                }
                // A well-formed wait too long for any duration is capped like any wait over MAX, as Prefer's is.
                wait = MAX;
            }
        } else {
            String prefer = ctx.header("Prefer");
            Matcher m = prefer == null ? null : PREFER.matcher(prefer);
            if (m != null && m.find()) {
                // RFC 7240: a preference the server cannot honour in full is honoured as far as it can, so a wait
                // longer than MAX (however many digits) is MAX.
                String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
                wait = digits.length() > 6 ? MAX : Duration.ofSeconds(Long.parseLong(digits));
                ctx.header("Preference-Applied", "wait=" + Math.min(wait.toSeconds(), MAX.toSeconds()));
            }
        }
        return wait == null ? null : wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
