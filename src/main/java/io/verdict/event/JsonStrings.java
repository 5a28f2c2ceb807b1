package io.verdict.event;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the raw bytes of a JSON string (between its quotes, escapes included) as Jackson's parser does, for
 * string values kept undecoded until read (the bytes were checked by the parser that skipped them: valid UTF-8,
 * well-formed escapes).
 */
final class JsonStrings {

    private JsonStrings() {}

    /** The text of the UTF-8 bytes {@code from} (inclusive) to {@code to} (exclusive), escapes resolved. */
    static String unescape(byte[] source, int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        int plain = from;
        int i = from;
        while (i < to) {
            if (source[i] != '\\') {
                i++;
                continue;
            }
            if (i > plain) {
                text.append(new String(source, plain, i - plain, StandardCharsets.UTF_8));
            }
            byte escape = source[i + 1];
            i += 2;
            switch (escape) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    // one UTF-16 unit; a surrogate pair is two escapes, each appended as it comes, as Jackson does
                    text.append((char) Integer.parseInt(new String(source, i, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> text.append((char) (escape & 0xFF)); // \" \\ \/ (any other only where the parser allows)
            }
            plain = i;
        }
        if (to > plain) {
            text.append(new String(source, plain, to - plain, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
