package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The index an event was (or would be) written to, for routing it to the rules that search that index: the
 * client's {@code _index}, else the data stream name {@code <type>-<dataset>-<namespace>}. A data stream's backing
 * index ({@code .ds-logs-x-default-2026.11.27-000001}) counts as its data stream, and an alerts index
 * ({@code .internal.alerts-security.alerts-default-000001}) as the alias rules search.
 */
final class EventIndex {

    private static final FieldPath INDEX = FieldPath.of("_index");
    static final FieldPath TYPE = FieldPath.of("data_stream.type");
    static final FieldPath DATASET = FieldPath.of("data_stream.dataset");
    static final FieldPath NAMESPACE = FieldPath.of("data_stream.namespace");
    /** The namespace of a data stream whose event names none. */
    static final String DEFAULT_NAMESPACE = "default";

    private static final Pattern BACKING = Pattern.compile("\\.ds-(.+)-\\d{4}\\.\\d{2}\\.\\d{2}-\\d{6}");
    /** The index behind an alerts alias: {@code .internal.alerts-security.alerts-default-000001}. */
    private static final Pattern ALERTS_BACKING = Pattern.compile("\\.internal\\.(alerts-.+)-\\d{6}");

    private EventIndex() {}

    /** The index name, or null when the event says nothing about where it belongs. */
    static String of(Event event) {
        String raw = rawIndex(event);
        return raw != null ? named(raw) : dataStream(event);
    }

    /** The client's {@code _index} as sent, or null. */
    static String rawIndex(Event event) {
        // one string, not in an array: a field lookup, so that routing never builds the event's whole tree; the
        // value first, as most events have none
        JsonNode index = event.firstValue(INDEX);
        return index != null && index.isString() && !index.stringValue().isEmpty() && !event.writtenAsArray(INDEX)
                ? index.stringValue()
                : null;
    }

    /** The index an {@code _index} stands for: a backing index's data stream, else itself. */
    static String named(String raw) {
        if (raw.startsWith(".internal.alerts-")) {
            var alerts = ALERTS_BACKING.matcher(raw);
            return alerts.matches() ? "." + alerts.group(1) : raw;
        }
        if (!raw.startsWith(".ds-")) {
            return raw;
        }
        var backing = BACKING.matcher(raw);
        return backing.matches() ? backing.group(1) : raw;
    }

    /** {@code <type>-<dataset>-<namespace>} of the event's data stream fields, or null. */
    static String dataStream(Event event) {
        DataStream stream = DataStream.of(event);
        return stream == null ? null : stream.name();
    }

    /** The data stream fields of an event, a key as good as its name without building the name per event. */
    record DataStream(String type, String dataset, String namespace) {

        static DataStream of(Event event) {
            JsonNode type = event.firstValue(TYPE);
            JsonNode dataset = type == null ? null : event.firstValue(DATASET);
            if (dataset == null) {
                return null;
            }
            JsonNode namespace = event.firstValue(NAMESPACE);
            return new DataStream(
                    type.asString(), dataset.asString(), namespace == null ? DEFAULT_NAMESPACE : namespace.asString());
        }

        String name() {
            return type + "-" + dataset + "-" + namespace;
        }
    }
}
