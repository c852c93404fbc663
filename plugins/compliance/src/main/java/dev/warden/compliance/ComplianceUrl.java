package dev.warden.compliance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.warden.plugin.PluginSettings;

/** The {@code compliance.url} setting: an http(s) URL with a host, checked when the plugin starts. */
final class ComplianceUrl {

    static final String DEFAULT = "https://ac-cloud.com/compliance/api";
    static final String SETTING = "compliance.url (WARDEN_COMPLIANCE_URL)";

    private ComplianceUrl() {
    }

    /**
     * The base URL without trailing slashes.
     *
     * @throws IllegalArgumentException naming the setting when the value is not an http(s) URL with a host
     */
    static String of(PluginSettings settings) {
        String raw = settings.get("url", DEFAULT).trim();
        String base = raw.replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw invalid(raw, "it is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw invalid(raw, "it has no scheme");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(raw, "its scheme is " + scheme + ", not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid(raw, "it has no valid host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(raw, "it has a query or fragment");
        }
        return base;
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException(SETTING + " is '" + raw + "', which Warden cannot use: " + why
                + ". Set it to the Compliance for Confluence API's base URL, e.g. " + DEFAULT);
    }
}
