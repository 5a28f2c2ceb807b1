package io.verdict.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldValues;
import io.verdict.query.Wildcards;
import io.verdict.rule.ExceptionEntry;
import io.verdict.rule.ExceptionItem;
import tools.jackson.databind.JsonNode;

/**
 * Kibana's exception items compiled into one matcher, with the semantics of Kibana's {@code build_exception_filter}
 * (kbn-securitysolution-list-utils): the items are OR-ed, the entries of an item AND-ed; {@code match} is a
 * {@code match_phrase} and {@code match_any} one per value, both exact and case-sensitive on keyword fields;
 * {@code wildcard} is Elasticsearch's {@code wildcard} query ({@code *}, {@code ?}, {@code \} escapes), also
 * case-sensitive; {@code exists} needs a non-null value; {@code excluded} negates the entry, so an excluded entry
 * holds when the field is absent; {@code nested} needs one object of the array at {@code field} to satisfy all
 * its inner entries; {@code os_types} adds "{@code host.os.type} or {@code host.os.name.caseless} is one of them";
 * an item past its {@code expire_time} no longer suppresses.
 * The rule's matcher is AND-NOT-ed with this one at compile time. Immutable and thread-safe.
 */
public final class ExceptionMatcher {

    private ExceptionMatcher() {
    }

    /** Matches an event any item suppresses; {@link EventMatcher#ALL} is never returned. */
    public static EventMatcher compile(List<ExceptionItem> items) {
        List<EventMatcher> compiled = items.stream().map(ExceptionMatcher::item).toList();
        return event -> {
            for (EventMatcher item : compiled) {
                if (item.matches(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** One item, for telling which item suppresses an alert. */
    public static EventMatcher item(ExceptionItem item) {
        EventMatcher unexpired = unexpired(item);
        if (unexpired != null) {
            return unexpired;
        }
        EventMatcher entries = all(item.entries(), "");
        if (item.osTypes().isEmpty()) {
            return entries;
        }
        Set<String> os = Set.copyOf(item.osTypes());
        FieldPath type = FieldPath.of("host.os.type");
        FieldPath caseless = FieldPath.of("host.os.name.caseless");
        return event -> (event.anyValue(type, v -> os.contains(FieldValues.asString(v)))
                || event.anyValue(caseless, v -> os.contains(FieldValues.asString(v)))) && entries.matches(event);
    }

    /** An item with an {@code expire_time} stops suppressing at that moment (read from the clock per event). */
    private static EventMatcher unexpired(ExceptionItem item) {
        if (item.expireTime() == null) {
            return null;
        }
        long expires = item.expireTime().toEpochMilli();
        EventMatcher until = item(item.withExpiry(null));
        return event -> System.currentTimeMillis() < expires && until.matches(event);
    }

    private static EventMatcher all(List<ExceptionEntry> entries, String parent) {
        List<EventMatcher> compiled = entries.stream().map(e -> entry(e, parent)).toList();
        return event -> {
            for (EventMatcher entry : compiled) {
                if (!entry.matches(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static EventMatcher entry(ExceptionEntry entry, String parent) {
        FieldPath path = FieldPath.of(parent + entry.field());
        EventMatcher included = switch (entry.type()) {
            case MATCH, MATCH_ANY -> {
                Set<String> values = Set.copyOf(entry.values());
                yield event -> event.anyValue(path, v -> {
                    String text = FieldValues.asString(v);
                    return text != null && values.contains(text);
                });
            }
            case WILDCARD -> {
                Wildcards pattern = Wildcards.lucene(entry.values().get(0), false);
                yield event -> event.anyValue(path, v -> {
                    String text = FieldValues.asString(v);
                    return text != null && pattern.matches(text);
                });
            }
            case EXISTS -> event -> event.has(path);
            case NESTED -> nested(entry);
            case LIST -> throw new IllegalArgumentException("value-list entries are not supported");
        };
        return entry.operator() == ExceptionEntry.Operator.EXCLUDED ? event -> !included.matches(event) : included;
    }

    /** Some object under {@code field} satisfies every inner entry (field names relative to it). */
    private static EventMatcher nested(ExceptionEntry entry) {
        String[] parts = entry.field().split("\\.");
        EventMatcher inner = all(entry.entries(), "");
        return event -> {
            List<JsonNode> objects = new ArrayList<>();
            collect(event.root(), parts, 0, objects);
            for (JsonNode object : objects) {
                if (inner.matches(Event.of(object))) {
                    return true;
                }
            }
            return false;
        };
    }

    private static void collect(JsonNode node, String[] parts, int from, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, parts, from, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (from == parts.length) {
            out.add(node);
            return;
        }
        // as in event lookup: the next key may be one segment or a dotted run of the remaining ones
        for (int to = from + 1; to <= parts.length; to++) {
            JsonNode child = node.get(String.join(".", java.util.Arrays.copyOfRange(parts, from, to)));
            if (child != null) {
                collect(child, parts, to, out);
            }
        }
    }
}
