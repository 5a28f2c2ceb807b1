package io.verdict.explain;

import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detector;
import io.verdict.engine.Evaluation;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.EqlOptions;
import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.eql.sequence.JoinKey;
import io.verdict.eql.sequence.SequenceTrace;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains a sequence or sample rule on a list of events by running them through the engine itself — the rule's
 * plan, its filters and exceptions, a fresh state whose matcher reports each decision to a {@link SequenceRecorder}
 * — so the explanation is the evaluation's own account and cannot disagree with it. Then each stage's filter is
 * explained on each event as a single-event query is. Not on the hot path: it compiles per call.
 */
public final class SequenceExplainer {

    private final Schema schema;

    public SequenceExplainer(Schema schema) {
        this.schema = schema;
    }

    /** Whether the rule's query is a sequence or a sample (explained here rather than by {@link Explainer}). */
    public static boolean explains(CompiledRule rule) {
        return switch (rule.coverage()) {
            case EQL_SEQUENCE, EQL_SAMPLE -> true;
            default -> false;
        };
    }

    /**
     * @param order     the indexes of {@code events} in the order to feed them (e.g. event time, as a batch does)
     * @param orderName how that order was chosen, for the answer
     */
    public SequenceExplanation explain(
            Detector detector, CompiledRule rule, List<Event> events, List<Integer> order, String orderName) {
        EqlOptions options = RuleCompiler.eqlOptions(rule.rule(), schema);
        CompiledEql compiled = new EqlCompiler().compile(rule.rule().query().text(), options);
        Layout layout = Layout.of(compiled.ast());
        long maxspan = layout.maxspan == null ? -1 : layout.maxspan.duration().toMillis();
        String maxspanText = layout.maxspan == null ? null : layout.maxspan.amount() + layout.maxspan.unit();
        SequenceRecorder recorder = new SequenceRecorder(
                layout.stages.stream().map(SequenceExplanation.Stage::text).toList(),
                layout.missing(),
                maxspan,
                maxspanText);
        Plan plan = detector.plan(new Selection(Set.of(rule.ruleId()), Set.of(), Set.of()), Plan.Unrouted.ALL_RULES)
                .withState(new StateStore(100_000, 1_000_000).tracing(recorder, recorder));
        List<Alert> alerts = new ArrayList<>();
        boolean[] routed = new boolean[events.size()];
        for (int i : order) {
            recorder.at(i);
            Evaluation evaluation = plan.evaluate(events.get(i), false);
            routed[i] = evaluation.notRouted() == 0;
            alerts.addAll(evaluation.alerts());
        }
        StageClauses clauses = new StageClauses(schema, options.eventCategoryField());
        List<SequenceExplanation.EventTrace> traces = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            traces.add(eventTrace(i, events.get(i), layout, clauses, recorder, routed[i]));
        }
        List<SequenceExplanation.KeyTrace> keys = new ArrayList<>();
        int completed = 0;
        for (Map.Entry<JoinKey, SequenceRecorder.KeyLog> e : recorder.keys().entrySet()) {
            keys.add(keyTrace(e.getKey(), e.getValue(), layout, recorder, maxspan));
            completed += e.getValue().completed.size();
        }
        return new SequenceExplanation(
                layout.sample ? "sample" : "sequence",
                orderName,
                maxspanText,
                layout.stages,
                layout.until,
                traces,
                keys,
                completed,
                alerts);
    }

    private static SequenceExplanation.EventTrace eventTrace(
            int i, Event event, Layout layout, StageClauses clauses, SequenceRecorder recorder, boolean routed) {
        List<Clause> stages = new ArrayList<>();
        boolean anyStage = false;
        for (int s = 0; s < layout.filters.size(); s++) {
            Clause clause = clauses.explain(layout.stages.get(s).text(), layout.filters.get(s), event);
            anyStage |= clause.result();
            stages.add(clause);
        }
        Clause until =
                layout.untilFilter == null ? null : clauses.explain(layout.until.text(), layout.untilFilter, event);
        Long time = recorder.time(i);
        String note = recorder.note(i);
        if (note == null) {
            if (!routed) {
                note = "not routed: the rule does not search this event's index";
            } else if (time != null) {
                note = "offered to the " + (layout.sample ? "sample" : "sequence") + " matcher";
            } else if (!anyStage && (until == null || !until.result())) {
                note = "it matches no stage";
            } else {
                note = "it matches a stage but takes no part: it has no value for a join key, or the rule's filters"
                        + " or exceptions exclude it";
            }
        }
        String shown = time == null || time == Long.MIN_VALUE
                ? null
                : Instant.ofEpochMilli(time).toString();
        return new SequenceExplanation.EventTrace(i, shown, note, stages, until);
    }

    private static SequenceExplanation.KeyTrace keyTrace(
            JoinKey key, SequenceRecorder.KeyLog log, Layout layout, SequenceRecorder recorder, long maxspan) {
        List<List<SequenceExplanation.StageEvent>> completed = new ArrayList<>();
        for (List<Long> arrivals : log.completed) {
            completed.add(stageEvents(arrivals, recorder));
        }
        List<SequenceExplanation.Partial> pending = null;
        List<List<Integer>> candidates = null;
        if (layout.sample) {
            candidates = new ArrayList<>();
            for (int f = 0; f < layout.filters.size(); f++) {
                candidates.add(log.candidates.getOrDefault(f, List.of()).stream()
                        .map(recorder::index)
                        .toList());
            }
        } else {
            pending = new ArrayList<>();
            for (SequenceTrace.Step step : log.alive.values()) {
                pending.add(partial(step, log, layout, recorder, maxspan));
            }
        }
        return new SequenceExplanation.KeyTrace(key.render(), completed, pending, candidates, log.steps);
    }

    private static SequenceExplanation.Partial partial(
            SequenceTrace.Step step,
            SequenceRecorder.KeyLog log,
            Layout layout,
            SequenceRecorder recorder,
            long maxspan) {
        List<SequenceExplanation.StageEvent> matched = stageEvents(step.arrivals(), recorder);
        int positives = (int) layout.stages.stream().filter(s -> !s.missing()).count();
        Long deadline = log.awaiting.get(step.arrivals().get(SequenceRecorder.firstPositive(step)));
        Integer next = null;
        if (deadline == null) {
            for (int s = step.stage() + 1; s < layout.stages.size(); s++) {
                if (!layout.stages.get(s).missing()) {
                    next = s;
                    break;
                }
            }
        }
        String expires = deadline != null
                ? Instant.ofEpochMilli(deadline).toString()
                : maxspan < 0
                        ? null
                        : Instant.ofEpochMilli(step.times().get(SequenceRecorder.firstPositive(step)) + maxspan)
                                .toString();
        return new SequenceExplanation.Partial(
                matched.size(),
                positives,
                next == null ? null : next + 1,
                next == null ? null : layout.stages.get(next).text(),
                matched,
                expires);
    }

    private static List<SequenceExplanation.StageEvent> stageEvents(List<Long> arrivals, SequenceRecorder recorder) {
        List<SequenceExplanation.StageEvent> out = new ArrayList<>();
        for (int s = 0; s < arrivals.size(); s++) {
            long arrival = arrivals.get(s);
            if (arrival != 0) {
                int index = recorder.index(arrival);
                Long time = recorder.time(index);
                out.add(new SequenceExplanation.StageEvent(
                        s + 1,
                        index,
                        time == null || time == Long.MIN_VALUE
                                ? null
                                : Instant.ofEpochMilli(time).toString()));
            }
        }
        return out;
    }

    /** The stages with {@code runs} expanded, as the matcher numbers them, and the until stage. */
    private record Layout(
            boolean sample,
            List<SequenceExplanation.Stage> stages,
            List<Query.EventFilter> filters,
            SequenceExplanation.Stage until,
            Query.EventFilter untilFilter,
            Query.Maxspan maxspan) {

        static Layout of(Query query) {
            List<SequenceExplanation.Stage> stages = new ArrayList<>();
            List<Query.EventFilter> filters = new ArrayList<>();
            if (query instanceof Query.SequenceQuery sequence) {
                for (Query.Stage stage : sequence.stages()) {
                    for (int r = 0; r < stage.runs(); r++) {
                        stages.add(stage(stages.size() + 1, stage, sequence.by()));
                        filters.add(stage.filter());
                    }
                }
                Query.Stage until = sequence.until();
                return new Layout(
                        false,
                        stages,
                        filters,
                        until == null ? null : stage(0, until, sequence.by()),
                        until == null ? null : until.filter(),
                        sequence.maxspan());
            }
            Query.SampleQuery sample = (Query.SampleQuery) query;
            for (Query.Stage stage : sample.stages()) {
                stages.add(stage(stages.size() + 1, stage, sample.by()));
                filters.add(stage.filter());
            }
            return new Layout(true, stages, filters, null, null, null);
        }

        private static SequenceExplanation.Stage stage(int number, Query.Stage stage, List<Expr> shared) {
            List<String> by = new ArrayList<>();
            shared.forEach(e -> by.add(EqlPrinter.print(e)));
            stage.by().forEach(e -> by.add(EqlPrinter.print(e)));
            return new SequenceExplanation.Stage(number, StageClauses.text(stage.filter()), stage.missing(), by);
        }

        boolean[] missing() {
            boolean[] out = new boolean[stages.size()];
            for (int s = 0; s < out.length; s++) {
                out[s] = stages.get(s).missing();
            }
            return out;
        }
    }
}
