package dev.warden.simulator.internal.directory;

/** A user group; restrictions name groups by {@code name}, v1 also shows the {@code id}. */
public record Group(String id, String name) {}
