package io.verdict.esql.text;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Values;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jcodings.specific.UTF8Encoding;
import org.joni.NameEntry;
import org.joni.Option;
import org.joni.Regex;
import org.joni.Region;
import org.joni.Syntax;
import org.joni.exception.JOniException;

/**
 * ES|QL's {@code GROK}: patterns whose {@code %{SYNTAX:name[:type]}} references expand from the built-in
 * {@link GrokPatterns bank} into named groups, run by joni, the Oniguruma engine Elasticsearch's grok runs on.
 * Several patterns are tried as one alternation ({@code (?:p1)|(?:p2)}), as Elasticsearch combines them; the search
 * is unanchored. {@code (?<name>regex)} captures too. Each capture is a field: keyword, or integer, long, double
 * ({@code :float} included) or boolean after a {@code :type} suffix; a name captured several times gives a
 * multivalue in pattern order. Fields are listed by name, as ES|QL orders them. A match that runs longer than its
 * time limit is abandoned with {@link TimedOut}, so no value can hold a thread. Immutable and thread-safe.
 */
public final class Grok {

    /** A field a match gives. */
    public record Field(String name, DataType type) {}

    /** A match given up after its time limit. */
    public static final class TimedOut extends RuntimeException {
        TimedOut(Duration limit) {
            super("grok matching gave up after " + limit.toMillis() + " ms", null, false, false);
        }
    }

    /** How long one match may run unless told otherwise. */
    public static final Duration DEFAULT_MATCH_LIMIT = Duration.ofMillis(250);

    private static final Pattern REFERENCE =
            Pattern.compile("%\\{([A-Za-z0-9_]+)(?::([A-Za-z0-9@\\[\\]_:.\\-]+))?(?:=[^{}]*)?}");
    /** Expansions of references at most: the bank's patterns nest a few levels; a cycle would not end. */
    private static final int MAX_EXPANSIONS = 100_000;

    private final List<String> patterns;
    private final Regex regex;
    private final List<Field> fields;
    /** For each field, the numbers of its groups in pattern order. */
    private final int[][] groups;
    /** Fields captured with {@code :float}: doubles with a float's precision, as Elasticsearch reads them. */
    private final boolean[] floats;

    private final Duration limit;

    private Grok(
            List<String> patterns, Regex regex, List<Field> fields, int[][] groups, boolean[] floats, Duration limit) {
        this.patterns = patterns;
        this.regex = regex;
        this.fields = fields;
        this.groups = groups;
        this.floats = floats;
        this.limit = limit;
    }

    public static Grok compile(List<String> patterns) {
        return compile(patterns, DEFAULT_MATCH_LIMIT);
    }

