package io.verdict.eql.compile;

import io.verdict.eql.ast.Expr.CompareOp;
import io.verdict.event.Dates;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.ValueTest;
import io.verdict.event.Versions;
import io.verdict.query.Cidr;
import io.verdict.query.LowerAsciiKeys;
import io.verdict.query.LuceneRegex;
import io.verdict.query.WildcardSet;
import io.verdict.query.Wildcards;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tests of one field value against constants, built once per predicate with the constant already converted to
 * the field's type (a date literal parsed, a number literal rendered for a keyword field), as Elasticsearch
 * converts a query's terms to the field's mapping.
 */
final class FieldTests {

    private static final ValueTest NEVER = v -> false;

    private FieldTests() {}

    /** {@code value <op> constant} for a non-null constant and {@code op} other than {@code !=}. */
    static ValueTest compare(FieldType type, CompareOp op, Object constant) {
        return switch (type) {
            case KEYWORD, TEXT, GEO_POINT, OBJECT -> strings(op, Operators.text(constant));
            case IP -> op == CompareOp.EQ ? ip(Operators.text(constant)) : strings(op, Operators.text(constant));
            case VERSION -> {
                String c = Operators.text(constant);
                yield v -> {
                    String s = FieldValues.asString(v);
                    return s != null && op.test(Versions.compare(s, c));
                };
            }
            case LONG, DOUBLE -> numbers(type, op, constant);
            case DATE, DATE_NANOS -> dates(type, op, constant);
            case BOOLEAN -> booleans(op, constant);
            case UNKNOWN -> dynamic(op, constant);
        };
    }

    private static ValueTest strings(CompareOp op, String c) {
        if (op == CompareOp.EQ) {
            return v -> v.isString() ? c.equals(v.stringValue()) : c.equals(FieldValues.asString(v));
        }
        return v -> {
            String s = FieldValues.asString(v);
            return s != null && op.test(s.compareTo(c));
        };
    }

    private static ValueTest ip(String address) {
        if (!Cidr.isAddress(address)) {
            return NEVER;
        }
        Cidr single = Cidr.parse(address);
        return v -> v.isString() && single.contains(v.stringValue());
    }

    private static ValueTest numbers(FieldType type, CompareOp op, Object constant) {
        Number c = constant instanceof Number n ? n : constant instanceof String s ? FieldValues.parseNumber(s) : null;
        if (c == null) {
            return NEVER;
        }
        boolean integral = type == FieldType.LONG;
        return v -> {
            Number n = integral ? FieldValues.asInteger(v) : FieldValues.asDouble(v);
            return n != null && op.test(FieldValues.compareNumbers(n, c));
        };
    }

    private static ValueTest dates(FieldType type, CompareOp op, Object constant) {
        Instant parsed = Operators.asInstant(constant);
        if (parsed == null) {
            return NEVER;
        }
        Instant c = Dates.truncate(parsed, type);
        return v -> {
            Instant i = FieldValues.asInstant(v, type);
            return i != null && op.test(i.compareTo(c));
        };
    }

    private static ValueTest booleans(CompareOp op, Object constant) {
        Boolean c = constant instanceof Boolean b
                ? b
                : "true".equals(constant) ? Boolean.TRUE : "false".equals(constant) ? Boolean.FALSE : null;
        if (c == null) {
            return NEVER;
        }
        return v -> {
            Boolean b = FieldValues.asBoolean(v);
            return b != null && op.test(Boolean.compare(b, c));
        };
    }

    /** A field outside the schema: Elasticsearch's dynamic mapping would type it by its JSON value. */
    private static ValueTest dynamic(CompareOp op, Object constant) {
        Number number =
                constant instanceof Number n ? n : constant instanceof String s ? FieldValues.parseNumber(s) : null;
        String text = Operators.text(constant);
        Boolean bool = constant instanceof Boolean b ? b : null;
        ValueTest strings = strings(op, text);
        return v -> {
            if (v.isNumber()) {
                return number != null && op.test(FieldValues.compareNumbers(FieldValues.asNumber(v), number));
            }
            if (v.isBoolean()) {
                return bool != null ? op.test(Boolean.compare(v.booleanValue(), bool)) : strings.test(v);
            }
            return strings.test(v);
        };
    }

    /** {@code value in (constants)}; nulls in the list never match. */
    static ValueTest in(FieldType type, List<Object> constants, boolean caseInsensitive) {
        List<Object> values = constants.stream().filter(c -> c != null).toList();
        boolean allStrings = values.stream().allMatch(c -> c instanceof String);
        if (type.isString() || type == FieldType.GEO_POINT || (type == FieldType.UNKNOWN && allStrings)) {
            Set<String> set = new HashSet<>();
            for (Object c : values) {
                set.add(caseInsensitive ? Operators.text(c).toLowerCase(Locale.ROOT) : Operators.text(c));
            }
            if (caseInsensitive) {
                // an ASCII value is looked up lower-cased without a copy; another is lower-cased as Java does it
                LowerAsciiKeys ascii = new LowerAsciiKeys(List.copyOf(set));
                return v -> {
                    String s = FieldValues.asString(v);
                    if (s == null) {
                        return false;
                    }
                    int found = ascii.find(s);
                    return found == LowerAsciiKeys.NOT_ASCII ? set.contains(s.toLowerCase(Locale.ROOT)) : found >= 0;
                };
            }
            return v -> {
                String s = v.isString() ? v.stringValue() : FieldValues.asString(v);
                return s != null && set.contains(s);
            };
        }
        List<ValueTest> tests = new ArrayList<>();
        for (Object c : values) {
            tests.add(compare(type, CompareOp.EQ, c));
        }
        ValueTest[] array = tests.toArray(ValueTest[]::new);
        return v -> {
            for (ValueTest t : array) {
                if (t.test(v)) {
                    return true;
                }
            }
            return false;
        };
    }

    static ValueTest wildcards(List<Wildcards> patterns) {
        if (patterns.size() == 1) {
            Wildcards only = patterns.get(0);
            return v -> {
                String s = v.isString() ? v.stringValue() : FieldValues.asString(v);
                return s != null && only.matches(s);
            };
        }
        // a list of names: those without wildcards are looked up, not tried one by one
        WildcardSet set = WildcardSet.of(patterns);
        return v -> {
            String s = v.isString() ? v.stringValue() : FieldValues.asString(v);
            return s != null && set.matches(s);
        };
    }

    static ValueTest regexes(List<LuceneRegex> patterns) {
        LuceneRegex[] array = patterns.toArray(LuceneRegex[]::new);
        return v -> {
            String s = FieldValues.asString(v);
            if (s == null) {
                return false;
            }
            for (LuceneRegex r : array) {
                if (r.matches(s)) {
                    return true;
                }
            }
            return false;
        };
    }

    static ValueTest cidrs(List<Cidr> blocks) {
        Cidr[] array = blocks.toArray(Cidr[]::new);
        return v -> {
            if (!v.isString()) {
                return false;
            }
            String ip = v.stringValue();
            for (Cidr c : array) {
                if (c.contains(ip)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A value read as a boolean condition on its own ({@code where ?flag}): only {@code true} matches. */
    static ValueTest isTrue() {
        return v -> Boolean.TRUE.equals(FieldValues.asBoolean(v));
    }
}
