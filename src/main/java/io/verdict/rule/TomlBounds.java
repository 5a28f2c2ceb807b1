package io.verdict.rule;

/**
 * The bounds a TOML text must keep before tomlj reads it. tomlj's parser descends recursively into arrays and
 * inline tables and holds every token and node of the text at once, so a few kilobytes nested thousands deep
 * exhaust the stack and a file of a hundred thousand tables several hundred megabytes of heap. One pass over the
 * characters, allocating nothing per character, measures what tomlj would build: the depth of every value (the
 * parts of its table header and key, one level per array or inline table around it) and the number of entries
 * (keys, table headers, array elements). The file's size is bounded before it is read at all.
 *
 * <p>The pass follows TOML's structure while the text is well-formed; where it is not (tomlj will report why), it
 * falls back to counting brackets outside strings and comments, which is what bounds tomlj's recursion.
 *
 * @param maxFileSize bytes a rule file may have
 * @param maxDepth    levels a value may be nested at (the Elastic corpus nests 7 at most)
 * @param maxEntries  keys, table headers and array elements a file may have (the corpus: 329 at most; tomlj
 *                    holds about 7 KB per entry while it parses)
 */
public record TomlBounds(long maxFileSize, int maxDepth, int maxEntries) {

    /** 1 MB, 20 times the corpus's largest rule file (53 KB); depth 32; 2,000 entries (at most 16 MB to parse). */
    public static final TomlBounds DEFAULT = new TomlBounds(1024 * 1024, 32, 2_000);

    public TomlBounds {
        if (maxFileSize < 1 || maxDepth < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("TOML bounds are positive");
        }
    }

    /** The same bounds with another file size limit. */
    public TomlBounds withMaxFileSize(long bytes) {
        return new TomlBounds(bytes, maxDepth, maxEntries);
    }

    /** Why a file of {@code bytes} bytes is not read, or null when it may be. */
    public String sizeProblem(long bytes) {
        return bytes > maxFileSize
                ? "the file has " + bytes + " bytes, more than the " + maxFileSize
                        + " a rule file may have (verdict.rules.max-file-size)"
                : null;
    }

    /** A bound the text breaks, or null when it keeps them all. */
    public Breach check(String text) {
        if (text.length() > maxFileSize) {
            // characters are at least one byte each
            return new Breach(
                    0,
                    "the text has " + text.length() + " characters, more than the " + maxFileSize
                            + " bytes a rule file may have (verdict.rules.max-file-size)");
        }
        Scan scan = new Scan(text, this);
        Breach breach = scan.structured();
        return breach != Scan.MALFORMED ? breach : scan.brackets();
    }

    /** Whether the text follows TOML's structure all through (else the check fell back to counting brackets). */
    boolean followsStructure(String text) {
        return new Scan(text, this).structured() != Scan.MALFORMED;
    }

    /** A bound broken at {@code offset} of the text. */
    public record Breach(int offset, String message) {}

    /** One pass over one text. */
    private static final class Scan {

        /** The text is not well-formed TOML past some point: tomlj will say why. */
        static final Breach MALFORMED = new Breach(-1, "malformed");

        private final String text;
        private final TomlBounds bounds;
        private int pos;
        private int entries;
        /** Per open array or inline table: the depth of its values (arrays) or of itself (inline tables). */
        private final int[] depths;

        private final boolean[] arrays;
        private int open;

        Scan(String text, TomlBounds bounds) {
            this.text = text;
            this.bounds = bounds;
            this.depths = new int[bounds.maxDepth + 2];
            this.arrays = new boolean[bounds.maxDepth + 2];
        }

