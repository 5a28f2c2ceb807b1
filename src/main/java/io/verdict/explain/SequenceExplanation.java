package io.verdict.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.verdict.engine.Alert;
import java.util.List;

/**
 * Why a sequence or sample rule did or did not alert on a list of events, as the engine's own matcher decided it.
 * Stages are numbered from 1 ({@code runs=N} expanded), events by their place in the request from 0.
 *
 * @param kind      {@code sequence} or {@code sample}
 * @param order     the order the events were fed in
 * @param maxspan   the sequence's maxspan as written; null without one
 * @param stages    the stages (a sample's filters)
 * @param until     the until stage; null without one
 * @param events    per event: when it happened for the rule, what became of it, and each stage's clauses on it
 * @param keys      per join key: the sequences (samples) completed, those still in progress, and every step taken
 * @param completed sequences (samples) completed
 * @param alerts    the alerts the engine raised, as the evaluate API returns them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SequenceExplanation(
        String kind,
        String order,
        String maxspan,
        List<Stage> stages,
        Stage until,
        List<EventTrace> events,
        List<KeyTrace> keys,
        int completed,
        List<Alert> alerts) {

    /** One stage: its filter as EQL, whether it is a missing-event stage {@code ![...]}, its join-key fields. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Stage(int stage, String text, boolean missing, List<String> by) {}

    /**
     * One posted event.
     *
     * @param time   its time as the matcher read it (epoch millis as ISO-8601); null when it was not offered
     * @param note   what became of it, in words
     * @param stages per stage, the stage's filter explained on this event
     * @param until  the until filter explained on it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventTrace(int index, String time, String note, List<Clause> stages, Clause until) {}

    /**
     * One join key.
     *
     * @param joinKeys   the key's values as Elasticsearch renders them
     * @param completed  each completed sequence (sample): the event of each stage
     * @param pending    sequences still in progress at the end, with the stage they wait for
     * @param candidates samples only: per filter, the events the key keeps as candidates
     * @param steps      every decision about the key, in order, in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyTrace(
            List<String> joinKeys,
            List<List<StageEvent>> completed,
            List<Partial> pending,
            List<List<Integer>> candidates,
            List<String> steps) {}

    /** The event (its index in the request) that matched a stage, and its time. */
    public record StageEvent(int stage, int event, String time) {}

    /**
     * A sequence in progress.
     *
     * @param nextStage the stage it waits for; null when all stages matched and it waits for a trailing missing-event
     *                  window to close
     * @param expiresAt when maxspan ends it (null without maxspan); for a waiting sequence, when it is returned
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Partial(
            int stagesMatched,
            int totalStages,
            Integer nextStage,
            String nextStageText,
            List<StageEvent> matched,
            String expiresAt) {}
}
