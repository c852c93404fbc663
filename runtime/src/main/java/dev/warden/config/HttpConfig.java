package dev.warden.config;

/** The HTTP server. {@code port} 0 picks a free port (tests). */
public record HttpConfig(String host, int port) {
}