        /** Follows the structure: tables, keys and values; MALFORMED where the text leaves TOML's grammar. */
        Breach structured() {
            int tableDepth = 0;
            while (true) {
                skipBlank(true);
                if (pos >= text.length()) {
                    return null;
                }
                char c = text.charAt(pos);
                if (c == '[') {
                    int at = pos;
                    pos++;
                    boolean arrayTable = pos < text.length() && text.charAt(pos) == '[';
                    if (arrayTable) {
                        pos++;
                    }
                    int parts = keyParts(']');
                    if (parts < 0) {
                        return MALFORMED;
                    }
                    pos++;
                    if (arrayTable) {
                        if (pos >= text.length() || text.charAt(pos) != ']') {
                            return MALFORMED;
                        }
                        pos++;
                    }
                    // an array of tables is one level deeper: the array, then the table in it
                    tableDepth = parts + (arrayTable ? 1 : 0);
                    Breach breach = entry(at, tableDepth);
                    if (breach != null) {
                        return breach;
                    }
                } else {
                    Breach breach = keyValue(tableDepth);
                    if (breach != null) {
                        return breach;
                    }
                }
                if (!endOfLine()) {
                    return MALFORMED;
                }
            }
        }

        /** {@code key = value} whose key parts start at depth {@code base}. */
        private Breach keyValue(int base) {
            int at = pos;
            int parts = keyParts('=');
            if (parts < 0) {
                return MALFORMED;
            }
            pos++;
            Breach breach = entry(at, base + parts);
            return breach != null ? breach : value(base + parts);
        }

        /** One value at {@code depth}, with everything nested in it, iteratively. */
        private Breach value(int depth) {
            int outer = open;
            int valueDepth = depth;
            while (true) {
                skipBlank(open > outer && arrays[open - 1]);
                if (pos >= text.length()) {
                    return MALFORMED;
                }
                char c = text.charAt(pos);
                if (c == '[' || c == '{') {
                    if (valueDepth > bounds.maxDepth || open == depths.length) {
                        return tooDeep(pos);
                    }
                    arrays[open] = c == '[';
                    depths[open++] = c == '[' ? valueDepth + 1 : valueDepth;
                    pos++;
                    skipBlank(c == '[');
                    if (pos < text.length() && text.charAt(pos) == (c == '[' ? ']' : '}')) {
                        pos++;
                        open--;
                    } else if (c == '[') {
                        valueDepth = depths[open - 1];
                        Breach breach = entry(pos, valueDepth);
                        if (breach != null) {
                            return breach;
                        }
                        continue;
                    } else {
                        int at = pos;
                        int parts = keyParts('=');
                        if (parts < 0) {
                            return MALFORMED;
                        }
                        pos++;
                        valueDepth = depths[open - 1] + parts;
                        Breach breach = entry(at, valueDepth);
                        if (breach != null) {
                            return breach;
                        }
                        continue;
                    }
                } else if (!scalar()) {
                    return MALFORMED;
                }
                // after a value: ',' for the next one, or closing brackets, until back at this value's level
                while (true) {
                    if (open == outer) {
                        return null;
                    }
                    boolean inArray = arrays[open - 1];
                    skipBlank(inArray);
                    if (pos >= text.length()) {
                        return MALFORMED;
                    }
                    char next = text.charAt(pos);
                    if (next == ',') {
                        pos++;
                        skipBlank(inArray);
                        if (inArray && pos < text.length() && text.charAt(pos) == ']') {
                            continue; // a trailing comma
                        }
                        if (inArray) {
                            valueDepth = depths[open - 1];
                            Breach breach = entry(pos, valueDepth);
                            if (breach != null) {
                                return breach;
                            }
                        } else {
                            int at = pos;
                            int parts = keyParts('=');
                            if (parts < 0) {
                                return MALFORMED;
                            }
                            pos++;
                            valueDepth = depths[open - 1] + parts;
                            Breach breach = entry(at, valueDepth);
                            if (breach != null) {
                                return breach;
                            }
                        }
                        break;
                    }
                    if (next == (inArray ? ']' : '}')) {
                        pos++;
                        open--;
                        continue;
                    }
                    return MALFORMED;
                }
            }
        }

        /** Counts an entry whose value sits at {@code depth}. */
        private Breach entry(int at, int depth) {
            if (depth > bounds.maxDepth) {
                return tooDeep(at);
            }
            if (++entries > bounds.maxEntries) {
                return new Breach(
                        at,
                        "the file has more than " + bounds.maxEntries
                                + " keys, tables and array elements, more than a rule file may have");
            }
            return null;
        }

        private Breach tooDeep(int at) {
            return new Breach(
                    at,
                    "the file nests values deeper than " + bounds.maxDepth
                            + " levels (tables, keys, arrays and inline tables), more than a rule file may");
        }

