package dev.warden.simulator.internal.compliance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Levels, page classifications, detections and API keys. Used under the simulator's lock. */
public final class ComplianceStore {
    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final Map<String, Classification> classifications = new LinkedHashMap<>();
    private final Map<String, Detection> detections = new LinkedHashMap<>();
    private final List<ComplianceKey> keys = new ArrayList<>();

    public void addLevel(Level level) {
        levels.put(level.id(), level);
    }

    public Collection<Level> levels() {
        return levels.values();
    }

    public Optional<Level> level(String id) {
        return Optional.ofNullable(levels.get(id));
    }

    public Optional<Level> levelByName(String name) {
        return levels.values().stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
    }

    public void classify(Classification classification) {
        classifications.put(classification.pageId(), classification);
    }

    public Optional<Classification> classification(String pageId) {
        return Optional.ofNullable(classifications.get(pageId));
    }

    public void putDetection(Detection detection) {
        detections.put(detection.id(), detection);
    }

    public Collection<Detection> detections() {
        return detections.values();
    }

    public Optional<Detection> detection(String id) {
        return Optional.ofNullable(detections.get(id));
    }

    public void addKey(ComplianceKey key) {
        keys.add(key);
    }

    public List<ComplianceKey> keys() {
        return List.copyOf(keys);
    }

    /** The key with this secret, compared in constant time. */
    public Optional<ComplianceKey> key(String secret) {
        return keys.stream()
                .filter(k -> MessageDigest.isEqual(k.key().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8)))
                .findFirst();
    }
}
