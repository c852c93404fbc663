package dev.warden.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One audited event: who ({@code actor}, e.g. {@code key:Ab12Cd34 (ci)}), did what ({@code action}, e.g.
 * {@code key.create}) to what ({@code target}), from where. Never holds a secret. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String id, Instant at, String actor, String action, String target, String detail,
                         String address) {
}
