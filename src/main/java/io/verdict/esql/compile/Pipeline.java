package io.verdict.esql.compile;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.EsqlRunException;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.run.Reads;
import io.verdict.esql.run.Run;
import io.verdict.esql.run.SourceField;
import io.verdict.esql.run.Step;
import io.verdict.esql.value.DataType;
import io.verdict.event.Event;
import io.verdict.query.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled query: the source (documents read into rows of the first segment, or the one row of {@code ROW}),
 * the leading filter fused into the source so that a document it drops costs only the columns it reads, then one
 * step per command, then the implicit limit and the projection to the output columns. Immutable and thread-safe.
 */
final class Pipeline implements CompiledEsql {

    /** A result column and the slot of the last segment it is read from. */
    record Output(String name, DataType type, int slot) {}

    private final String text;
    private final boolean aggregating;
    private final boolean perDocument;
    private final List<String> patterns;
    private final List<String> metadata;
    private final Set<String> sourceFields;
    private final String unsupported;
    private final String unsupportedKeyword;
    private final List<Problem> warnings;
    private final List<String> planWarnings;
    private final int width;
    private final int sites;
    private final Step row;
    private final Evaluator leading;
    /** What the leading filter reads of each document. */
    private final List<SourceField> leadingReads;
    /** What the source reads of each document (that passed the leading filter). */
    private final Reads sourceReads;

    private final Planned sourceTrace;
    private final Planned leadingTrace;
    private final List<Planned> steps;
    private final List<Output> output;

    private Pipeline(Builder b) {
        this.text = b.text;
        this.aggregating = b.aggregating;
        this.perDocument = b.perDocument;
        this.patterns = List.copyOf(b.patterns);
        this.metadata = List.copyOf(b.metadata);
        this.unsupported = b.unsupported;
        this.unsupportedKeyword = b.unsupportedKeyword;
        this.warnings = List.copyOf(b.warnings);
        this.planWarnings = List.copyOf(b.planWarnings);
        this.width = b.width.width();
        this.sites = b.sites;
        this.row = b.row;
        this.leading = b.leading;
        this.sourceTrace = b.sourceTrace;
        this.leadingTrace = b.leadingTrace;
        List<Planned> steps = new ArrayList<>(b.steps);
        this.output = List.copyOf(b.output);
        List<SourceField> first = new ArrayList<>();
        List<SourceField> later = new ArrayList<>();
        List<SourceField> late = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        Set<Integer> leadingSlots = new java.util.HashSet<>();
        if (b.leadingCols != null) {
            b.leadingCols.forEach(c -> leadingSlots.add(c.slot()));
        }
        List<SourceField> all = b.reads == null ? List.<SourceField>of() : b.reads;
        for (int i = 0; i < all.size(); i++) {
            SourceField f = all.get(i);
            (leadingSlots.contains(f.slot()) ? first : b.lateAfter >= 0 && i >= b.earlyReads ? late : later).add(f);
            if (f.path() != null) {
                fields.add(f.path().name());
            }
        }
        this.leadingReads = List.copyOf(first);
        this.sourceReads = new Reads(later, Segment.DOCUMENT);
        if (!late.isEmpty()) {
            // columns nothing before the first filter reads are read for the rows that pass it
            Planned filter = steps.get(b.lateAfter);
            Step step = filter.step();
            Reads reads = new Reads(late, Segment.DOCUMENT);
            steps.set(
                    b.lateAfter,
                    new Planned(
                            filter.command(),
                            filter.line(),
                            filter.column(),
                            (rows, run) -> reads.apply(step.apply(rows, run), run)));
        }
        // KQL() reads the raw event, not columns: its fields are read from the source all the same
        fields.addAll(b.searchedFields);
        this.sourceFields = Collections.unmodifiableSet(fields);
        this.steps = List.copyOf(steps);
    }

    /** What the compiler gathers while it plans; read once into the pipeline. */
    static final class Builder {
        String text;
        java.util.Set<String> searchedFields = java.util.Set.of();
        boolean aggregating;
        boolean perDocument = true;
        List<String> patterns = List.of();
        List<String> metadata = List.of();
        String unsupported;
        String unsupportedKeyword;
        List<Problem> warnings = List.of();
        List<String> planWarnings = List.of();
        Segment width;
        int sites;
        Step row;
        Evaluator leading;
        List<Col> leadingCols;
        /** The step of the first filter after which the reads from {@link #earlyReads} on are made; -1 for none. */
        int lateAfter = -1;

