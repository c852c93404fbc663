package dev.warden.simulator.internal.audit;

import java.time.Instant;

/** The notice Confluence emails a content owner when their content is viewed or edited through an admin key. */
public record OwnerEmail(String to, String subject, String pageId, Instant sentAt) {}
