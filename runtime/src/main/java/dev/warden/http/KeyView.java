package dev.warden.http;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.warden.keys.ApiKey;
import dev.warden.keys.Scope;

/** How a key appears in the API: everything but its secret, with its status (active, expired, revoked). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(String id, String name, String prefix, String status, List<String> scopes, List<String> rules,
                      List<String> hooks, Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt,
                      Instant lastUsedAt) {

    public static KeyView of(ApiKey key, Instant now) {
        return new KeyView(key.id(), key.name(), key.shownPrefix(), key.status(now),
                key.scopes().stream().map(Scope::id).sorted().toList(), key.rules(), key.hooks(), key.createdAt(),
                key.createdBy(), key.expiresAt(), key.revokedAt(), key.lastUsedAt());
    }
}
