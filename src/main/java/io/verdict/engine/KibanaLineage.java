package io.verdict.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a Kibana alert document comes from: its id, its ancestors and depth, its sequence group, and the source it
 * is built from. Kibana derives an alert's id from its parents (the event's index and id, or for a sequence the
 * ancestors of every building block), so the same rule and events give the same id on every run, and two alerts
 * of one sequence never share one.
 *
 * <ul>
 *   <li>an alert of one event: the event's ancestors (those it holds when it is itself an alert) and the event,
 *       depth one more than the event's;</li>
 *   <li>a building block: the same, built from its own matched event, with an id that depends on every block of
 *       the sequence and its place in it;</li>
 *   <li>the sequence alert: built from the fields all matched events share, its ancestors each block's ancestors
 *       followed by the block itself as a {@code signal}, depth one more than the deepest block; its id is the
 *       group id.</li>
 * </ul>
 *
 * @param source       the event whose fields the document carries
 * @param uuid         {@code kibana.alert.uuid}
 * @param depth        {@code kibana.alert.depth}
 * @param ancestors    {@code kibana.alert.ancestors}, oldest first
 * @param groupId      {@code kibana.alert.group.id}, null outside a sequence
 * @param groupIndex   {@code kibana.alert.group.index}: a building block's place, else null
 * @param originalTime {@code kibana.alert.original_time} when it is not the alert's timestamp, else null
 * @param reason       {@code kibana.alert.reason} when it is not the alert's, else null
 */
