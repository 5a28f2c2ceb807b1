package io.verdict.engine.batch;

import io.verdict.event.Event;

/** One item of a batch as its reader made it: where it stands in the input, and its event (null: not an event). */
public interface BatchItem {

    /** Its place in the input: a line number, or an index in an array. */
    int position();

    /** The event it holds; null when it is not one (the reader knows why). */
    Event event();
}
