package io.verdict.esql.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * The row shape of a stretch of the pipeline: from the source (or a {@code STATS}) to the next {@code STATS}. Every
 * column computed in it gets its own slot, so {@code KEEP}, {@code DROP} and {@code RENAME} move nothing at run
 * time. Grows while the query compiles; read-only afterwards.
 */
final class Segment {

    /** The slot of the source document in rows of the source's segment ({@code KQL()} reads it). */
    static final int DOCUMENT = 0;

    private final boolean source;
    private int width;
    private final List<Col> reads = new ArrayList<>();

    Segment(boolean source) {
        this.source = source;
        this.width = source ? 1 : 0;
    }

    /** Whether the rows still stand for source documents (no {@code STATS} yet). */
    boolean source() {
        return source;
    }

    int width() {
        return width;
    }

    int allocate() {
        return width++;
    }

    /** A source column, now with a slot: the source command reads it for every document. */
    Col materialise(Col col) {
        Col read = new Col(col.name(), col.type(), allocate(), col.source());
        reads.add(read);
        return read;
    }

    /** The source columns read, in the order they were first needed. */
    List<Col> reads() {
        return reads;
    }
}