        int earlyReads;
        List<Col> readCols;
        List<SourceField> reads;
        Planned sourceTrace;
        Planned leadingTrace;
        List<Planned> steps = List.of();
        List<Output> output = List.of();

        Pipeline build() {
            return new Pipeline(this);
        }
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public boolean aggregating() {
        return aggregating;
    }

    @Override
    public boolean perDocument() {
        return perDocument;
    }

    @Override
    public List<String> indexPatterns() {
        return patterns;
    }

    @Override
    public List<String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> sourceFields() {
        return sourceFields;
    }

    @Override
    public String unsupported() {
        return unsupported;
    }

    @Override
    public List<Problem> warnings() {
        return warnings;
    }

    @Override
    public boolean passesLeadingFilter(Event event) {
        if (leading == null) {
            return true;
        }
        Object[] r = new Object[width];
        r[Segment.DOCUMENT] = new EsqlDocument(event, null, null, 0);
        for (SourceField f : leadingReads) {
            r[f.slot()] = f.read(event);
        }
        return Boolean.TRUE.equals(leading.eval(r, new Run(Instant.now(), 0, true)));
    }

    @Override
    public boolean yieldsRow(EsqlDocument document, Instant now) {
        if (leading != null && unsupported == null && row == null) {
            Object[] r = new Object[width];
            r[Segment.DOCUMENT] = document;
            for (SourceField f : leadingReads) {
                r[f.slot()] = f.read(document);
            }
            // quiet: a document the filter drops is not run, so its warnings would be said of no run
            if (!Boolean.TRUE.equals(leading.eval(r, new Run(now, 0, true)))) {
                return false;
            }
        }
        return CompiledEsql.super.yieldsRow(document, now);
    }

    @Override
    public EsqlResult run(List<EsqlDocument> documents, EsqlContext context) {
        if (unsupported != null) {
            throw new EsqlRunException("the query uses " + unsupportedKeyword + ", which Verdict does not run");
        }
        Run run = new Run(context.now(), sites, false);
        planWarnings.forEach(run::warn);
        List<EsqlResult.Step> trace = context.trace() ? new ArrayList<>() : null;
        List<Object[]> rows;
        if (row != null) {
            rows = row.apply(new ArrayList<>(List.<Object[]>of(new Object[width])), run);
            record(trace, sourceTrace, 0, rows.size(), -1);
        } else {
            rows = read(documents, run, trace);
        }
        for (Planned p : steps) {
            long in = rows.size();
            if (p.step() != null) {
                rows = p.step().apply(rows, run);
            }
            record(trace, p, in, rows.size(), run.takeGroups());
        }
        int limit = Math.min(rows.size(), Math.max(0, context.limit()));
        List<List<Object>> values = new ArrayList<>(limit);
        for (Object[] r : rows.subList(0, limit)) {
            Object[] projected = new Object[output.size()];
            for (int i = 0; i < projected.length; i++) {
                projected[i] = r[output.get(i).slot()];
            }
            values.add(java.util.Arrays.asList(projected));
        }
        List<EsqlResult.Column> columns = output.stream()
                .map(o -> new EsqlResult.Column(o.name(), o.type()))
                .toList();
        return new EsqlResult(columns, values, run.warnings(), trace == null ? List.of() : trace);
    }

    private List<Object[]> read(List<EsqlDocument> documents, Run run, List<EsqlResult.Step> trace) {
        List<Object[]> rows = new ArrayList<>(documents.size());
        for (EsqlDocument d : documents) {
            Object[] r = new Object[width];
            r[Segment.DOCUMENT] = d;
            if (leading != null) {
                for (SourceField f : leadingReads) {
                    r[f.slot()] = f.read(d);
                }
                if (!Boolean.TRUE.equals(leading.eval(r, run))) {
                    continue;
                }
            }
            sourceReads.read(d, r);
            rows.add(r);
        }
        record(trace, sourceTrace, documents.size(), documents.size(), -1);
        if (leading != null) {
            record(trace, leadingTrace, documents.size(), rows.size(), -1);
        }
        return rows;
    }

    private static void record(List<EsqlResult.Step> trace, Planned p, long in, long out, long groups) {
        if (trace != null) {
            trace.add(new EsqlResult.Step(p.command(), p.line(), p.column(), in, out, groups));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
