package io.verdict.kql;

import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.TextAnalyzer;
import io.verdict.event.ValueTest;
import io.verdict.kql.KqlNode.RangeOperator;
import io.verdict.query.Budget;
import io.verdict.query.Cidr;
import io.verdict.query.LowerAsciiKeys;
import io.verdict.query.Wildcards;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Turns one KQL literal into a test of one field value, as the query Kibana builds for the field's type would
 * decide it in Elasticsearch: {@code term}/{@code wildcard} on keyword fields (exact, case-sensitive),
 * {@code match}/{@code match_phrase} on text fields (analysed words), a coerced number, boolean or address, a
 * date range for {@code field:date}. Everything that depends only on the literal is done here, once: numbers
 * parsed, CIDR blocks parsed, patterns compiled, words analysed, constants lower-cased.
 *
 * <p>A literal the field type cannot read (a word for a number field, an address that is not one) makes
 * Elasticsearch reject the whole query; such literals are reported through {@code problems} and the test never
 * matches. Where several field types are possible (free text, wildcard field names) the caller passes a problem
 * sink that ignores them, as Elasticsearch's lenient multi-field search does.
 */
final class ValueTests {

    static final ValueTest NEVER = value -> false;

    private final DateTests dates;
    private final RangeTests ranges;

    ValueTests(Clock clock) {
        this.dates = new DateTests(clock);
        this.ranges = new RangeTests(dates);
    }

    /** The test of {@code field < value} (and the other operators) on a field of {@code type}. */
    ValueTest range(
            FieldType type,
            boolean caseless,
            RangeOperator op,
            KqlValue value,
            String field,
            Consumer<String> problems) {
        return ranges.range(type, caseless, TextAnalyzer.standard(), op, value, field, problems);
    }

    /** The range test on a field as resolved: a text field's words come from its own analyzer. */
    ValueTest range(FieldResolver.FieldRef ref, RangeOperator op, KqlValue value, Consumer<String> problems) {
        return ranges.range(ref.type(), ref.caseless(), ref.analyzer(), op, value, ref.name(), problems);
    }

    // ---------------------------------------------------------------- field:value

    /** The test of {@code field:value} on a field of {@code type}; {@code caseless} for a lower-casing normalizer. */
    ValueTest is(FieldType type, boolean caseless, KqlValue value, String field, Consumer<String> problems) {
        return is(type, caseless, TextAnalyzer.standard(), value, field, problems);
    }

    /** The test of {@code field:value} on a field as resolved: a text field's words come from its own analyzer. */
    ValueTest is(FieldResolver.FieldRef ref, boolean caseless, KqlValue value, Consumer<String> problems) {
        return is(ref.type(), caseless, ref.analyzer(), value, ref.name(), problems);
    }

    private ValueTest is(
            FieldType type,
            boolean caseless,
            TextAnalyzer analyzer,
            KqlValue value,
            String field,
            Consumer<String> problems) {
        if (value.isWildcard()) {
            return wildcard(type, caseless, analyzer, value, field, problems);
        }
        String text = value.text();
        switch (type) {
            case KEYWORD, VERSION, GEO_POINT, OBJECT:
                return caseless ? caselessEquals(text) : v -> text.equals(FieldValues.asString(v));
            case TEXT:
                return value.quoted() ? phrase(analyzer, text) : anyWord(analyzer, text);
            case LONG, DOUBLE: {
                Number n = number(type, text, field, problems);
                return n == null ? NEVER : v -> equalNumbers(type, v, n);
            }
            case BOOLEAN: {
                Boolean b = bool(text, field, problems);
                return b == null ? NEVER : v -> b.equals(FieldValues.asBoolean(v));
            }
            case IP: {
                Cidr block = cidr(text, field, problems);
                return block == null ? NEVER : v -> v.isString() && block.contains(v.stringValue());
            }
            case DATE, DATE_NANOS:
                return dates.between(type, text, field, problems, true, true);
            default:
                return untyped(text);
        }
    }

    /** A field the schema does not know: each value is read by its JSON form. */
    private static ValueTest untyped(String text) {
        Number n = FieldValues.parseNumber(text);
        Boolean b = "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
        return v -> {
            if (v.isString()) {
                return text.equals(v.stringValue());
            }
            if (v.isNumber()) {
                return n != null && FieldValues.compareNumbers(FieldValues.asNumber(v), n) == 0;
            }
            return v.isBoolean() && b != null && b == v.booleanValue();
        };
    }

    private static ValueTest caselessEquals(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        // an ASCII value lower-cases char by char: compared so, without a copy; another is lower-cased by Java
        LowerAsciiKeys ascii = new LowerAsciiKeys(List.of(lower));
        return v -> {
            String s = FieldValues.asString(v);
            if (s == null || s.length() != lower.length()) {
                return false;
            }
            int found = ascii.find(s);
            return found == LowerAsciiKeys.NOT_ASCII
                    ? s.toLowerCase(Locale.ROOT).equals(lower)
                    : found >= 0;
        };
    }

    private static boolean equalNumbers(FieldType type, JsonNode v, Number n) {
        Number actual = type == FieldType.LONG ? FieldValues.asInteger(v) : FieldValues.asNumber(v);
        return actual != null && FieldValues.compareNumbers(actual, n) == 0;
    }

    // match: any analysed word of the value equals one of the query's words (the default operator is OR)
    private static ValueTest anyWord(TextAnalyzer analyzer, String text) {
        return anyWord(analyzer, new HashSet<>(analyzer.tokens(text)));
    }

