package io.verdict.engine.batch;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch came to, besides what its listener was told item by item.
 *
 * @param events          items that were events
 * @param matched         events with at least one alert (stateless, stateful or chained)
 * @param alerts          alerts released and taken by the listener
 * @param notRouted       rule evaluations passed over because the rule does not search the event's index
 * @param unwrapped       events taken out of an envelope, by the outermost envelope's kind (sorted)
 * @param readingNothing  events holding none of the fields the rules read
 * @param readingNothingAt the positions of the first few of them
 * @param looping         alert documents a rule did not decide because it made one of their ancestors, per rule
 * @param windows         windows of event-time order the stateful rules were fed in
 */
public record BatchTotals(
        int events,
        int matched,
        int alerts,
        long notRouted,
        Map<String, Integer> unwrapped,
        int readingNothing,
        List<Integer> readingNothingAt,
        Map<String, Integer> looping,
        int windows) {

    /** How many positions of events that read nothing are kept. */
    public static final int NAMED = 5;

    public BatchTotals {
        unwrapped = Collections.unmodifiableMap(new TreeMap<>(unwrapped));
        readingNothingAt = List.copyOf(readingNothingAt);
        looping = Collections.unmodifiableMap(new TreeMap<>(looping));
    }
}
