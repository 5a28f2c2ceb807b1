package io.verdict.explain;

import io.verdict.eql.sample.SampleTrace;
import io.verdict.eql.sequence.JoinKey;
import io.verdict.eql.sequence.SequenceTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Listens to a sequence or sample matcher while explain feeds it the posted events, and keeps per join key what it
 * decided: the sequences completed, those in progress (each identified by the arrival of its first event, since a
 * partial sequence keeps that while it moves from stage to stage) and every step in words. It interprets nothing:
 * each entry is one decision the matcher took. Not thread-safe; one per explanation.
 */
final class SequenceRecorder implements SequenceTrace, SampleTrace {

    /** What one join key went through. */
    static final class KeyLog {
        final List<String> steps = new ArrayList<>();
        final List<List<Long>> completed = new ArrayList<>();
        /** Partial sequences alive, by the arrival of their first event: the last step that moved them. */
        final Map<Long, SequenceTrace.Step> alive = new LinkedHashMap<>();

        final Map<Long, Long> awaiting = new HashMap<>();
        final Map<Integer, List<Long>> candidates = new TreeMap<>();
    }

    private final List<String> stageTexts;
    private final boolean[] missing;
    private final long maxspanMillis;
    private final String maxspanText;
    private final Map<JoinKey, KeyLog> keys = new LinkedHashMap<>();
    private final Map<Long, Integer> indexOfArrival = new HashMap<>();
    private final Map<Integer, Long> timeOfEvent = new HashMap<>();
    private final Map<Integer, String> noteOfEvent = new HashMap<>();
    private int current;

    SequenceRecorder(List<String> stageTexts, boolean[] missing, long maxspanMillis, String maxspanText) {
        this.stageTexts = stageTexts;
        this.missing = missing;
        this.maxspanMillis = maxspanMillis;
        this.maxspanText = maxspanText;
    }

    /** The posted event the next decisions are about. */
    void at(int index) {
        current = index;
    }

    Map<JoinKey, KeyLog> keys() {
        return keys;
    }

    /** The request index of the event that arrived {@code arrival}-th; -1 when unknown. */
    int index(long arrival) {
        return indexOfArrival.getOrDefault(arrival, -1);
    }

    /** The event's time as the matcher read it, null when it was not offered. */
    Long time(int index) {
        return timeOfEvent.get(index);
    }

    String note(int index) {
        return noteOfEvent.get(index);
    }

    @Override
    public void step(SequenceTrace.Step step) {
        if (step.kind() == SequenceTrace.Kind.NO_TIMESTAMP) {
            noteOfEvent.put(current, "it has no timestamp: a sequence cannot order it, so it takes no part");
            return;
        }
        indexOfArrival.putIfAbsent(step.arrival(), current);
        timeOfEvent.putIfAbsent(current, step.time());
        KeyLog log = keys.computeIfAbsent(step.key(), k -> new KeyLog());
        int s = step.stage();
        String event = "event " + current;
        switch (step.kind()) {
            case STARTED -> {
                log.alive.put(first(step), step);
                log.steps.add(event + " matched stage " + (s + 1) + " and starts a sequence");
            }
            case ADVANCED -> {
                log.alive.put(first(step), step);
                int previous = previousPositive(s);
                log.steps.add(event + " matched stage " + (s + 1) + " "
                        + human(step.time() - step.times().get(previous))
                        + " after stage " + (previous + 1) + " (" + eventAt(step, previous) + ")"
                        + (maxspanMillis >= 0
                                ? ", " + human(step.time() - step.times().get(firstPositive(step)))
                                        + " after the first; maxspan is " + maxspanText
                                : ""));
            }
            case NO_PARTIAL ->
                log.steps.add(event + " matched stage " + (s + 1) + ", but no sequence of this key was" + " at stage "
                        + (previousPositive(s) + 1) + " then: it takes no part at this stage");
            case MAXSPAN -> {
                log.alive.remove(first(step));
                int f = firstPositive(step);
                log.steps.add(event + " matched stage " + (s + 1) + " "
                        + human(step.time() - step.times().get(f))
                        + " after stage " + (f + 1) + " (" + eventAt(step, f) + "); maxspan is " + maxspanText
                        + ": the sequence is dropped");
            }
            case UNTIL -> {
                log.alive.remove(first(step));
                log.steps.add(event + " matched stage " + (s + 1) + ", but an until event came after stage "
                        + (lastStage(step) + 1) + " (" + eventAt(step, lastStage(step)) + "): the sequence is dropped");
            }
            case UNTIL_SEEN -> log.steps.add(event + " matched until: it ends this key's sequences in progress");
            case REPLACED -> {
                log.alive.remove(first(step));
                log.steps.add("the sequence started by " + eventAt(step, firstPositive(step)) + " is replaced at stage "
                        + (s + 1) + " by a newer one (only the latest sequence per stage is kept)");
            }
            case MISSING_SEEN -> log.steps.add(event + " matched missing-event stage " + (s + 1));
            case REJECTED_MISSING -> {
                log.alive.remove(first(step));
                log.awaiting.remove(first(step));
                log.steps.add("the sequence of " + events(step.arrivals()) + " is not returned: its missing-event"
                        + " stage saw an event within the window");
            }
            case AWAITING -> {
                log.alive.put(first(step), step);
                log.awaiting.put(first(step), step.deadline());
                log.steps.add("all stages matched (" + events(step.arrivals()) + "); the sequence is returned once"
                        + " event time passes " + Instant.ofEpochMilli(step.deadline()) + " with no event of the"
                        + " trailing missing-event stage");
            }
            case COMPLETED -> {
                log.alive.remove(first(step));
                log.awaiting.remove(first(step));
                log.completed.add(step.arrivals());
                log.steps.add("sequence complete: " + events(step.arrivals()));
            }
            case EXPIRED, EVICTED -> {
                log.alive.clear();
                log.steps.add(
                        step.kind() == SequenceTrace.Kind.EXPIRED
                                ? "the key's sequences expired: " + event + " moved event time past their maxspan"
                                : "the key's state was evicted to stay within the bound on keys");
            }
            default -> throw new IllegalStateException("unknown step " + step.kind());
        }
    }