        /**
         * The parts of a key or table name ({@code a."b c".d}: 3), leaving the position at {@code end}; -1 when
         * something else comes first.
         */
        private int keyParts(char end) {
            int parts = 0;
            while (true) {
                skipSpaces();
                if (pos >= text.length()) {
                    return -1;
                }
                char c = text.charAt(pos);
                if (c == '"' || c == '\'') {
                    if (!string()) {
                        return -1;
                    }
                } else {
                    int start = pos;
                    while (pos < text.length() && bare(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos == start) {
                        return -1;
                    }
                }
                parts++;
                skipSpaces();
                if (pos >= text.length()) {
                    return -1;
                }
                char next = text.charAt(pos);
                if (next == end) {
                    return parts;
                }
                if (next != '.') {
                    return -1;
                }
                pos++;
            }
        }

        private static boolean bare(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }

        /** A string, number, boolean or date; false when none starts here. */
        private boolean scalar() {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                return string();
            }
            int start = pos;
            // numbers, booleans, dates (a date and a time may be separated by one space)
            while (pos < text.length()) {
                char d = text.charAt(pos);
                if (d == ',' || d == ']' || d == '}' || d == '\n' || d == '\r' || d == '#' || d == '[' || d == '{'
                        || d == '"' || d == '\'' || d == '=') {
                    break;
                }
                if (d == ' ' || d == '\t') {
                    int after = pos + 1;
                    if (after < text.length()
                            && Character.isDigit(text.charAt(after))
                            && pos > start
                            && Character.isDigit(text.charAt(pos - 1))) {
                        pos++;
                        continue;
                    }
                    break;
                }
                pos++;
            }
            return pos > start;
        }

        /** Skips a basic, literal or multi-line string; false when it is not closed. */
        private boolean string() {
            char quote = text.charAt(pos);
            boolean multi = text.startsWith(quote == '"' ? "\"\"\"" : "'''", pos);
            pos += multi ? 3 : 1;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\' && quote == '"') {
                    pos += 2;
                    continue;
                }
                if ((c == '\n' || c == '\r') && !multi) {
                    return false;
                }
                if (c == quote) {
                    if (!multi) {
                        pos++;
                        return true;
                    }
                    if (text.startsWith(quote == '"' ? "\"\"\"" : "'''", pos)) {
                        pos += 3;
                        // up to two more quotes belong to the string: """a"""""
                        for (int extra = 0; extra < 2 && pos < text.length() && text.charAt(pos) == quote; extra++) {
                            pos++;
                        }
                        return true;
                    }
                }
                pos++;
            }
            return false;
        }

        /** Spaces and tabs. */
        private void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        /** Spaces, tabs and comments; line breaks too when {@code lines}. */
        private void skipBlank(boolean lines) {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || lines && (c == '\n' || c == '\r')) {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        /** The rest of a line holds nothing but a comment; the position is then past its line break. */
        private boolean endOfLine() {
            skipBlank(false);
            if (pos >= text.length()) {
                return true;
            }
            if (text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
                return true;
            }
            return pos >= text.length();
        }

        /**
         * The fallback for text that is not well-formed: brackets and braces outside strings and comments, nested
         * no deeper than the bound (what tomlj's recursion follows), and separators counted as entries.
         */
        Breach brackets() {
            pos = 0;
            int depth = 0;
            int separators = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '"' || c == '\'') {
                    int quote = pos;
                    if (!string()) {
                        // not closed: tomlj may read what follows as tokens again, so the brackets there count
                        pos = quote + 1;
                    }
                    continue;
                }
                if (c == '#') {
                    skipBlank(false);
                    continue;
                }
                if (c == '[' || c == '{') {
                    if (++depth > bounds.maxDepth) {
                        return tooDeep(pos);
                    }
                } else if ((c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                if ((c == ',' || c == '=' || c == '[' || c == '{') && ++separators > bounds.maxEntries) {
                    return new Breach(
                            pos,
                            "the file has more than " + bounds.maxEntries
                                    + " keys, tables and array elements, more than a rule file may have");
                }
                pos++;
            }
            return null;
        }
    }
}
