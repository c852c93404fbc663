package dev.warden.config;

/**
 * The run store. The password comes only from the environment or a file and is never printed.
 *
 * @param url a JDBC URL; H2 file database under the data folder by default
 */
public record DatabaseConfig(String url, String user, Secret password) {
}
