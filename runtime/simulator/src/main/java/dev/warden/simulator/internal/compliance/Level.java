package dev.warden.simulator.internal.compliance;

/** A classification level such as Public or Confidential; {@code rank} orders them from least to most sensitive. */
public record Level(String id, String name, String description, String color, int rank) {}
