package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.EventPredicate;
import io.verdict.event.Schema;
import io.verdict.kql.FieldQueries;
import io.verdict.rule.ExceptionEntry;
import io.verdict.rule.ExceptionItem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Kibana's exception items compiled into one matcher, with the semantics of Kibana's {@code build_exception_filter}
 * (kbn-securitysolution-list-utils): the items are OR-ed, the entries of an item AND-ed; {@code match} is a
 * {@code match_phrase} and {@code match_any} one per value; {@code wildcard} is Elasticsearch's {@code wildcard}
 * query ({@code *}, {@code ?}, {@code \} escapes); {@code exists} needs a non-null value. Each means what the
 * field's mapping in the catalog makes it mean ({@link FieldQueries}): exact and case-sensitive on a keyword,
 * lower-cased under a lower-casing normalizer ({@code .caseless}), a phrase of analysed words on a text field,
 * by value on numbers, addresses, booleans and dates; a multi-field reads its parent's value. {@code excluded}
 * negates the entry, so an excluded entry holds when the field is absent; {@code nested} needs one object of the
 * array at {@code field} to satisfy all its inner entries; {@code os_types} adds "{@code host.os.type} or
 * {@code host.os.name.caseless} is one of them" (each a {@code match}); an item past its {@code expire_time} no
 * longer suppresses. The rule's matcher is AND-NOT-ed with this one at compile time. Immutable and thread-safe.
 */
public final class ExceptionMatcher {

    private static final String OS_TYPE = "host.os.type";
    private static final String OS_NAME_CASELESS = "host.os.name.caseless";

    private final FieldQueries fields;
    private final Clock clock;
    private final Consumer<String> problems;

    private ExceptionMatcher(FieldQueries fields, Clock clock, Consumer<String> problems) {
        this.fields = fields;
        this.clock = clock;
        this.problems = problems;
    }

    /**
     * Matches an event any item suppresses, with the field catalog's types; {@link EventPredicate#ALL} is never
     * returned. A value its field's type cannot read (Elasticsearch would fail the rule's search) is reported to
     * {@code problems} and its entry matches nothing.
     */
    public static EventPredicate compile(
            List<ExceptionItem> items, Schema schema, Clock clock, Consumer<String> problems) {
        ExceptionMatcher matcher = new ExceptionMatcher(new FieldQueries(schema, clock), clock, problems);
        List<EventPredicate> compiled = items.stream().map(matcher::compileItem).toList();
        return event -> {
            for (EventPredicate item : compiled) {
                if (item.matches(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** One item, for telling which item suppresses an alert (problems ignored). */
    public static EventPredicate item(ExceptionItem item, Schema schema, Clock clock) {
        return new ExceptionMatcher(new FieldQueries(schema, clock), clock, problem -> {}).compileItem(item);
    }

    private EventPredicate compileItem(ExceptionItem item) {
        String where = "exception item " + (item.itemId() == null ? "" : "'" + item.itemId() + "' ");
        EventPredicate entries = all(item.entries(), null, where + "entries");
        EventPredicate matcher = entries;
        if (!item.osTypes().isEmpty()) {
            EventPredicate os = anyOf(item.osTypes().stream()
                    .flatMap(type -> java.util.stream.Stream.of(
                            match(OS_TYPE, null, type, where + "os_types"),
                            match(OS_NAME_CASELESS, null, type, where + "os_types")))
                    .toList());
            matcher = event -> os.matches(event) && entries.matches(event);
        }
        if (item.expireTime() == null) {
            return matcher;
        }
        // an item with an expire_time stops suppressing at that moment (read from the clock per event)
        long expires = item.expireTime().toEpochMilli();
        EventPredicate until = matcher;
        Clock at = clock;
        return event -> at.millis() < expires && until.matches(event);
    }

    private EventPredicate all(List<ExceptionEntry> entries, String scope, String where) {
        List<EventPredicate> compiled = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            compiled.add(entry(entries.get(i), scope, where + "[" + i + "]"));
        }
        return event -> {
            for (EventPredicate entry : compiled) {
                if (!entry.matches(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static EventPredicate anyOf(List<EventPredicate> matchers) {
        return event -> {
            for (EventPredicate m : matchers) {
                if (m.matches(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Inside a nested entry ({@code scope} its field) an inner field is typed by its full name, read relative. */
    private EventPredicate entry(ExceptionEntry entry, String scope, String where) {
        String field = scope == null ? entry.field() : scope + "." + entry.field();
        EventPredicate included = switch (entry.type()) {
            case MATCH, MATCH_ANY ->
                anyOf(entry.values().stream()
                        .map(v -> match(field, scope, v, where))
                        .toList());
            case WILDCARD -> fields.wildcard(field, scope, entry.values().get(0), at(where));
            case EXISTS -> fields.exists(field, scope);
            case NESTED -> nested(entry, where);
            case LIST -> throw new IllegalArgumentException("value-list entries are not supported");
        };
        return entry.operator() == ExceptionEntry.Operator.EXCLUDED ? included.negate() : included;
    }

    private EventPredicate match(String field, String scope, String value, String where) {
        return fields.matchPhrase(field, scope, value, at(where));
    }

    private Consumer<String> at(String where) {
        return message -> problems.accept(where + ": " + message);
    }

    /** Some object under {@code field} satisfies every inner entry (field names relative to it). */
    private EventPredicate nested(ExceptionEntry entry, String where) {
        String[] parts = entry.field().split("\\.");
        EventPredicate inner = all(entry.entries(), entry.field(), where + ".entries");
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
