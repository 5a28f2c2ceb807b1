package io.verdict.output;

import io.verdict.engine.Alert;
import io.verdict.event.Event;
import tools.jackson.databind.JsonNode;

/**
 * The estimated heap a released alert holds while it is kept: the alert record and its strings, and the event it was
 * built from (needed to render its Kibana document), counted as its JSON several times over: the parsed view of the
 * fields rules read, the bytes or tokens it was read from, and the tree a Kibana rendering builds and the event
 * keeps. Cheap: it reads lengths, and walks only events made as trees (an unwrapped search hit), whose size is not
 * known otherwise.
 */
final class AlertFootprint {

    /** The alert record, its lists and maps, the ids and the feed's entry. */
    static final long ALERT = 1_500;
    /** The event's heap per byte of its JSON, with a tree built: measured trees of ECS events take 5-8 bytes per byte. */
    static final long PER_SOURCE_BYTE = 8;
    /** A JSON node of a tree event besides its text. */
    private static final long NODE = 48;
    /** Nodes walked at most to weigh a tree event; the rest is counted as the average so far. */
    private static final int WALK = 20_000;

    private AlertFootprint() {}

    static long of(Alert alert) {
        long bytes = ALERT + chars(alert.reason()) + chars(alert.timestamp());
        if (alert.quotedNote() == null) {
            bytes += chars(alert.note()); // otherwise one string shared by every alert of the rule
        }
        bytes += chars(alert.setup());
        // alert.event(), when asked for, is the source event's tree: counted with it
        bytes += event(alert.source());
        if (alert.sequence() != null && alert.sequence().matched() != null) {
            for (Event matched : alert.sequence().matched()) {
                if (matched != alert.source()) {
                    bytes += event(matched);
                }
            }
        }
        return bytes;
    }

    private static long event(Event event) {
        if (event == null) {
            return 0;
        }
        long length = event.sourceLength();
        return length >= 0 ? length * PER_SOURCE_BYTE : tree(event.root());
    }

    private static long chars(String text) {
        return text == null ? 0 : 40 + 2L * text.length();
    }

    /** A tree's text and nodes, walked breadth-first up to {@link #WALK} nodes. */
    private static long tree(JsonNode root) {
        java.util.ArrayDeque<JsonNode> next = new java.util.ArrayDeque<>();
        next.add(root);
        long bytes = 0;
        int seen = 0;
        while (!next.isEmpty() && seen < WALK) {
            JsonNode node = next.poll();
            seen++;
            bytes += NODE;
            if (node.isString()) {
                bytes += chars(node.stringValue());
            } else if (node.isObject()) {
                node.properties().forEach(e -> next.add(e.getValue()));
                bytes += 40L * node.size();
            } else if (node.isArray()) {
                node.forEach(next::add);
            }
        }
        return next.isEmpty() ? bytes : bytes + next.size() * (bytes / seen);
    }
}
