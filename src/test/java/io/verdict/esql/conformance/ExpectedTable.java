package io.verdict.esql.conformance;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.GeoPoint;
import io.verdict.esql.value.Ip;
import io.verdict.esql.value.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The expected result of a csv-spec case, its cells parsed with the header's types into the value model of
 * {@link Values}: {@code null} is a null cell; {@code [a, b]} a multivalue (elements trimmed, optionally quoted,
 * {@code \,} a comma); a cell quoted as CSV ({@code "{""a"":1}"}) is its text; dates may omit the milliseconds,
 * the time or the {@code Z}. Cells are split at {@code |} outside quotes and trimmed of spaces and tabs.
 */
public record ExpectedTable(List<Column> columns, List<List<Object>> rows) {

    /**
     * A header cell: the name and the type as written, and the type it names (null for one Verdict does not have,
     * such as {@code version}, whose cells are then kept as text).
     */
    public record Column(String name, String typeName, DataType type) {}

    public static ExpectedTable of(String header, List<String> rows) {
        List<Column> columns = new ArrayList<>();
        if (header != null) {
            for (String cell : cells(header)) {
                int colon = cell.lastIndexOf(':');
                String name = colon < 0 ? cell : cell.substring(0, colon).trim();
                String typeName = colon < 0 ? "" : cell.substring(colon + 1).trim();
                columns.add(new Column(name, typeName, DataType.named(typeName)));
            }
        }
        List<List<Object>> parsed = new ArrayList<>();
        for (String row : rows) {
            List<String> cells = cells(row);
            if (cells.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "row of " + cells.size() + " cells under a header of " + columns.size() + ": " + row);
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                values.add(cell(cells.get(i), columns.get(i).type()));
            }
            parsed.add(values);
        }
        return new ExpectedTable(List.copyOf(columns), parsed);
    }

    /** The cells of a line, split at {@code |} outside {@code "..."} quotes, trimmed of spaces and tabs. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cell.append(c);
            } else if (c == '|' && !quoted) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    /** One cell's value for the column's type. */
    static Object cell(String text, DataType type) {
        if (text.equals("null")) {
            return null;
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return scalar(text.substring(1, text.length() - 1).replace("\"\"", "\""), type);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            List<Object> elements = new ArrayList<>();
            for (String element : elements(text.substring(1, text.length() - 1))) {
                String e = element.strip();
                if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
                    e = e.substring(1, e.length() - 1);
                }
                elements.add(scalar(e, type));
            }
            return Values.of(elements);
        }
        return scalar(text, type);
    }

    /** The elements of a multivalue cell: split at commas, {@code \,} being a comma inside an element. */
    private static List<String> elements(String inner) {
        List<String> elements = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == ',') {
                element.append(',');
                i++;
            } else if (c == ',') {
                elements.add(element.toString());
                element.setLength(0);
            } else {
                element.append(c);
            }
        }
        elements.add(element.toString());
        return elements;
    }

    private static Object scalar(String text, DataType type) {
        if (type == null) {
            return text;
        }
        return switch (type) {
            case NULL -> null;
            case BOOLEAN -> Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            case INTEGER -> Integer.parseInt(text);
            case LONG -> Long.parseLong(text);
            case DOUBLE -> Double.parseDouble(text);
            case DATETIME -> date(text);
            case IP -> Ip.parse(text);
            case GEO_POINT -> point(text);
            default -> text;
        };
    }

    static Instant date(String text) {
        String t = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        if (t.length() == 10) {
            t += "T00:00:00";
        }
        return Instant.parse(t + "Z");
    }

    private static GeoPoint point(String wkt) {
        String inner = wkt.substring(wkt.indexOf('(') + 1, wkt.lastIndexOf(')')).strip();
        String[] xy = inner.split("\\s+");
        return new GeoPoint(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
    }
}
