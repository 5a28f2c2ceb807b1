package io.verdict.engine.threat;

import java.util.List;

/**
 * One {@code threat_mapping} element: an event and an indicator match through it when all its entries hold. The
 * groups of a rule are alternatives. A group is looked up by its first entry that is not negated, its key.
 */
public record MappingGroup(List<MappingEntry> entries, MappingEntry key) {

    public MappingGroup {
        entries = List.copyOf(entries);
        if (key == null || key.negate() || !entries.contains(key)) {
            throw new IllegalArgumentException("a mapping group needs an entry that is not negated");
        }
    }

    /** The group of these entries, keyed by the first that is not negated; null when every entry is negated. */
    public static MappingGroup of(List<MappingEntry> entries) {
        return entries.stream()
                .filter(e -> !e.negate())
                .findFirst()
                .map(key -> new MappingGroup(entries, key))
                .orElse(null);
    }
}
