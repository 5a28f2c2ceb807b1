package io.verdict.esql.compile;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.function.AggregateFunction;
import io.verdict.esql.function.ArgumentTypeException;
import io.verdict.esql.function.Functions;
import io.verdict.esql.run.Aggregation;
import io.verdict.esql.run.ColumnRead;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.run.Grouping;
import io.verdict.esql.run.InlineStats;
import io.verdict.esql.run.Stats;
import io.verdict.esql.run.Step;
import io.verdict.esql.run.Steps;
import io.verdict.esql.value.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans {@code STATS} and {@code INLINE STATS}: the group keys and aggregation arguments bound over the input rows,
 * and the written expressions ({@code ROUND(AVG(x), 1)}, {@code COUNT(*) + 1}) over a row of the group's keys
 * (from {@code keyBase}) and aggregates (from {@code resultBase}).
 */
final class StatsPlanner {

    private final Binder binder;
    private final RowScope rows;

    StatsPlanner(Binder binder, RowScope rows) {
        this.binder = binder;
        this.rows = rows;
    }

    private record Group(String name, Typed value, Col existing) {}

    /** Plans the command, leaving {@code rows}' layout (and for STATS its segment) as after it. */
    Step plan(Command.Stats stats) {
        List<Command.Field> groupFields = new ArrayList<>();
        List<Command.Aggregate> aggregateFields = new ArrayList<>();
        shadowing(stats, groupFields, aggregateFields);
        List<Group> groups = new ArrayList<>();
        List<Evaluator> keys = new ArrayList<>();
        List<int[]> aliasAssign = new ArrayList<>();
        List<Evaluator> aliasValues = new ArrayList<>();
        for (Command.Field g : groupFields) {
            Expr e = g.expr();
            String name = g.name();
            Typed t = binder.bind(e, rows);
            Col existing;
            if (e instanceof Expr.Attribute a && a.name().equals(name) && !t.failed()) {
                existing = rows.layout.get(name);
            } else {
                // an alias is a column of the input rows too: the aggregations' arguments and filters see it
                int slot = rows.segment.allocate();
                aliasAssign.add(new int[] {slot});
                aliasValues.add(t.evaluator());
                existing = new Col(name, t.type(), slot, null);
                rows.layout.add(existing);
                t = Typed.computed(t.type(), new ColumnRead(slot));
            }
            groups.add(new Group(name, t, existing));
            keys.add(t.evaluator());
        }
        int outputsCount = aggregateFields.size();
        int keyBase = stats.inline() ? 0 : outputsCount;
        int resultBase = keyBase + groups.size();
        List<Aggregation> aggregations = new ArrayList<>();
        List<Typed> outputs = new ArrayList<>();
        for (Command.Aggregate agg : aggregateFields) {
            Typed filter =
                    agg.filter() == null ? null : binder.condition(agg.filter(), rows, "filter of an aggregation");
            Scope outer = new Scope() {
                @Override
                public Typed resolve(Expr.Attribute a) {
                    for (int j = 0; j < groups.size(); j++) {
                        if (groups.get(j).name().equals(a.name())) {
                            return Typed.computed(groups.get(j).value().type(), new ColumnRead(keyBase + j));
                        }
                    }
                    return binder.error(
                            a.offset(),
                            "column [" + a.name()
                                    + "] must appear in the STATS BY clause or be used in an aggregate function");
                }

                @Override
                public Typed aggregate(Expr.Call call) {
                    return aggregation(call, filter, aggregations, resultBase);
                }
            };
            outputs.add(binder.bind(agg.expr(), outer));
        }
        Grouping grouping = new Grouping(keys.toArray(Evaluator[]::new), aggregations.toArray(Aggregation[]::new));
        Evaluator[] evaluators = outputs.stream().map(Typed::evaluator).toArray(Evaluator[]::new);
        if (stats.inline()) {
            int[] targets = new int[outputsCount];
            for (Group g : groups) {
                rows.layout.remove(g.name());
            }
            for (int i = 0; i < outputsCount; i++) {
                targets[i] = rows.segment.allocate();
                rows.layout.add(
                        new Col(aggregateFields.get(i).name(), outputs.get(i).type(), targets[i], null));
            }
            for (Group g : groups) {
                if (g.existing() != null) {
                    rows.layout.add(g.existing().named(g.name()));
                }
            }
            Step inline = new InlineStats(
                    grouping, resultBase + aggregations.size(), keyBase, resultBase, evaluators, targets);
            return withAliases(inline, aliasAssign, aliasValues);
        }
        rows.segment = new Segment(false);
        rows.constants.clear();
        rows.layout = new Layout();
        rows.sourceOpen = false;
        int width = resultBase + aggregations.size();
        for (int i = 0; i < width; i++) {
            rows.segment.allocate();
        }
        int[] slots = new int[outputsCount];
        for (int i = 0; i < outputsCount; i++) {
            slots[i] = i;
            rows.layout.add(
                    new Col(aggregateFields.get(i).name(), outputs.get(i).type(), i, null));
        }
        for (int j = 0; j < groups.size(); j++) {
            rows.layout.add(new Col(groups.get(j).name(), groups.get(j).value().type(), keyBase + j, null));
        }
        Segment segment = rows.segment;
        Step step = new Stats(grouping, segment::width, keyBase, resultBase, slots, evaluators);
        return withAliases(step, aliasAssign, aliasValues);
    }

