package dev.warden.simulator.internal.compliance;

import java.time.Instant;

/** The classification of one page: which level, who set it, when. */
public record Classification(String pageId, String levelId, String classifierId, Instant classifiedAt) {}
