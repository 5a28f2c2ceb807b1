package io.verdict.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events that arrive wrapped in what Elasticsearch or Kibana wrote around them, unwrapped to the event a rule
 * reads: an Elasticsearch hit ({@code _index}, {@code _id}, {@code _source}) becomes its {@code _source} with the
 * hit's {@code _index} and {@code _id}; a search answer ({@code hits.hits}) its one hit; a Kibana detection-alert
 * document its original event ({@code kibana.alert.original_event} as {@code event}, the original time as
 * {@code @timestamp}, the first ancestor's index and id, without the {@code kibana.*} and {@code signal.*}
 * fields). Pasting what a search or the alerts index returned is the commonest way to hand over an event, and
 * read as it is such a document matches nothing without a word. A Kibana alert document stays at hand beside its
 * original event ({@link Event#alertDocument()}): rules that search the alerts index read the alert as it is,
 * as Kibana's rules on alerts do, and all others read the original event.
 *
 * <p>A plain event costs a few lookups of {@link #MARKERS}, which the service keeps in the fields events are
 * parsed with; only a document that has them is read as a tree.
 */
public final class Envelopes {

    public static final String ELASTICSEARCH_HIT = "elasticsearch_hit";
    public static final String SEARCH_RESPONSE = "elasticsearch_search_response";
    public static final String KIBANA_ALERT = "kibana_alert";

    /** The fields that tell a wrapped document from an event: parse events with these kept. */
    public static final List<String> MARKERS = List.of(
            "_index", "_id", "hits.hits._index", "kibana.alert.uuid", "kibana.alert.ancestors.id", "event.kind");

    /** Where Kibana writes the alerts of the default space, and where 7.x wrote its signals. */
    public static final String ALERTS_INDEX = ".alerts-security.alerts-default";

    private static final String LEGACY_SIGNALS_INDEX = ".siem-signals-default";

    private static final FieldPath INDEX = FieldPath.of("_index");
    private static final FieldPath ID = FieldPath.of("_id");
    private static final FieldPath HIT_INDEX = FieldPath.of("hits.hits._index");
    private static final FieldPath ALERT_UUID = FieldPath.of("kibana.alert.uuid");
    private static final FieldPath ANCESTOR_ID = FieldPath.of("kibana.alert.ancestors.id");
    private static final FieldPath KIND = FieldPath.of("event.kind");
    /** Where Kibana keeps the alerted event's own fields: 8.x alert documents, then 7.x signals. */
    private static final List<String> ALERT_PREFIXES = List.of("kibana.alert", "signal");

    private Envelopes() {}

    /** A search answer that does not hold exactly one hit, where one event is expected. */
    public static final class NotOneHit extends IllegalArgumentException {
        public NotOneHit(int hits) {
            super("The body is an Elasticsearch search answer with " + hits + " hit" + (hits == 1 ? "" : "s")
                    + ": post one hit, or its hits.hits array to /api/v1/evaluate/_batch.");
        }
    }

    /**
     * The event a document stands for: the document itself when it is a plain event, else the event it wraps
     * ({@link Event#envelope()} names what was taken off). {@link NotOneHit} for a search answer whose hits are
     * not exactly one.
     */
    public static Event unwrap(Event event) {
        if (event.has(HIT_INDEX)) {
            JsonNode hits = event.root().path("hits").path("hits");
            if (!hits.isArray() || hits.size() != 1) {
                throw new NotOneHit(hits.size());
            }
            JsonNode only = hits.get(0);
            Event hit = only.isObject() ? hit(only, List.of(SEARCH_RESPONSE, ELASTICSEARCH_HIT)) : null;
            if (hit == null) {
                throw new NotOneHit(0);
            }
            return hit;
        }
        if (isKibanaAlert(event)) {
            Event original = original((ObjectNode) event.root(), List.of(KIBANA_ALERT));
            if (original != null) {
                return original;
            }
        }
        if (event.has(INDEX) && event.has(ID)) {
            Event hit = hit(event.root(), List.of(ELASTICSEARCH_HIT));
            if (hit != null) {
                return hit;
            }
        }
        return event;
    }

    /** Whether the event is a Kibana alert document (or a 7.x signal): it names an alert id, ancestors or kind signal. */
    public static boolean isKibanaAlert(Event event) {
        if (event.has(ALERT_UUID) || event.has(ANCESTOR_ID)) {
            return true;
        }
        JsonNode kind = event.firstValue(KIND);
        return kind != null && kind.isString() && kind.stringValue().equals("signal");
    }

    /** The {@code _source} of a hit as an event with the hit's index and id, or null when it has no source. */
    private static Event hit(JsonNode hit, List<String> taken) {
        JsonNode source = hit.get("_source");
        if (source == null || !source.isObject()) {
            return null;
        }
        ObjectNode event = (ObjectNode) source.deepCopy();
        copyString(hit, "_index", event);
        copyString(hit, "_id", event);
        Event inner = Event.of(event);
        if (isKibanaAlert(inner)) {
            List<String> deeper = new ArrayList<>(taken);
            deeper.add(KIBANA_ALERT);
            Event original = original(event, deeper);
            if (original != null) {
                return original;
            }
        }
        return Event.wrapped(event, taken);
    }

    /** The original event of a Kibana alert document, or null when it keeps none. */
    private static Event original(ObjectNode alert, List<String> taken) {
        for (String prefix : ALERT_PREFIXES) {
            ObjectNode originalEvent = originalEvent(alert, prefix + ".original_event");
            if (!originalEvent.isEmpty()) {
                return original(alert, prefix, originalEvent, taken);
            }
        }
        return null;
    }

    /** The fields of {@code name}, written as one object, as dotted keys, or both. */
    private static ObjectNode originalEvent(ObjectNode alert, String name) {
        ObjectNode originalEvent = alert.objectNode();
        JsonNode nested = find(alert, name);
        if (nested != null && nested.isObject()) {
            originalEvent.setAll((ObjectNode) nested.deepCopy());
        }
        for (Map.Entry<String, JsonNode> e : alert.properties()) {
            if (e.getKey().startsWith(name + ".")) {
                originalEvent.set(
                        e.getKey().substring(name.length() + 1), e.getValue().deepCopy());
            }
        }
        return originalEvent;
    }

    private static Event original(ObjectNode alert, String prefix, ObjectNode originalEvent, List<String> taken) {
        ObjectNode event = alert.objectNode();
        for (Map.Entry<String, JsonNode> e : alert.properties()) {
            String key = e.getKey();
            if (!isAlertField(key)) {
                event.set(key, e.getValue().deepCopy());
            }
        }
        event.set("event", originalEvent);
        JsonNode time = find(alert, prefix + ".original_time");
        if (time != null && time.isString()) {
            event.set("@timestamp", time);
        }
        JsonNode ancestors = find(alert, prefix + ".ancestors");
        JsonNode origin = ancestors != null && ancestors.isArray() && !ancestors.isEmpty() ? ancestors.get(0) : null;
        if (origin != null && origin.isObject()) {
            copyString(origin, "index", "_index", event);
            copyString(origin, "id", "_id", event);
        }
        return Event.unwrappedAlert(event, taken, alertDocument(alert, prefix));
    }

    /**
     * The alert document as the event a rule searching the alerts index reads: with the index and id it was
     * given, else the space's alerts index and its alert id, which is where Kibana would have read it from.
     */
    private static Event alertDocument(ObjectNode alert, String prefix) {
        ObjectNode document = alert.deepCopy();
        JsonNode index = document.get("_index");
        if (index == null || !index.isString() || index.stringValue().isEmpty()) {
            document.put("_index", prefix.equals("signal") ? LEGACY_SIGNALS_INDEX : ALERTS_INDEX);
        }
        JsonNode id = document.get("_id");
        JsonNode uuid = find(alert, prefix.equals("signal") ? "signal.id" : "kibana.alert.uuid");
        if ((id == null || !id.isString()) && uuid != null && uuid.isString()) {
            document.set("_id", uuid);
        }
        return Event.of(document);
    }

    /** A field Kibana adds to the event it alerts on, or the event's own {@code event.*} it moved aside. */
    private static boolean isAlertField(String key) {
        return key.equals("kibana")
                || key.startsWith("kibana.")
                || key.equals("signal")
                || key.startsWith("signal.")
                || key.equals("event")
                || key.startsWith("event.")
                || key.equals("_index")
                || key.equals("_id");
    }

    /** The node at a dotted name written with dotted keys, nested objects or a mix; null when absent. */
    public static JsonNode find(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode direct = node.get(name);
        if (direct != null) {
            return direct;
        }
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            JsonNode found = find(node.get(name.substring(0, dot)), name.substring(dot + 1));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void copyString(JsonNode from, String key, ObjectNode to) {
        copyString(from, key, key, to);
    }

    private static void copyString(JsonNode from, String key, String as, ObjectNode to) {
        JsonNode value = from.get(key);
        if (value != null && value.isString()) {
            to.set(as, value);
        }
    }
}
