package dev.warden.simulator.internal.content;

import java.time.Instant;

/** One saved version of a page: title and storage-format body as they were then. */
public record PageVersion(
        int number, String title, String body, Instant createdAt, String message, boolean minorEdit,
        String authorId) {}
