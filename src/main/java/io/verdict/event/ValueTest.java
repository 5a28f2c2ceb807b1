package io.verdict.event;

import tools.jackson.databind.JsonNode;

/** A test of one value of a field (a JSON scalar, never null, never an array or object). */
@FunctionalInterface
public interface ValueTest {

    boolean test(JsonNode value);
}
