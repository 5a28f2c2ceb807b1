package io.verdict.esql.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dissect pattern, as Elasticsearch's ingest {@code dissect} processor and ES|QL's {@code DISSECT} read it: literal
 * delimiters between {@code %{key}} fields. Matching walks the value once from left to right: each key takes the
 * text up to the leftmost next occurrence of the delimiter after it (no backtracking), the last key the rest of the
 * value; the text before the first key must begin the value; every delimiter must be found.
 *
 * <p>Keys: {@code %{name}}; {@code %{+name}} appends to the value of that name (joined with the append
 * separator), {@code %{+name/2}} in the order given; {@code %{?name}} and {@code %{}} match and are dropped;
 * {@code %{name->}} skips repetitions of the delimiter that follows; {@code %{*k}} and {@code %{&k}} make a pair
 * whose first value names the result of the second. A delimiter found again right after itself gives the following
 * keys empty values (unless {@code ->}). Immutable and thread-safe.
 */
public final class Dissect {

    /** A key of the pattern. */
    private record Key(String name, Kind kind, int order, boolean skip, boolean rightPadding) {}

    private enum Kind {
        PLAIN,
        APPEND,
        NAMED_SKIP,
        REFERENCE_NAME,
        REFERENCE_VALUE
    }

    private final String pattern;
    private final String appendSeparator;
    private final String leading;
    private final Key[] keys;
    /** The delimiter after each key; empty after the last key when the pattern ends with it. */
    private final String[] delimiters;

    private final List<String> outputKeys;
    private final Set<String> referenceKeys;
    private final int results;

    private Dissect(String pattern, String appendSeparator, String leading, List<Key> keys, List<String> delimiters) {
        this.pattern = pattern;
        this.appendSeparator = appendSeparator;
        this.leading = leading;
        this.keys = keys.toArray(Key[]::new);
        this.delimiters = delimiters.toArray(String[]::new);
        Set<String> output = new LinkedHashSet<>();
        Set<String> references = new LinkedHashSet<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (Key key : keys) {
            if (key.skip()) {
                continue;
            }
            distinct.add(key.name());
            if (key.kind() == Kind.REFERENCE_NAME || key.kind() == Kind.REFERENCE_VALUE) {
                references.add(key.name());
            } else {
                output.add(key.name());
            }
        }
        this.outputKeys = List.copyOf(output);
        this.referenceKeys = Set.copyOf(references);
        this.results = distinct.size();
    }

    /**
     * @param appendSeparator what joins appended values; null for none
     * @throws IllegalArgumentException when the pattern has no key, a key with two modifiers, no name where one is
     *                                  needed, or a {@code *} key without its {@code &} (or the reverse)
     */
    public static Dissect compile(String pattern, String appendSeparator) {
        int first = pattern.indexOf("%{");
        if (first < 0) {
            throw new IllegalArgumentException("dissect pattern [" + pattern + "] has no %{key}");
        }
        String leading = pattern.substring(0, first);
        List<Key> keys = new ArrayList<>();
        List<String> delimiters = new ArrayList<>();
        int at = first;
        while (at >= 0) {
            int close = pattern.indexOf('}', at + 2);
            if (close < 0) {
                // an unclosed key is text: it becomes part of the previous delimiter, as no key can be read from it
                break;
            }
            keys.add(key(pattern, pattern.substring(at + 2, close)));
            int next = pattern.indexOf("%{", close + 1);
            // a delimiter is at least one character: "%{a}%{b}" makes '%{b}' part of a's delimiter... as upstream
            if (next == close + 1) {
                next = pattern.indexOf("%{", close + 2);
            }
            delimiters.add(next < 0 ? pattern.substring(close + 1) : pattern.substring(close + 1, next));
            at = next;
        }
        if (keys.stream().allMatch(Key::skip)) {
            throw new IllegalArgumentException("dissect pattern [" + pattern + "] has no key that keeps a value");
        }
        keys = appendsTogether(keys);
        checkReferences(pattern, keys);
        return new Dissect(pattern, appendSeparator == null ? "" : appendSeparator, leading, keys, delimiters);
    }

    /** A plain key named like an appended one appends too ({@code %{a} %{+a}}). */
    private static List<Key> appendsTogether(List<Key> keys) {
        Set<String> appended = new LinkedHashSet<>();
        keys.stream().filter(k -> k.kind() == Kind.APPEND).forEach(k -> appended.add(k.name()));
        List<Key> out = new ArrayList<>(keys.size());
        for (Key key : keys) {
            out.add(
                    key.kind() == Kind.PLAIN && !key.skip() && appended.contains(key.name())
                            ? new Key(key.name(), Kind.APPEND, Integer.MIN_VALUE, false, key.rightPadding())
                            : key);
        }
        return out;
    }

    private static void checkReferences(String pattern, List<Key> keys) {
        Map<String, Integer> pairs = new HashMap<>();
        for (Key key : keys) {
            if (key.kind() == Kind.REFERENCE_NAME || key.kind() == Kind.REFERENCE_VALUE) {
                pairs.merge(key.name(), 1, Integer::sum);
            }
        }
        pairs.forEach((name, count) -> {
            if (count != 2) {
                throw new IllegalArgumentException("dissect pattern [" + pattern + "]: each %{*" + name
                        + "} needs one %{&" + name + "} and the reverse");
            }
        });
    }

