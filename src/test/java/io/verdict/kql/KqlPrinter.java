package io.verdict.kql;

import io.verdict.kql.KqlNode.And;
import io.verdict.kql.KqlNode.Exists;
import io.verdict.kql.KqlNode.FreeText;
import io.verdict.kql.KqlNode.Match;
import io.verdict.kql.KqlNode.MatchAll;
import io.verdict.kql.KqlNode.Nested;
import io.verdict.kql.KqlNode.Not;
import io.verdict.kql.KqlNode.Or;
import io.verdict.kql.KqlNode.Range;
import java.util.stream.Collectors;

/** A syntax tree as a one-line s-expression, so parser cases can state the expected tree in their file. */
final class KqlPrinter {

    private KqlPrinter() {}

    static String print(KqlNode node) {
        if (node instanceof Or or) {
            return "(or " + or.operands().stream().map(KqlPrinter::print).collect(Collectors.joining(" ")) + ")";
        } else if (node instanceof And and) {
            return "(and " + and.operands().stream().map(KqlPrinter::print).collect(Collectors.joining(" ")) + ")";
        } else if (node instanceof Not not) {
            return "(not " + print(not.operand()) + ")";
        } else if (node instanceof Match match) {
            return "(is " + match.field().name() + " " + value(match.value()) + ")";
        } else if (node instanceof Exists exists) {
            return "(exists " + exists.field().name() + ")";
        } else if (node instanceof Range range) {
            return "(range " + range.field().name() + " " + range.operator().symbol() + " " + value(range.value())
                    + ")";
        } else if (node instanceof Nested nested) {
            return "(nested " + nested.path().name() + " " + print(nested.query()) + ")";
        } else if (node instanceof FreeText text) {
            return "(text " + value(text.value()) + ")";
        } else if (node instanceof MatchAll) {
            return "(all)";
        }
        throw new IllegalArgumentException("unknown node " + node);
    }

    /** Quoted values in double quotes; literal stars of an unquoted value as \*, wildcards as *. */
    private static String value(KqlValue value) {
        if (value.quoted()) {
            return '"' + value.text() + '"';
        }
        return value.parts().stream().map(p -> p.replace("*", "\\*")).collect(Collectors.joining("*"));
    }
}
