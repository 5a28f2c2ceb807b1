package io.verdict.eql.check;

import static io.verdict.eql.check.ValueKind.ANY;
import static io.verdict.eql.check.ValueKind.BOOLEAN;
import static io.verdict.eql.check.ValueKind.NUMBER;
import static io.verdict.eql.check.ValueKind.STRING;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The functions Elasticsearch EQL has — exactly these — with arity, argument kinds and whether a {@code ~}
 * (case-insensitive) variant exists. Names are looked up case-insensitively, as Elasticsearch does.
 */
public enum FunctionSpec {
    ADD("add", 2, 2, false, NUMBER, NUMBER, NUMBER),
    SUBTRACT("subtract", 2, 2, false, NUMBER, NUMBER, NUMBER),
    MULTIPLY("multiply", 2, 2, false, NUMBER, NUMBER, NUMBER),
    DIVIDE("divide", 2, 2, false, NUMBER, NUMBER, NUMBER),
    MODULO("modulo", 2, 2, false, NUMBER, NUMBER, NUMBER),
    BETWEEN("between", 3, 4, true, STRING, STRING, STRING, STRING, BOOLEAN),
    CIDR_MATCH("cidrMatch", 2, Integer.MAX_VALUE, false, BOOLEAN, ANY, STRING),
    CONCAT("concat", 1, Integer.MAX_VALUE, false, STRING, ANY),
    ENDS_WITH("endsWith", 2, 2, true, BOOLEAN, STRING, STRING),
    INDEX_OF("indexOf", 2, 3, true, NUMBER, STRING, STRING, NUMBER),
    LENGTH("length", 1, 1, false, NUMBER, STRING),
    NUMBER_OF("number", 1, 2, false, NUMBER, STRING, NUMBER),
    STARTS_WITH("startsWith", 2, 2, true, BOOLEAN, STRING, STRING),
    STRING_OF("string", 1, 1, false, STRING, ANY),
    STRING_CONTAINS("stringContains", 2, 2, true, BOOLEAN, STRING, STRING),
    SUBSTRING("substring", 2, 3, false, STRING, STRING, NUMBER, NUMBER);

    private static final Map<String, FunctionSpec> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(f -> f.name.toLowerCase(Locale.ROOT), Function.identity()));

    private final String name;
    private final int minArgs;
    private final int maxArgs;
    private final boolean caseInsensitiveVariant;
    private final ValueKind result;
    /** Kinds of the arguments in order; the last repeats for variadic functions. */
    private final List<ValueKind> args;

    FunctionSpec(
            String name,
            int minArgs,
            int maxArgs,
            boolean caseInsensitiveVariant,
            ValueKind result,
            ValueKind... args) {
        this.name = name;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.caseInsensitiveVariant = caseInsensitiveVariant;
        this.result = result;
        this.args = List.of(args);
    }

    /** The function of that name in any letter case, or null. */
    public static FunctionSpec lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public String displayName() {
        return name;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    public boolean hasCaseInsensitiveVariant() {
        return caseInsensitiveVariant;
    }

    public ValueKind result() {
        return result;
    }

    public ValueKind argument(int index) {
        return args.get(Math.min(index, args.size() - 1));
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.name).collect(Collectors.joining(", "));
    }
}
