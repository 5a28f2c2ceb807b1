package io.verdict.eql.sequence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Join-key values as plain strings for a snapshot, each tagged with its type so that it reads back equal:
 * {@code s:text}, {@code l:42}, {@code i:<big integer>}, {@code d:1.5}, {@code b:true}, {@code t:<ISO instant>},
 * {@code n} for null.
 */
final class KeyCodec {

    private KeyCodec() {}

    static List<String> encode(JoinKey key) {
        List<String> out = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            out.add(encode(key.value(i)));
        }
        return out;
    }

    private static String encode(Object v) {
        if (v == null) {
            return "n";
        }
        if (v instanceof String s) {
            return "s:" + s;
        }
        if (v instanceof Long l) {
            return "l:" + l;
        }
        if (v instanceof BigInteger b) {
            return "i:" + b;
        }
        if (v instanceof Double d) {
            return "d:" + d;
        }
        if (v instanceof Boolean b) {
            return "b:" + b;
        }
        if (v instanceof Instant t) {
            return "t:" + t;
        }
        throw new IllegalStateException("unexpected key value " + v.getClass());
    }

    static JoinKey decode(List<String> encoded) {
        Object[] values = new Object[encoded.size()];
        for (int i = 0; i < values.length; i++) {
            String e = encoded.get(i);
            if (e.equals("n")) {
                continue;
            }
            if (e.length() < 2 || e.charAt(1) != ':') {
                throw new IllegalArgumentException("not an encoded key value: " + e);
            }
            String text = e.substring(2);
            values[i] = switch (e.charAt(0)) {
                case 's' -> text;
                case 'l' -> Long.parseLong(text);
                case 'i' -> new BigInteger(text);
                case 'd' -> Double.parseDouble(text);
                case 'b' -> Boolean.parseBoolean(text);
                case 't' -> Instant.parse(text);
                default -> throw new IllegalArgumentException("unknown key value type in " + e);
            };
        }
        return JoinKey.ofArray(values);
    }
}