public record KibanaLineage(
        Event source,
        String uuid,
        int depth,
        List<Ancestor> ancestors,
        String groupId,
        Integer groupIndex,
        String originalTime,
        String reason) {

    /** The space Verdict's alerts are written for, part of an alert's id as in Kibana. */
    static final String SPACE = "default";
    /** Kibana hashes the event's version into an alert's id; Verdict's events are all first versions. */
    static final String VERSION = "1";

    public KibanaLineage {
        ancestors = List.copyOf(ancestors);
    }

    /**
     * An entry of {@code kibana.alert.ancestors}.
     *
     * @param type  {@code event} for a source event, {@code signal} for an alert
     * @param depth 0 for an event, the alert's depth for an alert
     * @param rule  the Kibana id of the rule that made the alert; null for an event
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ancestor(String id, String type, String index, int depth, String rule) {}

    /** The lineage of an alert of the rule with Kibana id {@code ruleUuid}; {@code now} is the alert's time. */
    public static KibanaLineage of(Alert alert, String ruleUuid, Instant now) {
        SequenceInfo sequence = alert.sequence();
        if (sequence == null || sequence.matched() == null || sequence.matched().isEmpty()) {
            return single(alert.source(), ruleUuid);
        }
        return inGroup(alert, sequence.matched(), sequence.index(), ruleUuid, now);
    }

    /** The ancestors an alert on {@code event} would have: the event's own, then the event. */
    public static List<Ancestor> ancestorsOf(Event event) {
        List<Ancestor> ancestors = new ArrayList<>(existing(event));
        ancestors.add(parent(event));
        return ancestors;
    }

    private static KibanaLineage single(Event event, String ruleUuid) {
        String index = index(event);
        String uuid = KibanaAlerts.sha256(index + id(event) + VERSION + SPACE + ":" + ruleUuid);
        return new KibanaLineage(
                sourceOf(event), uuid, parent(event).depth() + 1, ancestorsOf(event), null, null, null, null);
    }

    private static KibanaLineage inGroup(
            Alert alert, List<Event> matched, Integer place, String ruleUuid, Instant now) {
        List<List<Ancestor>> blockAncestors =
                matched.stream().map(KibanaLineage::ancestorsOf).toList();
        StringBuilder base = new StringBuilder();
        for (List<Ancestor> ancestors : blockAncestors) {
            ancestors.forEach(a -> base.append(a.id()).append(a.index()));
            base.append(ruleUuid);
        }
        List<Ancestor> shellAncestors = new ArrayList<>();
        int deepest = 0;
        for (int i = 0; i < matched.size(); i++) {
            int depth = parent(matched.get(i)).depth() + 1;
            deepest = Math.max(deepest, depth);
            shellAncestors.addAll(blockAncestors.get(i));
            // a block is indexed with the sequence alert, so Kibana names no index for it
            shellAncestors.add(new Ancestor(KibanaAlerts.sha256(base.toString() + i), "signal", "", depth, ruleUuid));
        }
        StringBuilder shellKey = new StringBuilder();
        shellAncestors.forEach(a -> shellKey.append(a.id()).append(a.index()));
        String groupId = KibanaAlerts.sha256(shellKey.append(ruleUuid).toString());
        if (place != null) {
            Event own = matched.get(place);
            return new KibanaLineage(
                    sourceOf(own),
                    KibanaAlerts.sha256(base.toString() + place),
                    parent(own).depth() + 1,
                    blockAncestors.get(place),
                    groupId,
                    place,
                    null,
                    null);
        }
        Event shared = Event.of(
                SharedFields.of(matched.stream().map(KibanaLineage::sourceOf).toList()));
        // Kibana takes the sequence alert's original time from its first parent, the first building block, whose
        // own @timestamp is the time the alerts were made
        return new KibanaLineage(
                shared,
                groupId,
                deepest + 1,
                shellAncestors,
                groupId,
                null,
                now.toString(),
                ReasonSentence.of(shared, alert.severity(), alert.rule().name()));
    }

    /** What {@code event} is as a parent: an alert document counts as a {@code signal} at its own depth. */
    private static Ancestor parent(Event event) {
        String index = index(event);
        String id = id(event);
        if (!isAlert(event)) {
            return new Ancestor(id, "event", index, 0, null);
        }
        JsonNode depth = Envelopes.find(event.root(), "kibana.alert.depth");
        JsonNode rule = Envelopes.find(event.root(), "kibana.alert.rule.uuid");
        return new Ancestor(
                id,
                "signal",
                index,
                depth != null && depth.isIntegralNumber() ? depth.asInt() : 1,
                rule != null && rule.isString() ? rule.stringValue() : null);
    }

    /** The ancestors an alert document already lists; none for an event. */
    private static List<Ancestor> existing(Event event) {
        if (!isAlert(event)) {
            return List.of();
        }
        JsonNode ancestors = Envelopes.find(event.root(), "kibana.alert.ancestors");
        if (ancestors == null || !ancestors.isArray()) {
            return List.of();
        }
        List<Ancestor> out = new ArrayList<>(ancestors.size());
        for (JsonNode a : ancestors) {
            if (a.isObject()) {
                out.add(new Ancestor(
                        text(a, "id"),
                        text(a, "type"),
                        text(a, "index"),
                        a.path("depth").asInt(0),
                        a.hasNonNull("rule") ? text(a, "rule") : null));
            }
        }
        return out;
    }

    /** Whether the event is a Kibana alert document evaluated as it is (see {@link Envelopes#isKibanaAlert}). */
    private static boolean isAlert(Event event) {
        return Envelopes.isKibanaAlert(event);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? "" : value.asString();
    }

    /** The index Kibana read the event from: the client's {@code _index} as sent, else its data stream's name. */
    static String index(Event event) {
        String raw = EventIndex.rawIndex(event);
        String index = raw != null ? raw : EventIndex.dataStream(event);
        return index == null ? "" : index;
    }

    /** The client's {@code _id}, or a hash of the event's content, so the same event gives the same alert id. */
    static String id(Event event) {
        JsonNode id = event.root().get("_id");
        return id != null && id.isString()
                ? id.stringValue()
                : KibanaAlerts.sha256(event.root().toString()).substring(0, 20);
    }

    /**
     * The Kibana ids of the rules that made an alert document or any of its ancestors: an alert of one of them on
     * it would loop back to the rule that made it, which Kibana drops. Empty for an event.
     */
    public static Set<String> rulesAmongAncestors(Event event) {
        if (!isAlert(event)) {
            return Set.of();
        }
        Set<String> rules = new HashSet<>();
        for (Ancestor ancestor : ancestorsOf(event)) {
            if (ancestor.rule() != null) {
                rules.add(ancestor.rule());
            }
        }
        return rules;
    }

    /**
     * The fields of an event a document carries: an alert document's own alert fields are not its source's (Kibana
     * drops the top-level {@code kibana}, {@code signal} and {@code threshold_result} of what it alerts on).
     */
    private static Event sourceOf(Event event) {
        if (!isAlert(event)) {
            return event;
        }
        ObjectNode source = (ObjectNode) event.root().deepCopy();
        List<String> alertFields = source.propertyNames().stream()
                .filter(KibanaLineage::isAlertField)
                .toList();
        source.remove(alertFields);
        return Event.of(source);
    }

    private static boolean isAlertField(String key) {
        String top = key.indexOf('.') < 0 ? key : key.substring(0, key.indexOf('.'));
        return top.equals("kibana") || top.equals("signal") || top.equals("threshold_result");
    }
}
