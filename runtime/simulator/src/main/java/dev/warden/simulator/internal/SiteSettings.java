package dev.warden.simulator.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The site's identity, plan and IP allow-list; mutable through {@code /__sim/site} and {@code /__sim/ip-allowlist}. */
public final class SiteSettings {
    private final String name;
    private final String cloudId;
    private Plan plan;
    private boolean ipAllowListEnabled;
    private final Set<String> allowedAddresses = new LinkedHashSet<>();

    public SiteSettings(String name, String cloudId, Plan plan) {
        this.name = name;
        this.cloudId = cloudId;
        this.plan = plan;
    }

    public String name() {
        return name;
    }

    public String cloudId() {
        return cloudId;
    }

    public Plan plan() {
        return plan;
    }

    public void plan(Plan newPlan) {
        plan = newPlan;
    }

    public boolean ipAllowListEnabled() {
        return ipAllowListEnabled;
    }

    public Set<String> allowedAddresses() {
        return Set.copyOf(allowedAddresses);
    }

    public void ipAllowList(boolean enabled, Set<String> addresses) {
        ipAllowListEnabled = enabled;
        allowedAddresses.clear();
        allowedAddresses.addAll(addresses);
    }

    /** Whether the allow-list lets {@code address} through. */
    public boolean admits(String address) {
        return !ipAllowListEnabled || allowedAddresses.contains(address);
    }

    /** Confluence Cloud plans; admin keys exist only on Premium and Enterprise. */
    public enum Plan {
        FREE, STANDARD, PREMIUM, ENTERPRISE;

        public boolean hasAdminKey() {
            return this == PREMIUM || this == ENTERPRISE;
        }

        public static Plan parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