    /** The step, after computing the group aliases into their slots of the input rows. */
    private static Step withAliases(Step step, List<int[]> slots, List<Evaluator> values) {
        if (slots.isEmpty()) {
            return step;
        }
        Step assign = new Steps.Assign(slots.stream().mapToInt(a -> a[0]).toArray(), values.toArray(Evaluator[]::new));
        return (in, run) -> step.apply(assign.apply(in, run), run);
    }

    /**
     * The groups and aggregations that make columns: of several with one name only the last does (a group after the
     * aggregations); ES warns of each one shadowed, and so does the run.
     */
    private void shadowing(Command.Stats stats, List<Command.Field> groups, List<Command.Aggregate> aggregates) {
        List<String> names = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        stats.aggregates().forEach(a -> {
            names.add(a.name());
            offsets.add(a.offset());
        });
        stats.groups().forEach(g -> {
            names.add(g.name());
            offsets.add(g.offset());
        });
        int n = stats.aggregates().size();
        for (int i = 0; i < names.size(); i++) {
            int later = names.subList(i + 1, names.size()).lastIndexOf(names.get(i));
            if (later >= 0) {
                int at = i + 1 + later;
                var shadowed = binder.sites().at(offsets.get(i), "");
                var by = binder.sites().at(offsets.get(at), "");
                rows.planWarnings.add("Line " + shadowed.line() + ":" + shadowed.column() + ": Field '" + names.get(i)
                        + "' shadowed by field at line " + by.line() + ":" + by.column());
                continue;
            }
            if (i < n) {
                aggregates.add(stats.aggregates().get(i));
            } else {
                groups.add(stats.groups().get(i - n));
            }
        }
    }

    /** An aggregation call bound over the input rows, read back as a column of the group's row. */
    private Typed aggregation(Expr.Call call, Typed filter, List<Aggregation> aggregations, int resultBase) {
        AggregateFunction function = Functions.aggregate(call.name());
        List<DataType> types = new ArrayList<>();
        List<Object> constants = new ArrayList<>();
        List<Evaluator> args = new ArrayList<>();
        boolean star = call.args().size() == 1 && call.args().get(0) instanceof Expr.Star;
        if (!star) {
            boolean failed = false;
            for (Expr a : call.args()) {
                Typed t = binder.bind(a, rows);
                failed |= t.failed();
                types.add(t.type());
                constants.add(t.constant());
                args.add(t.evaluator());
            }
            if (failed) {
                return Typed.ERROR;
            }
        }
        if (filter != null && filter.failed()) {
            return Typed.ERROR;
        }
        AggregateFunction.Bound bound;
        try {
            bound = function.bind(types, constants);
        } catch (ArgumentTypeException e) {
            int p = e.position();
            DataType wanted = Binder.expected(e.getMessage());
            if (!star
                    && p < args.size()
                    && wanted != null
                    && types.get(p).string()
                    && rows.guessed(call.args().get(p))) {
                Typed bent = binder.bend(
                        Typed.computed(types.get(p), args.get(p)),
                        wanted,
                        call.args().get(p));
                if (bent.type() == wanted) {
                    types.set(p, wanted);
                    args.set(p, bent.evaluator());
                    try {
                        bound = function.bind(types, constants);
                        return bound(call, filter, aggregations, resultBase, args, bound);
                    } catch (IllegalArgumentException again) {
                        // reported below, as first found
                    }
                }
            }
            String arg = p < call.args().size() ? binder.text(call.args().get(p)) : "";
            return binder.error(call.offset(), e.message(binder.text(call), arg));
        } catch (IllegalArgumentException e) {
            return binder.error(call.offset(), e.getMessage() + " in [" + binder.text(call) + "]");
        }
        return bound(call, filter, aggregations, resultBase, args, bound);
    }

    private Typed bound(
            Expr.Call call,
            Typed filter,
            List<Aggregation> aggregations,
            int resultBase,
            List<Evaluator> args,
            AggregateFunction.Bound bound) {
        int k = aggregations.size();
        aggregations.add(new Aggregation(
                binder.sites().of(call),
                args.toArray(Evaluator[]::new),
                filter == null ? null : filter.evaluator(),
                bound.accumulators()));
        return Typed.computed(bound.type(), new ColumnRead(resultBase + k));
    }
}
