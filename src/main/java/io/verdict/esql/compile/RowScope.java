package io.verdict.esql.compile;

import io.verdict.esql.FieldTypes;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.run.ColumnRead;
import io.verdict.esql.value.DataType;
import io.verdict.query.Problem;
import io.verdict.query.SourceText;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names as a processing command sees them: the columns before it. While the rows are still the source documents
 * and no command has chosen columns, a name no column has is a source field: typed by the field types, or read as
 * keyword with a warning when they do not know it.
 */
final class RowScope implements Scope {

    private final Binder binder;
    private final FieldTypes types;
    private final SourceText source;
    private final List<Problem> warnings;
    Layout layout;
    Segment segment;
    /** Whether a name no column has may still be a source field. */
    boolean sourceOpen;
    /** Types of unknown source fields guessed from their use ({@link Guesses}). */
    Map<String, DataType> guesses = Map.of();
    /** Values of the columns known before any row (an EVAL or ROW of a constant), by slot of the current segment. */
    final Map<Integer, Object> constants = new java.util.HashMap<>();
    /** Warnings ES gives when it plans the query (shadowed STATS columns): every run repeats them. */
    final List<String> planWarnings = new java.util.ArrayList<>();
    /** Names dropped or renamed away: no longer source fields. */
    final Set<String> gone = new HashSet<>();
    /** Source fields the field types do not know: read as keyword, their type may bend where used (see Binder). */
    final Set<String> guessed = new HashSet<>();
    /** After a command Verdict does not run: unknown names are null keywords rather than errors. */
    boolean lenient;

    RowScope(Binder binder, FieldTypes types, SourceText source, List<Problem> warnings) {
        this.binder = binder;
        this.types = types;
        this.source = source;
        this.warnings = warnings;
    }

    @Override
    public Typed resolve(Expr.Attribute a) {
        Col col = column(a.name(), a.offset());
        if (col == null) {
            if (lenient) {
                return Typed.constant(DataType.KEYWORD, null);
            }
            return binder.error(a.offset(), "Unknown column [" + a.name() + "]");
        }
        if (constants.containsKey(col.slot())) {
            return new Typed(col.type(), new ColumnRead(col.slot()), constants.get(col.slot()));
        }
        return Typed.computed(col.type(), new ColumnRead(col.slot()));
    }

    /** The column of that name, materialised; null when there is none. */
    Col column(String name, int offset) {
        Col col = layout.get(name);
        if (col == null && sourceOpen && segment.source() && !gone.contains(name)) {
            DataType type = types.typeOf(name);
            if (type == null) {
                DataType guess = guesses.get(name);
                type = guess == null ? DataType.KEYWORD : guess;
                if (guess == null) {
                    guessed.add(name);
                }
                warnings.add(Problem.at(
                        source,
                        offset,
                        "unknown field [" + name + "] is read as " + type.esName()
                                + (guess == null ? "" : ", as its use in the query suggests")));
            }
            col = new Col(name, type, -1, name);
            layout.add(col);
        }
        if (col != null && !col.materialised()) {
            col = segment.materialise(col);
            layout.replace(col);
        }
        return col;
    }

    @Override
    public boolean guessed(Expr e) {
        if (!(e instanceof Expr.Attribute a)) {
            return false;
        }
        Col col = layout.get(a.name());
        return col != null && col.source() != null && col.type() == DataType.KEYWORD && guessed.contains(col.source());
    }

    @Override
    public boolean documents() {
        return segment.source();
    }
}
