package io.verdict.explain;

import io.verdict.kql.KqlField;
import io.verdict.kql.KqlNode;
import io.verdict.kql.KqlValue;
import java.util.stream.Collectors;

/**
 * A KQL node back as KQL text that parses to the same node, so that a single clause can be compiled and decided on
 * its own: values are re-escaped, quoted values re-quoted, wildcards written as {@code *}.
 */
final class KqlPrinter {

    /** Characters that end an unquoted value unless escaped (Kibana's grammar). */
    private static final String SPECIAL = "\\():<>\"*{}";

    private KqlPrinter() {}

    static String print(KqlNode node) {
        if (node instanceof KqlNode.Or or) {
            return or.operands().stream().map(KqlPrinter::group).collect(Collectors.joining(" or "));
        }
        if (node instanceof KqlNode.And and) {
            return and.operands().stream().map(KqlPrinter::group).collect(Collectors.joining(" and "));
        }
        if (node instanceof KqlNode.Not not) {
            return "not " + group(not.operand());
        }
        if (node instanceof KqlNode.Match match) {
            return field(match.field()) + ":" + value(match.value());
        }
        if (node instanceof KqlNode.Exists exists) {
            return field(exists.field()) + ":*";
        }
        if (node instanceof KqlNode.Range range) {
            return field(range.field()) + " " + range.operator().symbol() + " " + value(range.value());
        }
        if (node instanceof KqlNode.Nested nested) {
            return field(nested.path()) + ":{ " + print(nested.query()) + " }";
        }
        if (node instanceof KqlNode.FreeText text) {
            return value(text.value());
        }
        return "*";
    }

    private static String group(KqlNode node) {
        return node instanceof KqlNode.Or || node instanceof KqlNode.And ? "(" + print(node) + ")" : print(node);
    }

    private static String field(KqlField field) {
        return field.parts().stream().map(KqlPrinter::escape).collect(Collectors.joining("*"));
    }

    private static String value(KqlValue value) {
        if (value.quoted()) {
            return "\"" + value.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return value.parts().stream().map(KqlPrinter::escape).collect(Collectors.joining("*"));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    if (SPECIAL.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        String escaped = out.toString();
        // a bare keyword would read as an operator
        return escaped.equalsIgnoreCase("or") || escaped.equalsIgnoreCase("and") || escaped.equalsIgnoreCase("not")
                ? "\\" + escaped
                : escaped;
    }
}
