package io.verdict.esql.compile;

import io.verdict.esql.ast.Command;
import io.verdict.esql.run.Step;

/** {@code DISSECT} and {@code GROK}: a string column parsed into new keyword (or typed) columns. */
final class TextCommands {

    private TextCommands() {
    }

    static Step dissect(Command.Dissect d, Binder binder, RowScope rows) {
        binder.error(d.offset(), "DISSECT is not supported yet");
        return null;
    }

    static Step grok(Command.Grok g, Binder binder, RowScope rows) {
        binder.error(g.offset(), "GROK is not supported yet");
        return null;
    }
}
