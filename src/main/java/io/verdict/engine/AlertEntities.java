package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.rule.MitreRef;
import io.verdict.rule.Technique;
import io.verdict.rule.Threat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a playbook keys its actions on, read without parsing sentences: the entity fields of the alerted event, the
 * ATT&CK ids of the rule as flat lists (the alert's stable id is {@link AlertId}).
 */
final class AlertEntities {

    /** The entity fields a response acts on (isolate the host, disable the user, block the address ...). */
    static final List<FieldPath> FIELDS = List.of(
            FieldPath.of("host.name"),
            FieldPath.of("host.id"),
            FieldPath.of("user.name"),
            FieldPath.of("user.id"),
            FieldPath.of("source.ip"),
            FieldPath.of("destination.ip"),
            FieldPath.of("process.entity_id"),
            FieldPath.of("process.name"),
            FieldPath.of("file.path"));

    private AlertEntities() {}

    /** The entity fields the event has, each with its first value, in {@link #FIELDS} order. */
    static Map<String, JsonNode> of(Event event) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (FieldPath field : FIELDS) {
            JsonNode value = event.firstValue(field);
            if (value != null) {
                out.put(field.name(), value);
            }
        }
        return out;
    }

    /** The tactic ids of a rule's threat entries, in order, once each. */
    static List<String> tactics(List<Threat> threat) {
        Set<String> ids = new LinkedHashSet<>();
        for (Threat entry : threat) {
            if (entry.tactic() != null && entry.tactic().id() != null) {
                ids.add(entry.tactic().id());
            }
        }
        return List.copyOf(ids);
    }

    /** The technique and subtechnique ids of a rule's threat entries, each technique before its subtechniques. */
    static List<String> techniques(List<Threat> threat) {
        Set<String> ids = new LinkedHashSet<>();
        for (Threat entry : threat) {
            for (Technique technique : entry.technique()) {
                if (technique.id() != null) {
                    ids.add(technique.id());
                }
                for (MitreRef sub : technique.subtechnique()) {
                    if (sub.id() != null) {
                        ids.add(sub.id());
                    }
                }
            }
        }
        return List.copyOf(ids);
    }
}
