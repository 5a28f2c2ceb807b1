package io.verdict.esql.compile;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.run.SourceField;
import io.verdict.esql.run.Steps;
import io.verdict.esql.value.DataType;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks and plans a parsed query command by command, keeping the column layout as ES|QL does, into a
 * {@link Pipeline}. Problems are collected over the whole query and thrown together.
 */
public final class PipelineCompiler {

    private final Query query;
    private final SourceText source;
    private final FieldTypes types;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final Sites sites;
    private final Binder binder;
    private final RowScope rows;
    private final List<Planned> steps = new ArrayList<>();
    private final Pipeline.Builder out = new Pipeline.Builder();

    public PipelineCompiler(Query query, SourceText source, FieldTypes types, Searches searches) {
        this.query = query;
        this.source = source;
        this.types = types;
        this.sites = new Sites(query);
        this.binder = new Binder(query, source, problems, warnings, sites, searches);
        this.rows = new RowScope(binder, types, source, warnings);
        this.rows.guesses = Guesses.of(query, types);
    }

    /** A fresh {@link Searches} for the field types, to share between the compiles of one compiler. */
    public static Searches searches(FieldTypes types) {
        return new Searches(types);
    }

    /** @throws QueryException with every problem found */
    public CompiledEsql compile() {
        List<Command> commands = query.commands();
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            if (i == 0) {
                source(c);
            } else {
                process(c, i);
            }
        }
        List<Col> output = rows.layout.columns();
        List<Col> materialised = new ArrayList<>();
        for (Col c : output) {
            materialised.add(c.materialised() ? c : rows.segment.materialise(c));
        }
        if (!problems.isEmpty()) {
            throw new QueryException(problems.size() > 100 ? problems.subList(0, 100) : problems);
        }
        capExpansions();
        out.text = query.text();
        out.searchedFields = binder.searchedFields;
        out.warnings = warnings;
        out.planWarnings = rows.planWarnings;
        out.steps = steps;
        out.sites = sites.count();
        out.output = materialised.stream()
                .map(c -> new Pipeline.Output(c.name(), c.type(), c.slot()))
                .toList();
        if (out.reads != null) {
            for (Col c : out.readCols) {
                out.reads.add(SourceField.of(c.slot(), c.source(), c.type()));
            }
        }
        return out.build();
    }

    private void source(Command c) {
        rows.layout = new Layout();
        if (c instanceof Command.From from) {
            rows.segment = new Segment(true);
            rows.sourceOpen = true;
            TreeSet<String> names = new TreeSet<>(types.names());
            for (String name : names) {
                DataType t = types.typeOf(name);
                if (t != null) {
                    rows.layout.add(new Col(name, t, -1, name));
                }
            }
            for (String m : from.metadata()) {
                if (!SourceField.metadata(m)) {
                    problems.add(Problem.at(source, from.offset(), "unsupported metadata field [" + m + "]"));
                    continue;
                }
                rows.layout.add(new Col(m, m.equals("_version") ? DataType.LONG : DataType.KEYWORD, -1, m));
            }
            out.patterns = from.patterns();
            out.metadata = from.metadata();
            out.reads = new ArrayList<>();
            out.readCols = rows.segment.reads();
            out.width = rows.segment;
        } else if (c instanceof Command.Row row) {
            rows.segment = new Segment(false);
            List<Integer> slots = new ArrayList<>();
            List<Evaluator> values = new ArrayList<>();
            for (Command.Field f : row.fields()) {
                Typed t = span(binder.bind(f.expr(), rows), f.expr(), "ROW");
                int slot = rows.segment.allocate();
                rows.layout.add(new Col(f.name() != null ? f.name() : binder.text(f.expr()), t.type(), slot, null));
                slots.add(slot);
                values.add(t.evaluator());
            }
            out.patterns = List.of();
            out.metadata = List.of();
            out.width = rows.segment;
            out.row = new Steps.Assign(
                    slots.stream().mapToInt(Integer::intValue).toArray(), values.toArray(Evaluator[]::new));
        } else {
            problems.add(Problem.at(source, c.offset(), "a query starts with FROM or ROW, not " + c.keyword()));
            rows.segment = new Segment(false);
            out.width = rows.segment;
        }
        out.sourceTrace = trace(c, 0, null);
    }

    private void process(Command c, int index) {
        boolean perRow = true;
        io.verdict.esql.run.Step step = null;
        if (c instanceof Command.Where w) {
            int before = rows.segment.reads().size();
            Typed cond = binder.condition(w.condition(), rows, "Condition expression");
            if (index == 1 && out.reads != null) {
                out.leading = cond.evaluator();
                out.leadingCols = new ArrayList<>(rows.segment
                        .reads()
                        .subList(before, rows.segment.reads().size()));
                out.leadingTrace = trace(c, index, null);
                return;
            }
            step = new Steps.Filter(cond.evaluator());
            if (out.lateAfter < 0
                    && out.leading == null
                    && out.reads != null
                    && out.perDocument
                    && rows.segment.source()) {
                out.lateAfter = steps.size();
                out.earlyReads = rows.segment.reads().size();
            }
        } else if (c instanceof Command.Eval e) {
            List<Integer> slots = new ArrayList<>();
            List<Evaluator> values = new ArrayList<>();
            for (Command.Field f : e.fields()) {
                Typed t = span(binder.bind(f.expr(), rows), f.expr(), "EVAL");
                int slot = rows.segment.allocate();
                rows.layout.add(new Col(f.name() != null ? f.name() : binder.text(f.expr()), t.type(), slot, null));
                slots.add(slot);
                values.add(t.evaluator());
                if (t.isConstant()) {
                    rows.constants.put(slot, t.constant());
                }
            }
            step = new Steps.Assign(
                    slots.stream().mapToInt(Integer::intValue).toArray(), values.toArray(Evaluator[]::new));
        } else if (c instanceof Command.Stats s) {
            perRow = false;
            if (!s.inline()) {
                out.aggregating = true;
            }
            step = new StatsPlanner(binder, rows).plan(s);
        } else if (c instanceof Command.Keep k) {
            keep(k.patterns());
            rows.sourceOpen = false;
        } else if (c instanceof Command.Drop d) {
            drop(d.patterns());
        } else if (c instanceof Command.Rename r) {
            for (Command.Renaming rn : r.renamings()) {
                if (rows.column(rn.from(), rn.offset()) == null) {
                    problems.add(Problem.at(source, rn.offset(), "Unknown column [" + rn.from() + "]"));
                    continue;
                }
                if (rn.from().equals(rn.to())) {
                    continue;
                }
                rows.layout.rename(rn.from(), rn.to());
                rows.gone.add(rn.from());
                rows.gone.remove(rn.to());
            }
        } else if (c instanceof Command.Sort s) {
            perRow = false;
            List<Steps.SortKey> keys = new ArrayList<>();
            for (Command.Order o : s.orders()) {
                Typed t = binder.bind(o.expr(), rows);
                if (t.type() == DataType.GEO_POINT) {
                    problems.add(Problem.at(
                            source,
                            o.expr().offset(),
                            "cannot sort on [" + binder.text(o.expr()) + "] of type [geo_point]"));
                }
                boolean nullsFirst = o.nullsFirst() != null ? o.nullsFirst() : !o.ascending();
                keys.add(new Steps.SortKey(t.evaluator(), o.ascending(), nullsFirst));
            }
            step = new Steps.Sort(keys);
        } else if (c instanceof Command.Limit l) {
            perRow = false;
            step = new Steps.Limit(l.count());
        } else if (c instanceof Command.MvExpand m) {
            Col col = rows.column(m.column().name(), m.column().offset());
            if (col == null) {
                problems.add(Problem.at(
                        source,
                        m.column().offset(),
                        "Unknown column [" + m.column().name() + "]"));
                return;
            }
            int to = rows.segment.allocate();
            rows.layout.replace(new Col(col.name(), col.type(), to, null));
            step = new Steps.MvExpand(col.slot(), to, Integer.MAX_VALUE);
        } else if (c instanceof Command.Dissect d) {
            step = TextCommands.dissect(d, binder, rows);
        } else if (c instanceof Command.Grok g) {
            step = TextCommands.grok(g, binder, rows);
        } else if (c instanceof Command.Unsupported u) {
            perRow = false;
            unsupported(u.keyword());
        } else if (c instanceof Command.From f) {
            problems.add(Problem.at(source, f.offset(), "FROM must be the first command"));
        } else if (c instanceof Command.Row r) {
            problems.add(Problem.at(source, r.offset(), "ROW must be the first command"));
        }
        out.perDocument &= perRow;
        steps.add(trace(c, index, step));
    }

    /**
     * Gives each MV_EXPAND that a LIMIT follows, through commands that never drop a row, that limit as its most rows:
     * the rows past it would be cut anyway, and a few multivalues expanded in turn make billions.
     */
    private void capExpansions() {
        int cap = Integer.MAX_VALUE;
        for (int i = steps.size() - 1; i >= 0; i--) {
            io.verdict.esql.run.Step step = steps.get(i).step();
            if (step instanceof Steps.Limit l) {
                cap = Math.min(cap, l.count());
            } else if (step instanceof Steps.MvExpand m) {
                steps.set(
                        i,
                        new Planned(
                                steps.get(i).command(),
                                steps.get(i).line(),
                                steps.get(i).column(),
                                new Steps.MvExpand(m.from(), m.to(), Math.min(cap, m.cap()))));
            } else if (step != null
                    && !(step instanceof Steps.Assign)
                    && !(step instanceof io.verdict.esql.run.TextParse)) {
                cap = Integer.MAX_VALUE;
            }
        }
    }

    /** {@code t}, or a problem when it is a time span: spans are arguments of date arithmetic, never columns. */
    private Typed span(Typed t, Expr e, String command) {
        if (t.type() == DataType.TIME_DURATION || t.type() == DataType.DATE_PERIOD) {
            return binder.error(
                    e.offset(),
                    command + " does not support type [" + t.type().esName()
                            + "] as the return data type of expression [" + binder.text(e) + "]");
        }
        return t;
    }

    /** A command Verdict does not run: named, and later names no column has are null keywords. */
    private void unsupported(String keyword) {
        if (out.unsupported == null) {
            out.unsupported = keyword.toLowerCase(Locale.ROOT).replace(' ', '_');
            out.unsupportedKeyword = keyword;
        }
        rows.lenient = true;
    }

    private void keep(List<Command.NamePattern> patterns) {
        List<Col> current = rows.layout.columns();
        Map<String, Integer> priorities = new LinkedHashMap<>();
        Map<String, Col> byName = new LinkedHashMap<>();
        for (Command.NamePattern p : patterns) {
            int priority;
            List<Col> matched = new ArrayList<>();
            if (p.pattern().equals("*")) {
                priority = 4;
                matched = current;
            } else if (p.pattern().contains("*")) {
                priority = 3;
                Pattern regex = glob(p.pattern());
                for (Col c : current) {
                    if (regex.matcher(c.name()).matches()) {
                        matched.add(c);
                    }
                }
            } else {
                priority = 2;
                Col c = rows.column(p.pattern(), p.offset());
                if (c == null) {
                    problems.add(Problem.at(source, p.offset(), "Unknown column [" + p.pattern() + "]"));
                    continue;
                }
                matched.add(c);
            }
            for (Col c : matched) {
                Integer previous = priorities.get(c.name());
                if (previous == null || previous >= priority) {
                    priorities.remove(c.name());
                    priorities.put(c.name(), priority);
                    byName.put(c.name(), rows.layout.get(c.name()));
                }
            }
        }
        List<Col> kept = new ArrayList<>();
        for (String name : priorities.keySet()) {
            kept.add(byName.get(name));
        }
        rows.layout.set(kept);
    }

    private void drop(List<Command.NamePattern> patterns) {
        java.util.Set<String> dropped = new java.util.HashSet<>();
        for (Command.NamePattern p : patterns) {
            if (p.pattern().contains("*")) {
                Pattern regex = glob(p.pattern());
                for (Col c : rows.layout.columns()) {
                    if (regex.matcher(c.name()).matches()) {
                        rows.layout.remove(c.name());
                        rows.gone.add(c.name());
                        dropped.add(c.name());
                    }
                }
            } else if (rows.layout.get(p.pattern()) == null
                    && !dropped.contains(p.pattern())
                    && !(rows.sourceOpen && rows.segment.source())) {
                problems.add(Problem.at(source, p.offset(), "Unknown column [" + p.pattern() + "]"));
            } else {
                rows.layout.remove(p.pattern());
                rows.gone.add(p.pattern());
                dropped.add(p.pattern());
            }
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private Planned trace(Command c, int index, io.verdict.esql.run.Step step) {
        List<Command> commands = query.commands();
        String text = query.text();
        int end = index + 1 < commands.size() ? commands.get(index + 1).offset() : text.length();
        String written = text.substring(Math.min(c.offset(), end), end).strip();
        if (written.endsWith("|")) {
            written = written.substring(0, written.length() - 1).strip();
        }
        if (written.length() > 200) {
            written = written.substring(0, 199) + "\u2026";
        }
        var site = sites.at(c.offset(), written);
        return new Planned(written, site.line(), site.column(), step);
    }
}
