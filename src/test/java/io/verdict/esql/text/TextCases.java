package io.verdict.esql.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Rows of a tab-separated case file under {@code esql/text/}; {@code #} lines are comments. */
final class TextCases {

    /** A row and its line in the file. */
    record Row(int line, String[] cells) {
        String get(int i) {
            return cells[i];
        }
    }

    private TextCases() {}

    static List<Row> read(String name, int columns) {
        try (InputStream in = TextCases.class.getResourceAsStream("/esql/text/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] cells = lines[i].split("\t", -1);
                if (cells.length != columns) {
                    throw new IllegalStateException(
                            name + ":" + (i + 1) + " has " + cells.length + " cells, not " + columns);
                }
                rows.add(new Row(i + 1, cells));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
