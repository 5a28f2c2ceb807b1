package io.verdict.api;

import java.time.DateTimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * What one event's failure says in a batch answer, where it is that event's error and the others are answered.
 * It names what about the event failed, never the server's classes; an unforeseen failure is logged in full.
 */
final class EventFailure {

    private static final Logger log = LoggerFactory.getLogger(EventFailure.class);

    private EventFailure() {}

    static String describe(RuntimeException e) {
        if (e instanceof ArithmeticException || e instanceof DateTimeException) {
            return "a time of the event is out of range (years -292,275,055 to 292,278,994)";
        }
        if (e instanceof io.verdict.engine.Evaluation.UnreadableEvent) {
            return e.getMessage();
        }
        if (e instanceof JacksonException) {
            return "the event's alerts cannot be written as JSON (a value that is not valid text)";
        }
        log.warn("An event could not be evaluated; it is reported as an error of its batch item", e);
        return "the event could not be evaluated";
    }
}
