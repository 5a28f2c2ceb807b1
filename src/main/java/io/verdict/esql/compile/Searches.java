package io.verdict.esql.compile;

import io.verdict.esql.EsqlDocument;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.run.Evaluator;
import io.verdict.esql.run.Order;
import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.event.TextAnalyzer;
import io.verdict.kql.CompiledKql;
import io.verdict.kql.KqlCompiler;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code KQL("...")}, run by Verdict's KQL engine on the source document's event (its raw values: any element of
 * an array matches), and the match operator {@code field: "text"} / {@code MATCH(field, "text")}: an exact term on
 * keywords and other types, an analysed any-word match on text.
 */
public final class Searches {

    private final FieldTypes fieldTypes;
    private Schema schema;

    Searches(FieldTypes fieldTypes) {
        this.fieldTypes = fieldTypes;
    }

    Typed kql(Binder binder, Expr.Call call, Scope scope) {
        if (call.args().size() != 1) {
            return binder.error(call.offset(), "KQL takes one argument, the query string");
        }
        if (!scope.documents()) {
            return binder.error(
                    call.offset(),
                    "[" + binder.text(call) + "] can only be used where rows are the source documents (before STATS)");
        }
        Typed text = binder.bind(call.args().get(0), scope);
        if (text.failed()) {
            return text;
        }
        if (!(text.constant() instanceof String kql)) {
            return binder.error(call.offset(), "argument of [" + binder.text(call) + "] must be a constant string");
        }
        CompiledKql compiled;
        try {
            compiled = KqlCompiler.compile(SourceText.of(kql), schema(), Clock.systemUTC());
        } catch (QueryException e) {
            return binder.error(
                    call.offset(),
                    "invalid KQL query [" + kql + "]: " + e.problems().get(0).message());
        }
        binder.searchedFields.addAll(compiled.fields());
        return Typed.computed(
                DataType.BOOLEAN, (row, run) -> compiled.matches(((EsqlDocument) row[Segment.DOCUMENT]).event()));
    }

    Typed match(Binder binder, Expr at, Expr field, Expr query, Scope scope) {
        Typed column = binder.bind(field, scope);
        Typed text = binder.bind(query, scope);
        if (column.failed() || text.failed()) {
            return Typed.ERROR;
        }
        if (!(text.constant() instanceof String q)) {
            return binder.error(query.offset(), "the query of [" + binder.text(at) + "] must be a constant string");
        }
        Evaluator value = column.evaluator();
        if (column.type() == DataType.TEXT) {
            Set<String> words = Set.copyOf(TextAnalyzer.standard().tokens(q));
            return Typed.computed(DataType.BOOLEAN, (row, run) -> {
                for (Object e : Values.elements(value.eval(row, run))) {
                    if (TextAnalyzer.standard().words((String) e).containsAny(words)) {
                        return true;
                    }
                }
                return false;
            });
        }
        Object term;
        if (column.type().string()) {
            term = q;
        } else {
            try {
                term = TypeRules.widen(TypeRules.fromString(q, column.type()), column.type())
                        .constant();
            } catch (IllegalArgumentException e) {
                return binder.error(query.offset(), e.getMessage() + " in [" + binder.text(at) + "]");
            }
        }
        return Typed.computed(DataType.BOOLEAN, (row, run) -> {
            for (Object e : Values.elements(value.eval(row, run))) {
                if (e.getClass() == term.getClass() && Order.compare(e, term) == 0) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The field types as the KQL engine takes them, made once per compiler on the first {@code KQL()}. */
    private synchronized Schema schema() {
        if (schema == null) {
            Map<String, FieldType> types = new HashMap<>();
            for (String name : fieldTypes.names()) {
                FieldType t = kqlType(fieldTypes.typeOf(name));
                if (t != null) {
                    types.put(name, t);
                }
            }
            schema = Schema.of(types);
        }
        return schema;
    }

    private static FieldType kqlType(DataType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case KEYWORD -> FieldType.KEYWORD;
            case TEXT -> FieldType.TEXT;
            case INTEGER, LONG -> FieldType.LONG;
            case DOUBLE -> FieldType.DOUBLE;
            case BOOLEAN -> FieldType.BOOLEAN;
            case DATETIME -> FieldType.DATE;
            case IP -> FieldType.IP;
            case GEO_POINT -> FieldType.GEO_POINT;
            default -> null;
        };
    }
}
