package io.verdict.esql;

import io.verdict.event.Event;

/**
 * One source document as {@code FROM} reads it: the event and what {@code METADATA} asks of it.
 *
 * @param id      {@code _id}
 * @param index   {@code _index}
 * @param version {@code _version}
 */
public record EsqlDocument(Event event, String id, String index, long version) {}
