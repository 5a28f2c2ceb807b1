package io.verdict.engine;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.SchemaFieldTypes;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles the ES|QL rules of a {@link RuleCompiler}: the query, what an event must do to count for the rule (its
 * row filter), what the rule index may look for, the fields read, and the warnings said as for EQL and KQL rules.
 * Stateless and thread-safe.
 */
final class EsqlRuleCompiler {

    private final EsqlCompiler esql;
    private final Schema schema;
    private final Clock clock;
    private final RequiredLiterals required;
    private final UnknownFields unknownFields;

    EsqlRuleCompiler(Schema schema, Clock clock, RequiredLiterals required, UnknownFields unknownFields) {
        this.esql = new EsqlCompiler(new SchemaFieldTypes(schema));
        this.schema = schema;
        this.clock = clock;
        this.required = required;
        this.unknownFields = unknownFields;
    }

    /**
     * An ES|QL rule: decided per event when its query works on one row at a time, else over windows of events at
     * each tick of its schedule. Kibana applies the rule's exceptions to the source documents, before the query
     * sees them; it supports no {@code filters} for ES|QL rules.
     */
    CompiledRule compile(Rule rule) {
        RuleQuery query = rule.query();
        List<Problem> problems = new ArrayList<>(RuleCompiler.fieldNameProblems(rule));
        io.verdict.esql.ast.Query parsed = problems.isEmpty() && query.text() != null
                ? RuleCompiler.collect(problems, () -> io.verdict.esql.parser.EsqlParser.parse(query.text()))
                : null;
        CompiledEsql compiled =
                parsed != null ? RuleCompiler.collect(problems, () -> esql.compile(parsed, query.text())) : null;
        if (compiled == null || !problems.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(RuleCompiler.problemAtQuery(rule, "an ES|QL rule needs a query"));
            }
            return CompiledRule.skipped(rule, Coverage.QUERY_ERROR, problems);
        }
        List<Problem> warnings = new ArrayList<>();
        for (Problem warning : compiled.warnings()) {
            String unknown = unknownField(warning);
            if (unknown == null) {
                warnings.add(warning);
            } else if (unknownFields.mode() != UnknownFields.Mode.IGNORE && !unknownFields.known(unknown)) {
                // said as for EQL and KQL rules, with the nearest known names; an error where unknown names are
                Problem said = new Problem(
                        warning.origin(),
                        warning.line(),
                        warning.column(),
                        unknownFields.message(unknown) + " (read as " + readAs(warning) + ")",
                        warning.sourceLine(),
                        warning.caret());
                (unknownFields.mode() == UnknownFields.Mode.REFUSE ? problems : warnings).add(said);
            }
        }
        if (!problems.isEmpty()) {
            return CompiledRule.skipped(rule, Coverage.QUERY_ERROR, problems);
        }
        String unsupported = compiled.unsupported();
        if (unsupported != null) {
            boolean inference = unsupported.equals("completion");
            warnings.add(RuleCompiler.problemAtQuery(
                    rule,
                    inference
                            ? "the query asks a language model (COMPLETION), which Verdict does not call: the rule is skipped"
                            : "the query uses "
                                    + unsupported
                                            .toUpperCase(java.util.Locale.ROOT)
                                            .replace('_', ' ') + ", which Verdict does not run: the rule is skipped"));
            return new CompiledRule(
                    rule,
                    inference ? Coverage.ESQL_INFERENCE : Coverage.ESQL_COMMAND,
                    null,
                    List.of(),
                    IndexPatterns.ANY,
                    null,
                    List.of(),
                    List.of(),
                    warnings,
                    compiled);
        }
        Coverage coverage =
                compiled.perDocument() && !compiled.aggregating() ? Coverage.ESQL_EVENT : Coverage.ESQL_WINDOW;
        EventPredicate matcher = rowFilter(parsed, compiled, query);
        if (!rule.exceptions().isEmpty()) {
            List<String> unreadable = new ArrayList<>();
            EventPredicate suppressed = ExceptionMatcher.compile(rule.exceptions(), schema, clock, unreadable::add);
            if (!unreadable.isEmpty()) {
                return CompiledRule.skipped(
                        rule,
                        Coverage.QUERY_ERROR,
                        unreadable.stream()
                                .map(message -> RuleCompiler.problemAtQuery(rule, message))
                                .toList());
            }
            matcher = matcher.and(suppressed.negate());
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String field : compiled.sourceFields()) {
            // a KEEP pattern (aws.*) or no KEEP makes hundreds of catalogue fields columns: those the query names
            // are what its filters read; the others are read from the whole event when a row comes out
            if (compiled.sourceFields().size() <= WIDE_OUTPUT
                    || query.text().text().contains(field)) {
                fields.add(field);
            }
        }
        fields.addAll(rule.alert().investigationFields());
        List<List<Requirement>> requirements = required.of(parsed);
        return new CompiledRule(
                rule,
                coverage,
                matcher,
                fields.stream().map(FieldPath::of).toList(),
                IndexPatterns.of(compiled.indexPatterns()),
                new AlertOverrides(rule),
                List.of(),
                requirements,
                warnings,
                compiled);
    }

    private static final String UNKNOWN_FIELD = "unknown field [";
    private static final String READ_AS = "] is read as ";

    /** The field an ES|QL warning says no field type knows, or null for another warning. */
    private static String unknownField(Problem warning) {
        String message = warning.message();
        int read = message.indexOf(READ_AS);
        return message.startsWith(UNKNOWN_FIELD) && read > UNKNOWN_FIELD.length()
                ? message.substring(UNKNOWN_FIELD.length(), read)
                : null;
    }

    /** How the ES|QL warning says the unknown field is read: {@code keyword}, {@code long, as its use ...}. */
    private static String readAs(Problem warning) {
        String message = warning.message();
        return message.substring(message.indexOf(READ_AS) + READ_AS.length());
    }

    /**
     * What a document must do to count for an ES|QL rule: yield a row through the commands that work row by row
     * before the first that needs many ({@code STATS}, {@code SORT} ...) — all of them for a rule decided per event.
     * A document that yields none adds nothing to any run (a windowed rule need not keep it; a per-event rule has no
     * alert for it); the test is exact, not the first {@code WHERE} alone, and outputs one constant column, so it
     * reads no field for output. When those commands read {@code NOW()}, which is the run's and not known yet, only
     * the first {@code WHERE} is tested.
     */
    private EventPredicate rowFilter(io.verdict.esql.ast.Query parsed, CompiledEsql compiled, RuleQuery query) {
        List<io.verdict.esql.ast.Command> commands = parsed.commands();
        int end = 1;
        while (end < commands.size() && rowByRow(commands.get(end))) {
            end++;
        }
        if (end == 1 || readsNow(commands.subList(1, end))) {
            return compiled::passesLeadingFilter;
        }
        // whether a row comes out is all that is asked: one constant column, so no source field is read for output
        int at = parsed.text().length();
        List<io.verdict.esql.ast.Command> filter = new ArrayList<>(commands.subList(0, end));
        filter.add(new io.verdict.esql.ast.Command.Eval(
                at,
                List.of(new io.verdict.esql.ast.Command.Field(
                        at,
                        ROW_MARK,
                        new io.verdict.esql.ast.Expr.Literal(
                                at, at, Boolean.TRUE, io.verdict.esql.value.DataType.BOOLEAN)))));
        filter.add(new io.verdict.esql.ast.Command.Keep(
                at, List.of(new io.verdict.esql.ast.Command.NamePattern(at, ROW_MARK))));
        CompiledEsql rows = esql.compile(new io.verdict.esql.ast.Query(parsed.text(), filter), query.text());
        // an event the filter's first WHERE drops costs little more than that test; its index is named only for a
        // filter that reads _index (naming a data stream builds a string)
        boolean readsIndex = parsed.text().indexOf("_index", commands.get(1).offset()) >= 0;
        return event -> rows.yieldsRow(
                readsIndex ? EsqlAlerts.document(event, false) : new io.verdict.esql.EsqlDocument(event, null, null, 1),
                java.time.Instant.EPOCH);
    }

    /** Past this many source fields, an ES|QL query outputs catalogue fields by pattern (see {@link #compile}). */
    static final int WIDE_OUTPUT = 200;

    /** The one column of a window filter's rows. */
    private static final String ROW_MARK = "verdict.row";

    private static boolean rowByRow(io.verdict.esql.ast.Command command) {
        return command instanceof io.verdict.esql.ast.Command.Where
                || command instanceof io.verdict.esql.ast.Command.Eval
                || command instanceof io.verdict.esql.ast.Command.Keep
                || command instanceof io.verdict.esql.ast.Command.Drop
                || command instanceof io.verdict.esql.ast.Command.Rename
                || command instanceof io.verdict.esql.ast.Command.MvExpand
                || command instanceof io.verdict.esql.ast.Command.Dissect
                || command instanceof io.verdict.esql.ast.Command.Grok;
    }

    private static boolean readsNow(List<io.verdict.esql.ast.Command> commands) {
        for (io.verdict.esql.ast.Command c : commands) {
            if (c instanceof io.verdict.esql.ast.Command.Where w && callsNow(w.condition())
                    || c instanceof io.verdict.esql.ast.Command.Eval e
                            && e.fields().stream().anyMatch(f -> callsNow(f.expr()))
                    || c instanceof io.verdict.esql.ast.Command.Dissect d && callsNow(d.input())
                    || c instanceof io.verdict.esql.ast.Command.Grok g && callsNow(g.input())) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsNow(io.verdict.esql.ast.Expr e) {
        if (e instanceof io.verdict.esql.ast.Expr.Call call) {
            return call.name().equals("NOW") || call.args().stream().anyMatch(EsqlRuleCompiler::callsNow);
        }
        if (e instanceof io.verdict.esql.ast.Expr.Binary b) {
            return callsNow(b.left()) || callsNow(b.right());
        }
        if (e instanceof io.verdict.esql.ast.Expr.Unary u) {
            return callsNow(u.operand());
        }
        if (e instanceof io.verdict.esql.ast.Expr.In in) {
            return callsNow(in.value()) || in.list().stream().anyMatch(EsqlRuleCompiler::callsNow);
        }
        if (e instanceof io.verdict.esql.ast.Expr.IsNull n) {
            return callsNow(n.value());
        }
        if (e instanceof io.verdict.esql.ast.Expr.Like l) {
            return callsNow(l.value());
        }
        if (e instanceof io.verdict.esql.ast.Expr.Cast c) {
            return callsNow(c.value());
        }
        return false;
    }
}
