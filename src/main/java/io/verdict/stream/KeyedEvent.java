package io.verdict.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value of a record of the state topic: which stateful rules take the event under the record's key, and how,
 * then the event's JSON as it came. One line of {@code mode rule_id} entries, then a newline, then the event: an
 * event is re-read on the partition that keeps the key's state rather than shipped in another form.
 */
record KeyedEvent(List<Entry> entries, byte[] event) {

    /** How a rule takes the event. */
    enum Mode {
        /** The event, as its query and filters passed it. */
        EVENT('e'),
        /** The Kibana alert document the event was unwrapped from. */
        ALERT_DOCUMENT('a'),
        /** The document as a threat indicator. */
        INDICATOR('i');

        final char code;

        Mode(char code) {
            this.code = code;
        }

        static Mode of(char code) {
            for (Mode mode : values()) {
                if (mode.code == code) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown mode " + code);
        }
    }

    record Entry(Mode mode, String ruleId) {}

    private static final char SEPARATOR = '\u001e';

    byte[] encode() {
        StringBuilder head = new StringBuilder();
        for (Entry entry : entries) {
            if (!head.isEmpty()) {
                head.append(SEPARATOR);
            }
            head.append(entry.mode().code).append(entry.ruleId());
        }
        byte[] line = head.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(line, line.length + event.length);
        System.arraycopy(event, 0, out, line.length, event.length);
        return out;
    }

    static KeyedEvent decode(byte[] value) {
        int newline = 0;
        while (newline < value.length && value[newline] != '\n') {
            newline++;
        }
        if (newline == value.length) {
            throw new IllegalArgumentException("not a keyed event: no rule line");
        }
        String head = new String(value, 0, newline, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>(1);
        for (String part : head.split(String.valueOf(SEPARATOR))) {
            if (!part.isEmpty()) {
                entries.add(new Entry(Mode.of(part.charAt(0)), part.substring(1)));
            }
        }
        return new KeyedEvent(entries, Arrays.copyOfRange(value, newline + 1, value.length));
    }
}
