package io.verdict.rule;

import io.verdict.query.SourceText;
import org.tomlj.TomlPosition;

/**
 * Finds where a string value starts in the TOML file, so that a problem found later at an offset of the decoded
 * query can point into the file. tomlj reports the position of the key only; from there this walks past
 * {@code key = """} (and the newline TOML trims after an opening multi-line delimiter). For basic strings with
 * escapes it also keeps, for each decoded character, its offset in the raw text.
 */
final class QueryLocator {

    private final String content;
    private final int[] lineStarts;

    QueryLocator(String content) {
        this.content = content;
        int lines = 1;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                lines++;
            }
        }
        lineStarts = new int[lines];
        for (int i = 0, line = 1; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** The value's text with its file position; {@code keyAt} is where tomlj saw the key. */
    SourceText locate(String value, TomlPosition keyAt, String origin) {
        int start = valueStart(offsetOf(keyAt));
        if (start < 0) {
            return SourceText.at(value, origin, keyAt.line(), keyAt.column());
        }
        String delimiter = delimiterAt(start);
        int textStart = start + delimiter.length();
        if (delimiter.length() == 3) {
            if (content.startsWith("\r\n", textStart)) {
                textStart += 2;
            } else if (content.startsWith("\n", textStart)) {
                textStart += 1;
            }
        }
        int line = lineOfOffset(textStart);
        int column = textStart - lineStarts[line - 1] + 1;
        if (delimiter.charAt(0) == '\'') {
            return SourceText.at(value, origin, line, column);
        }
        return basic(value, origin, line, column, textStart, delimiter);
    }

    /** A basic string: decode it again while recording where each character came from. */
    private SourceText basic(String value, String origin, int line, int column, int textStart, String delimiter) {
        int end = content.indexOf(delimiter, textStart);
        while (end > 0 && escaped(end)) {
            end = content.indexOf(delimiter, end + 1);
        }
        if (end < 0) {
            return SourceText.at(value, origin, line, column);
        }
        String raw = content.substring(textStart, end);
        if (raw.indexOf('\\') < 0) {
            return SourceText.at(value, origin, line, column);
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        int[] offsets = new int[raw.length() + 1];
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                offsets[decoded.length()] = i;
                decoded.append(c);
                i++;
                continue;
            }
            char e = raw.charAt(i + 1);
            int escapeAt = i;
            switch (e) {
                case 'b' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\b');
                    i += 2;
                }
                case 't' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\t');
                    i += 2;
                }
                case 'n' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\n');
                    i += 2;
                }
                case 'f' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\f');
                    i += 2;
                }
                case 'r' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\r');
                    i += 2;
                }
                case 'e' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append('\u001b');
                    i += 2;
                }
                case '"', '\\' -> {
                    offsets[decoded.length()] = escapeAt;
                    decoded.append(e);
                    i += 2;
                }
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    if (i + 2 + digits > raw.length()) {
                        return SourceText.at(value, origin, line, column);
                    }
                    int codePoint;
                    try {
                        codePoint = Integer.parseInt(raw.substring(i + 2, i + 2 + digits), 16);
                    } catch (NumberFormatException badEscape) {
                        return SourceText.at(value, origin, line, column);
                    }
                    for (char unit : Character.toChars(codePoint)) {
                        offsets[decoded.length()] = escapeAt;
                        decoded.append(unit);
                    }
                    i += 2 + digits;
                }
                default -> {
                    // a line-ending backslash trims all whitespace up to the next non-blank character
                    int j = i + 1;
                    while (j < raw.length() && Character.isWhitespace(raw.charAt(j))) {
                        j++;
                    }
                    if (raw.substring(i + 1, j).indexOf('\n') < 0) {
                        return SourceText.at(value, origin, line, column);
                    }
                    i = j;
                }
            }
        }
        if (!decoded.toString().equals(value)) {
            return SourceText.at(value, origin, line, column);
        }
        int[] exact = java.util.Arrays.copyOf(offsets, decoded.length());
        return new SourceText(value, origin, line, column, raw, exact);
    }

    private boolean escaped(int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && content.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private int offsetOf(TomlPosition p) {
        if (p.line() < 1 || p.line() > lineStarts.length) {
            return -1;
        }
        return lineStarts[p.line() - 1] + p.column() - 1;
    }

    private int lineOfOffset(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** Offset of the opening delimiter of the value whose key starts at {@code keyOffset}, or -1. */
    private int valueStart(int keyOffset) {
        if (keyOffset < 0 || keyOffset >= content.length()) {
            return -1;
        }
        int i = content.indexOf('=', keyOffset);
        int lineEnd = content.indexOf('\n', keyOffset);
        if (i < 0 || (lineEnd >= 0 && i > lineEnd)) {
            return -1;
        }
        i++;
        while (i < content.length() && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
            i++;
        }
        return i < content.length() && (content.charAt(i) == '"' || content.charAt(i) == '\'') ? i : -1;
    }

    private String delimiterAt(int at) {
        for (String d : new String[] {"'''", "\"\"\"", "'", "\""}) {
            if (content.startsWith(d, at)) {
                return d;
            }
        }
        throw new IllegalStateException("no string delimiter at " + at);
    }
}
