package io.verdict.engine;

import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * What a verdict tells its reader beside the alerts: what was unwrapped to reach the event, and that an event
 * holding none of the fields the rules read was probably sent wrapped, so that "no match" is never the silent
 * answer to a document the rules could not read.
 */
public final class VerdictWarnings {

    public static final String NOTHING_READ = "no field the selected rules read is present; is the event wrapped?";

    private VerdictWarnings() {}

    /** The warnings of the verdict on {@code event} under {@code plan}; empty for an ordinary event. */
    public static List<String> of(Plan plan, Event event, Evaluation evaluation) {
        List<String> envelope = event.envelope();
        boolean nothingRead = !evaluation.matched() && plan.readsNothingOf(event);
        List<String> looping = plan.loopingRules(event);
        if (envelope.isEmpty() && !nothingRead && looping.isEmpty()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>(envelope.size() + 1);
        for (String taken : envelope) {
            warnings.add(describe(taken));
        }
        for (String ruleId : looping) {
            warnings.add(
                    "rule " + ruleId + " did not decide the alert document: an alert it made is among the"
                            + " document's ancestors, and an alert on it would loop back to the rule (Kibana drops such alerts)");
        }
        if (nothingRead) {
            warnings.add(NOTHING_READ);
        }
        return warnings;
    }

    private static String describe(String envelope) {
        return switch (envelope) {
            case Envelopes.SEARCH_RESPONSE -> "the body is an Elasticsearch search answer: its one hit was evaluated";
            case Envelopes.ELASTICSEARCH_HIT ->
                "the body is an Elasticsearch hit: its _source was evaluated, with its"
                        + " _index as the event's index and its _id as the event's id";
            case Envelopes.KIBANA_ALERT ->
                "the body is a Kibana alert document: its original event was evaluated"
                        + " (kibana.alert.original_event as event, kibana.alert.original_time as @timestamp, the first"
                        + " ancestor's index and id) by the rules that do not search the alerts index, the alert document"
                        + " itself by those that do";
            default -> "the body was unwrapped: " + envelope;
        };
    }
}
