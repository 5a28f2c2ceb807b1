package io.verdict.engine;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes an alert's {@code note} from the rule's once-escaped form ({@link Alert#quotedNote}) when the alert holds the
 * rule's own note, and as any string otherwise. The output is the same either way.
 */
final class QuotedNoteSerializer extends ValueSerializer<String> {

    @Override
    public void serialize(String note, JsonGenerator gen, SerializationContext context) {
        if (gen.currentValue() instanceof Alert alert
                && alert.quotedNote() != null
                && alert.quotedNote().getValue() == note) {
            gen.writeString(alert.quotedNote());
        } else {
            gen.writeString(note);
        }
    }
}
