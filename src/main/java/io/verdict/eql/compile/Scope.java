package io.verdict.eql.compile;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import tools.jackson.databind.JsonNode;

/**
 * What a value expression reads while it is evaluated: the event, and optionally one field bound to one of its
 * values (for any-value evaluation of a script). Lives for one evaluation only.
 */
final class Scope {

    static final Scope EMPTY = new Scope(null);

    final Event event;
    private FieldPath bound;
    private JsonNode boundValue;
    private boolean hasBinding;

    Scope(Event event) {
        this.event = event;
    }

    void bind(FieldPath path, JsonNode value) {
        this.bound = path;
        this.boundValue = value;
        this.hasBinding = true;
    }

    /** The value to read for {@code path}: the bound one, else the field's first value; null when none. */
    JsonNode valueOf(FieldPath path) {
        if (hasBinding && path.equals(bound)) {
            return boundValue;
        }
        return event == null ? null : event.firstValue(path);
    }
}
