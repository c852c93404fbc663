package dev.warden.simulator.internal.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A page with its whole version history, labels and restrictions. Mutable; used under the simulator's lock. */
public final class Page {
    private final String id;
    private final String spaceId;
    private final Instant createdAt;
    private final String authorId;
    private String parentId;
    private String ownerId;
    private String status = "current";
    private final List<PageVersion> versions = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private final Restriction read = new Restriction();
    private final Restriction update = new Restriction();

    public Page(String id, String spaceId, String parentId, String authorId, Instant createdAt) {
        this.id = id;
        this.spaceId = spaceId;
        this.parentId = parentId;
        this.authorId = authorId;
        this.ownerId = authorId;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public long numericId() {
        return Long.parseLong(id);
    }

    public String spaceId() {
        return spaceId;
    }

    public String parentId() {
        return parentId;
    }

    public void parentId(String newParentId) {
        parentId = newParentId;
    }

    public String authorId() {
        return authorId;
    }

    public String ownerId() {
        return ownerId;
    }

    public void ownerId(String newOwnerId) {
        ownerId = newOwnerId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String status() {
        return status;
    }

    public void status(String newStatus) {
        status = newStatus;
    }

    public boolean isCurrent() {
        return "current".equals(status);
    }

    public PageVersion current() {
        return versions.getLast();
    }

    public String title() {
        return current().title();
    }

    public Optional<PageVersion> version(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    public void addVersion(PageVersion version) {
        versions.add(version);
    }

    public List<Label> labels() {
        return labels;
    }

    public Restriction read() {
        return read;
    }

    public Restriction update() {
        return update;
    }

    public Restriction restriction(String operation) {
        return switch (operation) {
            case "read" -> read;
            case "update" -> update;
            default -> throw new IllegalArgumentException("unknown operation " + operation);
        };
    }
}
