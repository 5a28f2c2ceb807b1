package io.verdict.esql.compile;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.run.Step;
import io.verdict.esql.run.TextParse;
import io.verdict.esql.value.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code DISSECT} and {@code GROK}: a string column parsed into new columns, one per key of the pattern (keyword for
 * DISSECT, keyword or the written type for GROK), placed last and replacing columns of the same names.
 */
final class TextCommands {

    private TextCommands() {}

    /** A compiled pattern: its keys and their types, and what it makes of one string (null when no match). */
    record Parser(List<String> keys, List<DataType> types, Function<String, Object[]> parse) {}

    static Step dissect(Command.Dissect d, Binder binder, RowScope rows) {
        if (!(d.pattern().value() instanceof String pattern)) {
            binder.error(d.pattern().offset(), "the pattern of DISSECT must be a string");
            return null;
        }
        Parser parser;
        try {
            parser = TextLibraries.dissect(pattern, d.appendSeparator());
        } catch (IllegalArgumentException e) {
            binder.error(d.pattern().offset(), "invalid DISSECT pattern [" + pattern + "]: " + e.getMessage());
            return null;
        }
        return plan(d.input(), parser, binder, rows, "DISSECT");
    }

    static Step grok(Command.Grok g, Binder binder, RowScope rows) {
        List<String> patterns = new ArrayList<>();
        for (Expr.Literal p : g.patterns()) {
            if (!(p.value() instanceof String s)) {
                binder.error(p.offset(), "the patterns of GROK must be strings");
                return null;
            }
            patterns.add(s);
        }
        Parser parser;
        try {
            parser = TextLibraries.grok(patterns);
        } catch (IllegalArgumentException e) {
            binder.error(g.patterns().get(0).offset(), "invalid GROK pattern: " + e.getMessage());
            return null;
        }
        return plan(g.input(), parser, binder, rows, "GROK");
    }

    private static Step plan(Expr input, Parser parser, Binder binder, RowScope rows, String command) {
        Typed in = binder.bind(input, rows);
        if (in.failed()) {
            return null;
        }
        if (!in.type().string() && in.type() != DataType.NULL) {
            binder.error(
                    input.offset(),
                    command + " only supports string input, found [" + binder.text(input) + "] of type ["
                            + in.type().esName() + "]");
            return null;
        }
        int[] slots = new int[parser.keys().size()];
        for (int k = 0; k < slots.length; k++) {
            slots[k] = rows.segment.allocate();
            rows.layout.add(new Col(parser.keys().get(k), parser.types().get(k), slots[k], null));
        }
        return new TextParse(in.evaluator(), slots, parser.parse());
    }
}
