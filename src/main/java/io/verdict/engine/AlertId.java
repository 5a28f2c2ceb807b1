package io.verdict.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import tools.jackson.databind.JsonNode;

/**
 * The stable id of an alert, as Kibana derives its alert uuid: a SHA-256 hex of the rule id, the event (its index
 * and {@code _id} when it has an id, else its content) and, for an alert of a sequence or a threshold group, the
 * group. The same rule, event and group give the same id on any run and machine. Computed when first read (when
 * the alert is written), not while rules decide events: the digest of an event's content costs as much as
 * deciding it.
 */
public final class AlertId {

    private static final FieldPath ID = FieldPath.of("_id");
    private static final FieldPath INDEX = FieldPath.of("_index");

    private final String ruleId;
    private final Event event;
    private final String group;
    private volatile String value;

    AlertId(String ruleId, Event event, String group) {
        this.ruleId = ruleId;
        this.event = event;
        this.group = group;
    }

    /** The id of the same rule and event's alert in {@code group}. */
    AlertId in(String other) {
        return new AlertId(ruleId, event, other);
    }

    /** The event the alert was built from. */
    Event event() {
        return event;
    }

    @JsonValue
    public String value() {
        String id = value;
        if (id == null) {
            id = KibanaAlerts.sha256(ruleId + "\n" + eventKey() + "\n" + (group == null ? "" : group));
            value = id;
        }
        return id;
    }

    /** The event's index and id when it has an id, else a digest of its tree's text (the same however parsed). */
    private String eventKey() {
        JsonNode id = event.firstValue(ID);
        if (id != null && id.isString()) {
            JsonNode index = event.firstValue(INDEX);
            return (index != null && index.isString() ? index.stringValue() : "") + "/" + id.stringValue();
        }
        return "#" + KibanaAlerts.sha256(event.root().toString());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertId that && value().equals(that.value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}
