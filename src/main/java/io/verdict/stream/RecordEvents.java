package io.verdict.stream;

import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import io.verdict.event.FieldSet;
import io.verdict.event.TimeFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of one record value: one ECS JSON event (pretty-printed or not), or NDJSON, one event a line. Every
 * line that is not an event is an {@link Item} with its {@link Problem}; nothing here throws for bad input.
 */
final class RecordEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Why a record or one of its lines is not an event, as an RFC 9457 problem's kind and detail. */
    record Problem(String kind, String detail, Integer line, Integer column) {}

    /** One event of a record, or the bytes of what is not one and why. */
    record Item(int line, byte[] bytes, Event event, Problem problem) {}

    private final int maxRecordBytes;
    private final int maxEvents;

    RecordEvents(int maxRecordBytes, int maxEvents) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxEvents = maxEvents;
    }

    /**
     * The items of a record value: a record that is empty, too large or of too many lines is one item (the whole
     * value) with its problem; else one item per event, line by line for NDJSON.
     */
    List<Item> read(byte[] value, FieldSet fields) {
        if (value == null || blank(value, 0, value.length)) {
            return List.of(new Item(
                    1,
                    value,
                    null,
                    new Problem(
                            "empty-record",
                            "The record holds no event: send one ECS event as a JSON object, or NDJSON.",
                            null,
                            null)));
        }
        if (value.length > maxRecordBytes) {
            return List.of(new Item(
                    1,
                    value,
                    null,
                    new Problem(
                            "too-large",
                            "The record has " + value.length + " bytes, more than the " + maxRecordBytes
                                    + " allowed: split it.",
                            null,
                            null)));
        }
        List<int[]> lines = ndjsonLines(value);
        if (lines == null) {
            return List.of(item(1, value, fields));
        }
        if (lines.size() > maxEvents) {
            return List.of(new Item(
                    1,
                    value,
                    null,
                    new Problem(
                            "too-large",
                            "The record has " + lines.size() + " events, more than the " + maxEvents
                                    + " allowed: split it.",
                            null,
                            null)));
        }
        if (lines.size() == 1 && lines.get(0)[1] == 0 && lines.get(0)[2] == value.length) {
            return List.of(item(1, value, fields));
        }
        List<Item> items = new ArrayList<>(lines.size());
        for (int[] line : lines) {
            items.add(item(line[0], Arrays.copyOfRange(value, line[1], line[2]), fields));
        }
        return items;
    }

    /**
     * The non-blank lines of an NDJSON value as (line number, start, end), when the first of them is a whole object
     * on its line (starts with '{' and ends with '}'); then each line is an event or a dead letter of its own. Null
     * when the first is not: the value is one event, maybe pretty-printed, or one bad document.
     */
    private static List<int[]> ndjsonLines(byte[] value) {
        List<int[]> lines = new ArrayList<>();
        int number = 0;
        for (int start = 0; start < value.length; ) {
            int end = start;
            while (end < value.length && value[end] != '\n') {
                end++;
            }
            number++;
            int from = start;
            int to = end;
            while (from < to && whitespace(value[from])) {
                from++;
            }
            while (to > from && whitespace(value[to - 1])) {
                to--;
            }
            if (from < to) {
                if (lines.isEmpty() && (value[from] != '{' || value[to - 1] != '}')) {
                    return null;
                }
                lines.add(new int[] {number, from, to});
            }
            start = end + 1;
        }
        return lines;
    }

    private static Item item(int line, byte[] bytes, FieldSet fields) {
        Event document;
        try {
            document = Event.parse(JSON, bytes, fields);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            return new Item(
                    line,
                    bytes,
                    null,
                    new Problem(
                            "malformed-json",
                            "The event is not valid JSON: " + e.getOriginalMessage(),
                            line,
                            at == null || at.getColumnNr() < 1 ? null : at.getColumnNr()));
        } catch (IllegalArgumentException e) {
            return new Item(
                    line,
                    bytes,
                    null,
                    new Problem("not-an-object", e.getMessage() + ": an event is one" + " JSON object.", line, null));
        }
        Event event;
        try {
            event = Envelopes.unwrap(document);
        } catch (Envelopes.NotOneHit e) {
            return new Item(line, bytes, null, new Problem("not-one-hit", e.getMessage(), line, null));
        }
        String invalid = TimeFields.invalid(event);
        if (invalid != null) {
            return new Item(
                    line, bytes, null, new Problem("invalid-timestamp", "The event's " + invalid + ".", line, null));
        }
        return new Item(line, bytes, event, null);
    }

    private static boolean blank(byte[] value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!whitespace(value[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
