package dev.warden.simulator.internal.control;

import dev.warden.simulator.internal.auth.BasicCredentials;
import java.util.Locale;
import java.util.Set;

/**
 * Hides secrets before a header reaches the request log; Basic auth keeps its email so a test can see who called.
 */
final class HeaderMasking {
    static final String MASK = "****";
    private static final Set<String> SECRET = Set.of(
            "x-api-key", "cookie", "proxy-authorization", "x-automation-webhook-token");

    private HeaderMasking() {}

    static String mask(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("authorization")) {
            return maskAuthorization(value);
        }
        return SECRET.contains(lower) ? MASK : value;
    }

    private static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            return MASK;
        }
        String scheme = value.substring(0, space);
        return BasicCredentials.parse(value)
                .map(credentials -> scheme + " " + credentials.email() + ":" + MASK)
                .orElse(scheme + " " + MASK);
    }
}
