package io.verdict.engine.batch;

import io.verdict.engine.Evaluation;

/**
 * What a {@link BatchEvaluator} tells about each item of a batch. The worker methods run on any thread; the others
 * on the thread that feeds the evaluator, item by item in input order for {@link #decided} and {@link #rejected},
 * and for {@link #released} in the order the stateful rules release their alerts.
 *
 * @param <R> an item as read, before it is parsed
 * @param <I> an item parsed
 * @param <S> the alerts of an item as the listener shapes them for its answer
 */
public interface BatchListener<R, I extends BatchItem, S> {

    /** On a worker: the item a read one holds (a line parsed); its event is null when it holds none. */
    I parse(R raw);

    /**
     * On a worker: the alerts the stateless rules found in the item's event, shaped for the answer (rendered,
     * serialised). A failure here fails the item, as an event that cannot be decided does.
     */
    S shape(I item, Evaluation evaluation);

    /** On a worker: the stateless rules took {@code nanos} to decide an event. */
    default void measured(Evaluation evaluation, long nanos) {}

    /**
     * An event decided by the stateless rules: their evaluation (alerts, failures, counts) and what
     * {@link #shape} made of its alerts (null when it has none).
     */
    void decided(I item, Evaluation evaluation, S shaped);

    /** An item that is no event, or whose event could not be decided ({@code failure}; null when the reader refused it). */
    void rejected(I item, RuntimeException failure);

    /**
     * Alerts or failures attributed to an item after its own decision: what the stateful rules released when fed
     * its event, the ticks of the ES|QL rules its time passed, or ({@code chained}) what the rules over the alerts
     * index made of alerts it released. Returns whether the alerts were taken; a listener that cannot take them
     * (they cannot be shaped) reports that itself, and they are then neither counted nor chained.
     */
    boolean released(I item, Evaluation evaluation, boolean chained);

    /** A feeding step of the stateful rules failed on the item's event. */
    void failed(I item, RuntimeException failure);

    /** After the results of a chunk of items: a streamed answer can flush. */
    default void afterChunk() {}
}