    @Override
    public void step(SampleTrace.Step step) {
        indexOfArrival.putIfAbsent(step.arrival(), current);
        timeOfEvent.putIfAbsent(current, Long.MIN_VALUE);
        KeyLog log = keys.computeIfAbsent(step.key(), k -> new KeyLog());
        String event = "event " + current;
        switch (step.kind()) {
            case CANDIDATE -> {
                log.candidates
                        .computeIfAbsent(step.filter(), f -> new ArrayList<>())
                        .add(step.arrival());
                log.steps.add(event + " matched filter " + (step.filter() + 1) + ": a candidate");
            }
            case FULL ->
                log.steps.add(event + " matched filter " + (step.filter() + 1) + ", but the key keeps as many"
                        + " candidates for it as a sample can use");
            case SAMPLE -> {
                log.completed.add(step.arrivals());
                log.steps.add("sample complete: " + events(step.arrivals()));
            }
            case EVICTED -> {
                log.candidates.clear();
                log.steps.add("the key's candidates were evicted to stay within the bound on keys");
            }
            default -> throw new IllegalStateException("unknown step " + step.kind());
        }
    }

    private static long first(SequenceTrace.Step step) {
        return step.arrivals().get(firstPositive(step));
    }

    /** The first stage the partial sequence holds an event for. */
    static int firstPositive(SequenceTrace.Step step) {
        for (int s = 0; s < step.arrivals().size(); s++) {
            if (step.arrivals().get(s) != 0) {
                return s;
            }
        }
        return 0;
    }

    private static int lastStage(SequenceTrace.Step step) {
        for (int s = step.arrivals().size() - 1; s >= 0; s--) {
            if (step.arrivals().get(s) != 0) {
                return s;
            }
        }
        return 0;
    }

    int previousPositive(int stage) {
        for (int s = stage - 1; s >= 0; s--) {
            if (!missing[s]) {
                return s;
            }
        }
        return 0;
    }

    String stageText(int stage) {
        return stageTexts.get(stage);
    }

    private String eventAt(SequenceTrace.Step step, int stage) {
        return "event " + index(step.arrivals().get(stage));
    }

    private String events(List<Long> arrivals) {
        List<String> out = new ArrayList<>();
        for (long a : arrivals) {
            if (a != 0) {
                out.add(Integer.toString(index(a)));
            }
        }
        return "events " + String.join(", ", out);
    }

    /** A duration as people write it: 6m, 1h 2m, 350ms. */
    static String human(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        Duration d = Duration.ofMillis(millis);
        StringBuilder out = new StringBuilder();
        if (d.toDaysPart() > 0) {
            out.append(d.toDaysPart()).append("d ");
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append("h ");
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append("m ");
        }
        if (d.toSecondsPart() > 0 || d.toMillisPart() > 0) {
            out.append(d.toSecondsPart());
            if (d.toMillisPart() > 0) {
                out.append('.').append(String.format("%03d", d.toMillisPart()));
            }
            out.append("s ");
        }
        return out.toString().strip();
    }
}
