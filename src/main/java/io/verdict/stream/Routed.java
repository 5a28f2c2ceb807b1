package io.verdict.stream;

/** A record the decide step makes, with where it goes: an alert, a dead letter, or an event for the state. */
record Routed(Kind kind, byte[] value) {

    enum Kind {
        ALERT,
        DEAD_LETTER,
        STATE
    }
}
