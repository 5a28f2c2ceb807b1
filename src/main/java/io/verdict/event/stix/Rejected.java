package io.verdict.event.stix;

/**
 * An indicator object that was not converted: its index among the bundle's objects (0-based), its STIX id (null
 * when it has none) and why.
 */
public record Rejected(int index, String id, String reason) {}
