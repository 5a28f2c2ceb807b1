package io.verdict.engine.threat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Kibana's {@code threat.enrichments} of an indicator match alert: one per matching indicator and event field
 * (an entry of a matching group that is not negated), each once, in match order: the indicator object at the rule's
 * {@code threat_indicator_path} (the first when it is an array), the feed's name when the indicator has one, and
 * what matched ({@code atomic}, {@code field}, {@code id}, {@code index}, {@code type: indicator_match_rule}).
 */
public final class Enrichments {

    /** The {@code matched.type} of an enrichment by an indicator match rule. */
    public static final String INDICATOR_MATCH_RULE = "indicator_match_rule";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Enrichments() {}

    public static List<Map<String, Object>> of(ThreatRule rule, List<ThreatTracker.Match> matches) {
        List<Map<String, Object>> out = new ArrayList<>(matches.size());
        Set<String> seen = new HashSet<>();
        String path = rule.indicatorPath().name();
        for (ThreatTracker.Match match : matches) {
            Indicator indicator = match.indicator();
            List<MappingEntry> entries = match.group().entries();
            for (int e = 0; e < entries.size(); e++) {
                MappingEntry entry = entries.get(e);
                String atomic = match.atomics()[e];
                if (entry.negate()
                        || !seen.add(indicator.id + '\n' + entry.event().name() + '\n' + atomic)) {
                    continue;
                }
                Map<String, Object> matched = new LinkedHashMap<>();
                matched.put("atomic", atomic);
                matched.put("field", entry.event().name());
                matched.put("id", indicator.id);
                matched.put("index", indicator.index);
                matched.put("type", INDICATOR_MATCH_RULE);
                Map<String, Object> feed = new LinkedHashMap<>();
                if (indicator.feedName != null) {
                    feed.put("name", indicator.feedName);
                }
                Map<String, Object> enrichment = new LinkedHashMap<>();
                enrichment.put("indicator", object(indicator.object(path)));
                enrichment.put("feed", feed);
                enrichment.put("matched", matched);
                out.add(enrichment);
            }
        }
        return out;
    }

    private static JsonNode object(String json) {
        return json == null ? JsonNodeFactory.instance.objectNode() : JSON.readTree(json);
    }
}
