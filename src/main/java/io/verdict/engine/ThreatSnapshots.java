package io.verdict.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators of a {@link StateStore} in its snapshot: one entry of kind {@value #KIND} ahead of the rules'
 * trackers, holding every indicator once with the rules using it and the fingerprints of those rules' definitions,
 * so that a restore gives each indicator back to the rules still loaded in the same definition.
 */
final class ThreatSnapshots {

    static final String KIND = "indicators";

    private ThreatSnapshots() {}

    static Map<String, Object> indicators(StateStore store) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fingerprints", store.threatFingerprints());
        data.put("indicators", store.indicators().snapshot());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("rule_id", "");
        entry.put("fingerprint", "");
        entry.put("kind", KIND);
        entry.put("data", data);
        return entry;
    }

    @SuppressWarnings("unchecked")
    static int restore(StateStore store, Map<String, Object> data, Detector detector) {
        Map<String, Object> fingerprints = (Map<String, Object>) data.getOrDefault("fingerprints", Map.of());
        List<Map<String, Object>> indicators = (List<Map<String, Object>>) data.getOrDefault("indicators", List.of());
        return store.indicators().restore(indicators, ruleId -> {
            CompiledRule compiled = detector.find(ruleId).orElse(null);
            if (compiled == null
                    || compiled.threat() == null
                    || !StateStore.fingerprint(compiled.rule()).equals(fingerprints.get(ruleId))) {
                return null;
            }
            return store.threat(compiled.rule(), compiled.threat());
        });
    }
}
