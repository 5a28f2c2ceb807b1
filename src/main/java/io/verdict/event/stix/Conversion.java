package io.verdict.event.stix;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a bundle converted to: the ECS indicator documents (one per observable an indicator names), the indicator
 * objects not converted and why, how many STIX objects the bundle held, and the objects of other types it held
 * (identity, malware, relationship …), counted by type, in the order first seen.
 */
public record Conversion(
        List<ObjectNode> indicators, List<Rejected> rejected, int objects, Map<String, Integer> skippedTypes) {

    public Conversion {
        indicators = List.copyOf(indicators);
        rejected = List.copyOf(rejected);
        skippedTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skippedTypes));
    }
}
