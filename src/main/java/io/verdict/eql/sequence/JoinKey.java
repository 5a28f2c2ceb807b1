package io.verdict.eql.sequence;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The join-key values of one pending or completed sequence (or sample), in key order, compared exactly
 * (case-sensitive strings, typed numbers). A value is a {@code String}, {@code Long}, {@code BigInteger},
 * {@code Double}, {@code Boolean}, {@code Instant} (date fields) or null (an optional {@code ?key} without a value).
 * {@link #NONE} is the key of a query without {@code by}. Immutable.
 */
public final class JoinKey implements Comparable<JoinKey> {

    public static final JoinKey NONE = new JoinKey(new Object[0]);

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Object[] values;
    private final int hash;

    private JoinKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /** A key of these values (null allowed); the values must be of the types named above. */
    public static JoinKey of(List<?> values) {
        return values.isEmpty() ? NONE : new JoinKey(values.toArray());
    }

    static JoinKey ofArray(Object[] values) {
        return values.length == 0 ? NONE : new JoinKey(values);
    }

    public List<Object> values() {
        return Arrays.asList(values.clone());
    }

    public int size() {
        return values.length;
    }

    /** Estimated bytes the key retains: itself, its array and its values ({@link #NONE} is shared: none). */
    public long footprint() {
        if (this == NONE) {
            return 0;
        }
        long bytes = 24 + Footprint.references(values.length);
        for (Object v : values) {
            bytes += Footprint.value(v);
        }
        return bytes;
    }

    Object value(int i) {
        return values[i];
    }

    /**
     * The values as Elasticsearch renders a sequence's {@code join_keys}: strings as they are, numbers and
     * booleans as text, dates ISO-8601 with milliseconds, null as {@code "null"}.
     */
    public List<String> render() {
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(v instanceof Instant i ? renderInstant(i) : String.valueOf(v));
        }
        return out;
    }

    /** As a sample's {@code join_keys}: like {@link #render()}, but dates as epoch milliseconds. */
    public List<String> renderForSample() {
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(v instanceof Instant i ? Long.toString(i.toEpochMilli()) : String.valueOf(v));
        }
        return out;
    }

    private static String renderInstant(Instant i) {
        return i.getNano() % 1_000_000 == 0 ? ISO_MILLIS.format(i) : i.toString();
    }

    /** The values as type-tagged plain strings for a snapshot ({@code s:text}, {@code l:42}, {@code n}, ...). */
    public List<String> encode() {
        return KeyCodec.encode(this);
    }

    /** The key {@link #encode()} wrote; {@link IllegalArgumentException} for a malformed value. */
    public static JoinKey decode(List<String> encoded) {
        return KeyCodec.decode(encoded);
    }

    /** Orders keys value by value: null first, then by type, then by value (strings by code point). */
    @Override
    public int compareTo(JoinKey o) {
        int n = Math.min(values.length, o.values.length);
        for (int i = 0; i < n; i++) {
            int c = compareValues(values[i], o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.length, o.values.length);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return toBig(x).compareTo(toBig(y));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static BigInteger toBig(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinKey k && hash == k.hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return render().toString();
    }
}