    /**
     * @throws IllegalArgumentException when a pattern names no pattern of the bank, is not a valid regular
     *                                  expression, expands without end, or gives one field two types
     */
    public static Grok compile(List<String> patterns, Duration matchLimit) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("GROK needs a pattern");
        }
        List<String> expanded = new ArrayList<>();
        for (String pattern : patterns) {
            expanded.add(expand(pattern));
        }
        String combined = expanded.size() == 1
                ? expanded.get(0)
                : String.join("|", expanded.stream().map(p -> "(?:" + p + ")").toList());
        byte[] bytes = combined.getBytes(StandardCharsets.UTF_8);
        Regex regex;
        try {
            regex = new Regex(bytes, 0, bytes.length, Option.DEFAULT, UTF8Encoding.INSTANCE, Syntax.DEFAULT, w -> {});
        } catch (JOniException e) {
            throw new IllegalArgumentException("invalid GROK pattern " + patterns + ": " + e.getMessage(), e);
        }
        Map<String, DataType> types = new TreeMap<>();
        Map<String, List<Integer>> numbers = new TreeMap<>();
        Map<String, Boolean> floats = new TreeMap<>();
        for (Iterator<NameEntry> it = regex.namedBackrefIterator(); it.hasNext(); ) {
            NameEntry entry = it.next();
            String group = new String(entry.name, entry.nameP, entry.nameEnd - entry.nameP, StandardCharsets.UTF_8);
            String[] parts = group.split(":");
            String name = parts.length >= 2 ? parts[1] : parts[0];
            DataType type = parts.length == 3 ? type(parts[2]) : DataType.KEYWORD;
            floats.put(name, parts.length == 3 && parts[2].equals("float"));
            DataType before = types.put(name, type);
            if (before != null && before != type) {
                throw new IllegalArgumentException("invalid GROK pattern " + patterns + ": the field [" + name
                        + "] is captured as " + before.esName() + " and as " + type.esName());
            }
            for (int number : entry.getBackRefs()) {
                numbers.computeIfAbsent(name, n -> new ArrayList<>()).add(number);
            }
        }
        List<Field> fields = new ArrayList<>();
        int[][] groups = new int[types.size()][];
        boolean[] isFloat = new boolean[types.size()];
        int i = 0;
        for (Map.Entry<String, DataType> e : types.entrySet()) {
            fields.add(new Field(e.getKey(), e.getValue()));
            isFloat[i] = floats.get(e.getKey());
            groups[i++] = numbers.getOrDefault(e.getKey(), List.of()).stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
        }
        return new Grok(List.copyOf(patterns), regex, List.copyOf(fields), groups, isFloat, matchLimit);
    }

    /** Replaces each {@code %{NAME[:field[:type]]}} by its definition, depth first, until none is left. */
    private static String expand(String pattern) {
        StringBuilder done = new StringBuilder();
        String rest = pattern;
        for (int i = 0; i < MAX_EXPANSIONS; i++) {
            Matcher m = REFERENCE.matcher(rest);
            if (!m.find()) {
                return done.append(rest).toString();
            }
            String name = m.group(1);
            String definition = GrokPatterns.bank().get(name);
            if (definition == null) {
                throw new IllegalArgumentException(
                        "invalid GROK pattern [" + pattern + "]: no pattern named [" + name + "] in the pattern bank");
            }
            String part = m.group(2) == null
                    ? "(?:" + definition + ")"
                    : "(?<" + name + ":" + m.group(2) + ">" + definition + ")";
            done.append(rest, 0, m.start());
            rest = part + rest.substring(m.end());
        }
        throw new IllegalArgumentException("invalid GROK pattern [" + pattern + "]: its references do not end");
    }

    private static DataType type(String suffix) {
        return switch (suffix) {
            case "int" -> DataType.INTEGER;
            case "long" -> DataType.LONG;
            case "float", "double" -> DataType.DOUBLE;
            case "boolean" -> DataType.BOOLEAN;
            default -> DataType.KEYWORD;
        };
    }

    public List<String> patterns() {
        return patterns;
    }

    /** The fields a match gives, by name. */
    public List<Field> fields() {
        return fields;
    }

    /**
     * The value of each field of {@link #fields()} (null where the match did not capture it, a
     * {@link io.verdict.esql.value.MultiValue} where it captured several), or null when no pattern matches.
     *
     * @throws TimedOut when the match runs past its limit
     */
    public Object[] match(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        org.joni.Matcher matcher = regex.matcher(bytes, 0, bytes.length, limit.toNanos());
        int found;
        try {
            found = matcher.searchInterruptible(0, bytes.length, Option.DEFAULT);
        } catch (InterruptedException e) {
            if (!(e instanceof org.joni.exception.TimeoutException)) {
                Thread.currentThread().interrupt();
            }
            throw new TimedOut(limit);
        }
        if (found < 0) {
            return null;
        }
        Region region = matcher.getEagerRegion();
        Object[] out = new Object[fields.size()];
        for (int f = 0; f < out.length; f++) {
            List<Object> values = new ArrayList<>(1);
            for (int group : groups[f]) {
                int begin = region.getBeg(group);
                if (begin >= 0) {
                    String text = new String(bytes, begin, region.getEnd(group) - begin, StandardCharsets.UTF_8);
                    values.add(
                            floats[f]
                                    ? convertFloat(text)
                                    : convert(text, fields.get(f).type()));
                }
            }
            out[f] = Values.of(values);
        }
        return out;
    }

    /** The field values of {@link #match} by name, or null when no pattern matches (for tests and traces). */
    public Map<String, Object> captures(String value) {
        Object[] values = match(value);
        if (values == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(fields.get(i).name(), values[i]);
        }
        return out;
    }

    /** A capture in its field's type; text that does not convert is no value. */
    private static Object convert(String text, DataType type) {
        try {
            return switch (type) {
                case INTEGER -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double convertFloat(String text) {
        try {
            return (double) Float.parseFloat(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
