package dev.warden.simulator;

import java.util.List;

/**
 * A user of the simulated site with the secrets a test needs to act as them.
 *
 * @param email the login email, the user half of Basic auth
 * @param accountId the Atlassian account id
 * @param displayName the name shown in Confluence
 * @param role what the user may do, see {@link Role}
 * @param token the classic API token (for {@link Role#REVOKED} users, the revoked one)
 * @param complianceKeys the Compliance for Confluence API keys this user created
 * @param scopedTokens scoped API tokens, usable only through {@code /ex/confluence/{cloudId}/wiki/...}
 */
public record SeededUser(
        String email,
        String accountId,
        String displayName,
        Role role,
        String token,
        List<ComplianceKey> complianceKeys,
        List<ScopedToken> scopedTokens) {

    public SeededUser {
        complianceKeys = List.copyOf(complianceKeys);
        scopedTokens = List.copyOf(scopedTokens);
    }

    /** The kinds of user the failure matrix of the API facts page needs. */
    public enum Role {
        ORG_ADMIN("org-admin"),
        USER("user"),
        NO_PRODUCT_ACCESS("no-product-access"),
        REVOKED("revoked");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        /** The name used in fixtures and in {@code GET /__sim/users}. */
        public String wireName() {
            return wireName;
        }

        public static Role fromWireName(String name) {
            for (Role role : values()) {
                if (role.wireName.equals(name)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role " + name);
        }
    }

    /**
     * A Compliance for Confluence API key as shown once at creation.
     *
     * @param scopes granted scopes in the vendor's notation, e.g. {@code classification::write}
     */
    public record ComplianceKey(String name, String key, List<String> scopes) {
        public ComplianceKey {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * A scoped API token and its granular scopes, e.g. {@code read:page:confluence}.
     */
    public record ScopedToken(String name, String token, List<String> scopes) {
        public ScopedToken {
            scopes = List.copyOf(scopes);
        }
    }
}