    // key = ('+' | '?' | '*' | '&')? name ('/' digits)? '->'?
    private static Key key(String pattern, String text) {
        boolean padding = text.endsWith("->");
        String body = padding ? text.substring(0, text.length() - 2) : text;
        int modifiers = 0;
        for (int i = 0; i < body.length(); i++) {
            if ("+?*&/".indexOf(body.charAt(i)) >= 0) {
                modifiers++;
            }
        }
        boolean ordered = body.startsWith("+") && body.matches("\\+.*/[0-9]+");
        if (modifiers > (ordered ? 2 : 1)) {
            throw new IllegalArgumentException(
                    "dissect pattern [" + pattern + "]: the key %{" + text + "} has more than one modifier");
        }
        if (body.isEmpty()) {
            return new Key("", Kind.PLAIN, 0, true, padding);
        }
        char modifier = body.charAt(0);
        String name = "+?*&".indexOf(modifier) >= 0 ? body.substring(1) : body;
        int order = 0;
        if (ordered) {
            int slash = name.lastIndexOf('/');
            order = Integer.parseInt(name.substring(slash + 1));
            name = name.substring(0, slash);
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException(
                    "dissect pattern [" + pattern + "]: in %{" + text + "} the append order '/n' needs '+'");
        }
        Kind kind = switch (modifier) {
            case '+' -> Kind.APPEND;
            case '?' -> Kind.NAMED_SKIP;
            case '*' -> Kind.REFERENCE_NAME;
            case '&' -> Kind.REFERENCE_VALUE;
            default -> Kind.PLAIN;
        };
        if (name.isEmpty() && kind != Kind.NAMED_SKIP) {
            throw new IllegalArgumentException(
                    "dissect pattern [" + pattern + "]: the key %{" + text + "} has no name");
        }
        return new Key(name, kind, ordered ? order : Integer.MIN_VALUE, kind == Kind.NAMED_SKIP, padding);
    }

    public String pattern() {
        return pattern;
    }

    /** The names of the values a match gives, in the order they first appear (no skipped and no reference keys). */
    public List<String> keys() {
        return outputKeys;
    }

    /** The names of {@code %{*k}}/{@code %{&k}} pairs, whose result names are only known per value. */
    public Set<String> referenceKeys() {
        return referenceKeys;
    }

    /** The values of the keys, or null when the value does not match the pattern. */
    public Map<String, String> parse(String value) {
        if (value == null || value.length() <= leading.length() || !value.startsWith(leading)) {
            return null;
        }
        Collector found = new Collector();
        int k = 0;
        String delimiter = delimiters[0];
        int i = leading.length();
        int valueStart = i;
        int n = value.length();
        while (i < n) {
            if (delimiter.isEmpty() || !value.startsWith(delimiter, i)) {
                i++;
                continue;
            }
            found.add(keys[k], value.substring(valueStart, i));
            i += delimiter.length();
            // the same delimiter again right away: empty values for the keys that follow, or padding skipped
            while (i < n && value.startsWith(delimiter, i)) {
                i += delimiter.length();
                if (!keys[k].rightPadding()) {
                    if (k + 1 == keys.length) {
                        break;
                    }
                    k++;
                    found.add(keys[k], "");
                }
            }
            if (k + 1 == keys.length) {
                break;
            }
            k++;
            delimiter = delimiters[k];
            valueStart = i;
        }
        if (found.matches < keys.length && delimiter.isEmpty()) {
            found.add(keys[k], value.substring(valueStart));
        }
        if (found.matches != keys.length) {
            return null;
        }
        Map<String, String> result = found.result(appendSeparator);
        return result.size() == results ? result : null;
    }

    /** What one parse found: plain values, appended parts with their order, reference pairs. */
    private static final class Collector {
        int matches;
        private int implicitOrder = Integer.MIN_VALUE / 2;
        private final Map<String, String> plain = new LinkedHashMap<>();
        private final Map<String, TreeMap<Long, String>> appended = new LinkedHashMap<>();
        private final Map<String, String[]> references = new LinkedHashMap<>();

        void add(Key key, String value) {
            matches++;
            if (key.skip()) {
                return;
            }
            switch (key.kind()) {
                case APPEND -> {
                    // explicit orders sort among themselves; implicit ones come first, in the order found
                    long order = key.order() == Integer.MIN_VALUE ? implicitOrder++ : key.order();
                    appended.computeIfAbsent(key.name(), n -> new TreeMap<>()).put(order * 65536L + matches, value);
                }
                case REFERENCE_NAME -> references.computeIfAbsent(key.name(), n -> new String[2])[0] = value;
                case REFERENCE_VALUE -> references.computeIfAbsent(key.name(), n -> new String[2])[1] = value;
                default -> plain.put(key.name(), value);
            }
        }

        Map<String, String> result(String separator) {
            Map<String, String> out = new LinkedHashMap<>(plain);
            references.values().forEach(pair -> out.put(pair[0], pair[1]));
            appended.forEach((name, parts) -> out.put(name, String.join(separator, parts.values())));
            return out;
        }
    }
}
