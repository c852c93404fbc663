package dev.warden.config;

/**
 * The Confluence Cloud site rules talk to, and the account they talk as. The token comes only from the environment
 * or a file and is never printed.
 *
 * @param url the site URL such as {@code https://acme.atlassian.net}, or null when no site is configured
 * @param scoped whether the token is a scoped API token, which works only through
 *               {@code {gatewayUrl}/ex/confluence/{cloudId}}
 * @param gatewayUrl where scoped tokens go, {@code https://api.atlassian.com} unless testing
 * @param cloudId the site's cloud id, or null to look it up from {@code {url}/_edge/tenant_info}
 */
public record ConfluenceConfig(String url, String email, Secret token, boolean scoped, String gatewayUrl,
                               String cloudId) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
