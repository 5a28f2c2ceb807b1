package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The string functions that split, build and decode text. */
final class TextFunctions {

    /** ES refuses to build a string longer than this many bytes. */
    static final int MAX_BYTES = 1024 * 1024;

    private TextFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                Scalar.of(
                        "SPLIT",
                        DataType.KEYWORD,
                        a -> split((String) a[0], (String) a[1]),
                        Scalar.STRING,
                        Scalar.STRING),
                Scalar.of("SPACE", DataType.KEYWORD, a -> repeat(" ", ((Number) a[0]).intValue()), Scalar.INTEGER),
                Scalar.of(
                        "REPEAT",
                        DataType.KEYWORD,
                        a -> repeat((String) a[0], ((Number) a[1]).intValue()),
                        Scalar.STRING,
                        Scalar.INTEGER),
                Scalar.of("REVERSE", DataType.KEYWORD, a -> reverse((String) a[0]), Scalar.STRING),
                Scalar.of(
                        "URL_DECODE",
                        DataType.KEYWORD,
                        a -> URLDecoder.decode((String) a[0], StandardCharsets.UTF_8),
                        Scalar.STRING),
                Scalar.of(
                        "URL_ENCODE",
                        DataType.KEYWORD,
                        a -> URLEncoder.encode((String) a[0], StandardCharsets.UTF_8),
                        Scalar.STRING),
                Scalar.of(
                        "URL_ENCODE_COMPONENT",
                        DataType.KEYWORD,
                        a -> URLEncoder.encode((String) a[0], StandardCharsets.UTF_8)
                                .replace("+", "%20"),
                        Scalar.STRING),
                Scalar.of(
                        "FROM_BASE64",
                        DataType.KEYWORD,
                        a -> new String(Base64.getDecoder().decode((String) a[0]), StandardCharsets.UTF_8),
                        Scalar.STRING),
                Scalar.of(
                        "TO_BASE64",
                        DataType.KEYWORD,
                        a -> Base64.getEncoder().encodeToString(((String) a[0]).getBytes(StandardCharsets.UTF_8)),
                        Scalar.STRING));
    }

    /** The pieces between each occurrence of the literal delimiter, empty pieces kept, in order. */
    static Object split(String s, String delimiter) {
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must be single byte for now");
        }
        List<Object> pieces = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf(delimiter, from)) >= 0) {
            pieces.add(s.substring(from, at));
            from = at + delimiter.length();
        }
        pieces.add(s.substring(from));
        return Values.of(pieces);
    }

    private static Object repeat(String s, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Number parameter cannot be negative, found [" + n + "]");
        }
        long bytes = (long) s.getBytes(StandardCharsets.UTF_8).length * n;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "Creating strings longer than [" + MAX_BYTES + "] bytes is not supported");
        }
        return s.repeat(n);
    }

    /** Reversed by grapheme cluster, so that combining marks and emoji sequences stay whole. */
    private static Object reverse(String s) {
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(s);
        StringBuilder out = new StringBuilder(s.length());
        int end = clusters.last();
        for (int start = clusters.previous(); start != BreakIterator.DONE; end = start, start = clusters.previous()) {
            out.append(s, start, end);
        }
        return out.toString();
    }
}
