package io.verdict.event;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the raw bytes of a JSON string (between its quotes, escapes included) as Jackson's parser does, for
 * string values kept undecoded until read (the bytes were checked by the parser that skipped them: valid UTF-8,
 * well-formed escapes); and checks UTF-8 for {@link FlatScanner}.
 */
final class JsonStrings {

    private JsonStrings() {
    }

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

    /**
     * After a well-formed UTF-8 sequence starting at {@code p} (its first byte 0x80 or more), or -1: no overlong
     * form, no surrogate, nothing above U+10FFFF, within {@code end}. Stricter than Jackson's skipping, which
     * checks continuation bytes only.
     */
    static int utf8(byte[] in, int p, int end) {
        int c = in[p] & 0xFF;
        if (c < 0xC2 || c > 0xF4) {
            return -1;
        }
        int length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (p + length > end) {
            return -1;
        }
        int second = in[p + 1] & 0xFF;
        int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
            return -1;
        }
        for (int i = p + 2; i < p + length; i++) {
            if ((in[i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return p + length;
    }
}
