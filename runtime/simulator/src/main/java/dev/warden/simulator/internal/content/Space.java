package dev.warden.simulator.internal.content;

import java.time.Instant;

/** A space; every user with product access may see every space (the simulator has no space permissions). */
public record Space(
        String id, String key, String name, String description, String type, String authorId, Instant createdAt,
        String homepageId) {

    public Space withHomepage(String pageId) {
        return new Space(id, key, name, description, type, authorId, createdAt, pageId);
    }
}