    /** The test that the value, analysed, holds any of {@code words} (already analysed). */
    static ValueTest anyWord(TextAnalyzer analyzer, Set<String> words) {
        if (words.isEmpty()) {
            return NEVER;
        }
        return v -> {
            String s = FieldValues.asString(v);
            if (s == null) {
                return false;
            }
            charge(s, 1);
            return analyzer.words(s).containsAny(words);
        };
    }

    // match_phrase: the query's words appear in the value, consecutive and in order
    private static ValueTest phrase(TextAnalyzer analyzer, String text) {
        List<String> words = analyzer.tokens(text);
        if (words.isEmpty()) {
            return NEVER;
        }
        return v -> {
            String s = FieldValues.asString(v);
            if (s == null) {
                return false;
            }
            charge(s, 1); // the value is analysed once for all the rules' tests, then each is a few lookups
            return analyzer.words(s).containsPhrase(words);
        };
    }

    // ---------------------------------------------------------------- wildcards

    private ValueTest wildcard(
            FieldType type,
            boolean caseless,
            TextAnalyzer analyzer,
            KqlValue value,
            String field,
            Consumer<String> problems) {
        String pattern = pattern(value);
        switch (type) {
            case KEYWORD, VERSION, UNKNOWN: {
                // Kibana sends a wildcard query for a keyword field: the whole value, case-sensitive, spaces kept
                Wildcards wildcards = Wildcards.kql(pattern, caseless);
                return v -> {
                    String s = FieldValues.asString(v);
                    return s != null && wildcards.matches(s);
                };
            }
            case TEXT: {
                // query_string: split at whitespace into terms (any may match), each matched against the
                // analysed words of the value, and normalised as the analyzer normalises a term (lower case)
                List<Wildcards> terms = new ArrayList<>();
                for (String term : pattern.trim().split("\\s+")) {
                    terms.add(Wildcards.kql(analyzer.normalize(term), false));
                }
                return v -> {
                    String s = FieldValues.asString(v);
                    if (s == null) {
                        return false;
                    }
                    charge(s, terms.size());
                    for (String token : analyzer.tokens(s)) {
                        for (Wildcards term : terms) {
                            if (term.matches(token)) {
                                return true;
                            }
                        }
                    }
                    return false;
                };
            }
            default:
                problems.accept(
                        KqlMessage.WILDCARD_TYPE.format(field, type.name().toLowerCase(Locale.ROOT), value.text()));
                return NEVER;
        }
    }

    /**
     * Elasticsearch's {@code wildcard} query ({@code *}, {@code ?}, {@code \} escapes) on a field as resolved, as
     * Kibana's exception items and filters send it: a keyword's whole value, case-insensitive under a lower-casing
     * normalizer (Elasticsearch normalises the pattern as it normalised the value) or {@code case_insensitive};
     * each analysed word of a text value against the pattern as written (this query does not analyse it, so an
     * upper-case letter never meets a lower-cased word); on any other type Elasticsearch refuses the query.
     */
    ValueTest wildcardQuery(
            FieldResolver.FieldRef ref, String pattern, boolean caseInsensitive, Consumer<String> problems) {
        switch (ref.type()) {
            case KEYWORD, VERSION, UNKNOWN: {
                Wildcards wildcards = Wildcards.lucene(pattern, caseInsensitive || ref.caseless());
                return v -> {
                    String s = FieldValues.asString(v);
                    return s != null && wildcards.matches(s);
                };
            }
            case TEXT: {
                Wildcards wildcards = Wildcards.lucene(pattern, caseInsensitive);
                TextAnalyzer analyzer = ref.analyzer();
                return v -> {
                    String s = FieldValues.asString(v);
                    if (s == null) {
                        return false;
                    }
                    charge(s, 1);
                    for (String token : analyzer.tokens(s)) {
                        if (wildcards.matches(token)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            default:
                problems.accept(KqlMessage.WILDCARD_TYPE.format(
                        ref.name(), ref.type().name().toLowerCase(Locale.ROOT), pattern));
                return NEVER;
        }
    }

    /**
     * A text value is analysed into words and each word compared with {@code per} query words or terms: work that
     * grows with the value, charged to the rule's evaluation budget when it is long.
     */
    private static void charge(String value, int per) {
        long work = (long) value.length() * per;
        if (work >= Budget.SMALL) {
            Budget.charge(work);
        }
    }

    /** The value as a {@link Wildcards#kql} pattern: literal {@code *} and {@code \} escaped, wildcards bare. */
    static String pattern(KqlValue value) {
        List<String> escaped = new ArrayList<>();
        for (String part : value.parts()) {
            escaped.add(part.replace("\\", "\\\\").replace("*", "\\*"));
        }
        return String.join("*", escaped);
    }

    // ---------------------------------------------------------------- literal coercion

    static Number number(FieldType type, String text, String field, Consumer<String> problems) {
        Number n = FieldValues.parseNumber(text);
        if (n == null) {
            problems.accept(KqlMessage.BAD_NUMBER.format(field, type.name().toLowerCase(Locale.ROOT), text));
        }
        return n;
    }

    static Boolean bool(String text, String field, Consumer<String> problems) {
        switch (text) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                problems.accept(KqlMessage.BAD_BOOLEAN.format(field, text));
                return null;
        }
    }

    private static Cidr cidr(String text, String field, Consumer<String> problems) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            problems.accept(KqlMessage.BAD_IP.format(field, text));
            return null;
        }
    }
}
