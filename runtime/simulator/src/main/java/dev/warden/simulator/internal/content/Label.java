package dev.warden.simulator.internal.content;

/** A page label; {@code prefix} is {@code global} for labels users add. */
public record Label(String id, String name, String prefix) {}
