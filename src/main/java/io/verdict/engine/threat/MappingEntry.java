package io.verdict.engine.threat;

import io.verdict.event.FieldPath;

/**
 * One entry of a {@code threat_mapping} group: the event field {@code event} equals the indicator field
 * {@code indicator}, or, when {@code negate}, differs from it (an event without the field differs).
 */
public record MappingEntry(FieldPath event, FieldPath indicator, boolean negate) {}
