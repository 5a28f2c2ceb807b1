package io.verdict.battery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile variants of valid rule files, each a function of (seed, index) alone. Kinds: TOML damage by line (cut,
 * repeat, swap, garbage), odd values of known keys, deep TOML nesting, EQL and KQL query mutations (deep
 * parentheses, {@code not} chains, long {@code or} lists, a field starting with {@code .}, odd functions and
 * literals), rule-type changes without their blocks, and bad bytes. Unless the mutation is about the
 * {@code rule_id}, the rule gets one of a few fixed ids, so uploads with {@code overwrite=true} keep the store small.
 */
final class RuleMutator {

    enum Kind {
        TOML_LINES,
        VALUE,
        DEEP_TOML,
        EQL_QUERY,
        KQL_QUERY,
        TYPE_SWAP,
        BYTES
    }

    /** One fuzzed rule file: how it was made, its rule id, its bytes. */
    record Mutant(int index, Kind kind, String ruleId, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static final int ID_POOL = 16;

    private static final String[] GARBAGE_LINES = {
        "[rule",
        "a = ",
        "\"\"\"",
        "'''",
        "[[rule.threat]]",
        "x = 1979-05-27T07:32:00Z",
        "risk_score = inf",
        "risk_score = nan",
        "= 1",
        "a.b.c = 1",
        "[rule]",
        "rule_id = 5",
        "[metadata]",
        "query = 1",
        "tags = [",
        "name = \"\\uD800\"",
        "name = \"\\u0000\"",
        "[rule.threshold]",
        "x = 0x7fffffffffffffffff",
        "y = 1e400",
        "\u0000",
        "[[rule]]",
        "[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = []"
    };
    private static final String[][] VALUES = {
        {"risk_score", "1e400", "-1", "500", "\"x\"", "nan", "inf", "99999999999999999999", "[]"},
        {"severity", "\"urgent\"", "\"\"", "1", "[\"low\"]", "\"LOW\""},
        {
            "type",
            "\"unknown\"",
            "\"threshold\"",
            "\"new_terms\"",
            "\"esql\"",
            "\"threat_match\"",
            "\"machine_learning\"",
            "\"\""
        },
        {"language", "\"esql\"", "\"lucene\"", "\"kuery\"", "\"eql\"", "\"\"", "1"},
        {
            "rule_id",
            "\"../../etc/passwd\"",
            "\"\"",
            "\"" + "a".repeat(200) + "\"",
            "\"con\"",
            "\"x y\"",
            "\"ü\"",
            "\"..\"",
            "\".\"",
            "\"a/b\"",
            "\"a\\\\b\"",
            "42",
            "\"%2e%2e\""
        },
        {"name", "\"\"", "\"" + "n".repeat(100_000) + "\"", "[\"a\"]", "\"\\u0000\""},
        {"from", "\"now-999999999y\"", "\"now+1d\"", "\"yesterday\"", "\"now-1e19s\"", "\"\""},
        {"interval", "\"0s\"", "\"-5m\"", "\"999999999999d\""},
        {"max_signals", "-1", "0", "99999999999"},
        {"tags", "[1, 2]", "\"x\"", "[[\"a\"]]"},
        {"index", "[]", "[\"\"]", "[\"*\"]", "\"logs-*\"", "[\"" + "x".repeat(10_000) + "\"]"},
    };
    private static final String[] EQL = {
        "process where (((((((((((((((((((((((((true)))))))))))))))))))))))))",
        "process where not not not not not not not not not not true",
        "process where process.name : (\"a\", \"b\", \"c\")",
        "process where .process.name == \"x\"",
        "process where `process name` == \"x\"",
        "process where process.name regex~ \"(a+)+$\"",
        "process where cidrMatch(source.ip, \"999.0.0.0/99\")",
        "process where process.name : \"" + "*".repeat(10_000) + "\"",
        "process where length() > 1",
        "process where nosuchfunction(process.name)",
        "sequence by host.id",
        "sequence by host.id with maxspan=99999999999d [process where true] [network where true]",
        "sequence with maxspan=0s [process where true] [process where true] until [process where true]",
        "sample by host.id [process where true] [network where true]",
        "[process where true] with runs=1000000",
        "sequence [process where true] with runs=100000 [network where true]",
        "process where process.pid == 99999999999999999999999",
        "process where 1 / 0 == 1",
        "process where process.name == \"" + "x".repeat(100_000) + "\"",
        "process where process.name == \"\\u{10FFFF}\" and process.name == \"\\u{110000}\"",
        "process where ?process.name == null and process.args[99999999] == \"x\"",
        "any where true | head 99999999999 | tail 0",
        "process where process.name : \"a\" or",
        "process where stringContains(process.name, concat(" + "process.name, ".repeat(500) + "\"x\"))",
    };
    private static final String[] KQL = {
        "event.category: \"authentication\" or .incoming_token_type: \"none\"",
        ".field: x",
        "a.: b",
        "..: x",
        "*: *",
        "process.name: *",
        "process.pid >= 1e400",
        "@timestamp < now-1d",
        "a: { b: c }",
        "a: { b: { c: { d: e } } }",
        "a: \"unbalanced",
        "a: \\\\",
        "a: \"\\u0000\"",
        "not not not not not not not not a: b",
        "a: (b or c or d and not e)",
        "a:b and (c:d or (e:f and (g:h or (i:j))))",
        "process.name: (" + "x or ".repeat(5_000) + "y)",
        "source.ip: 999.999.999.999/40",
        "process.args: *" + "a*".repeat(2_000),
        "a:b or",
        "(a:b",
    };

    private final List<String> bases;
    private final long seed;

    RuleMutator(List<String> bases, long seed) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("the mutator needs at least one base rule");
        }
        this.bases = List.copyOf(bases);
        this.seed = seed;
    }

    static String poolId(int index) {
        return BatteryRules.id("upload-" + (index % ID_POOL));
    }

    /** Input {@code index} of this seed: the same bytes every time. */
    Mutant mutant(int index) {
        SplittableRandom random = new SplittableRandom(seed * 7_919L + index);
        String id = poolId(index);
        String base =
                bases.get(random.nextInt(bases.size())).replaceFirst("(?m)^rule_id = .*$", "rule_id = \"" + id + "\"");
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String text = switch (kind) {
            case TOML_LINES -> lines(base, random);
            case VALUE -> {
                String[] choice = VALUES[random.nextInt(VALUES.length)];
                yield setKey(base, choice[0], choice[1 + random.nextInt(choice.length - 1)]);
            }
            case DEEP_TOML -> {
                int depth = new int[] {100, 500, 1_000, 2_000, 3_000}[random.nextInt(5)];
                yield base + "\n[rule.fuzz]\ndeep = "
                        + (random.nextBoolean()
                                ? "[".repeat(depth) + "]".repeat(depth)
                                : "{a = ".repeat(depth) + "1" + "}".repeat(depth))
                        + "\n";
            }
            case EQL_QUERY ->
                setQuery(setKey(setKey(base, "language", "\"eql\""), "type", "\"eql\""), eqlQuery(random));
            case KQL_QUERY ->
                setQuery(setKey(setKey(base, "language", "\"kuery\""), "type", "\"query\""), kqlQuery(random));
            case TYPE_SWAP -> {
                String type = new String[] {"threshold", "new_terms", "eql", "query", "esql", "threat_match"}
                        [random.nextInt(6)];
                String swapped = setKey(base, "type", "\"" + type + "\"");
                yield switch (random.nextInt(4)) {
                    case 0 ->
                        swapped + "\n[rule.threshold]\nfield = [" + "\"f\", ".repeat(1_000) + "\"g\"]\nvalue = "
                                + new String[] {"0", "-1", "1e9", "1"}[random.nextInt(4)] + "\n";
                    case 1 ->
                        swapped + "\n[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = [" + "\"f\", ".repeat(100)
                                + "\"g\"]\n";
                    default -> swapped;
                };
            }
            case BYTES -> null;
        };
        byte[] bytes = kind == Kind.BYTES
                ? EventMutator.damage(base.getBytes(StandardCharsets.UTF_8), random)
                : text.getBytes(StandardCharsets.UTF_8);
        String ruleId =
                kind == Kind.VALUE && text.contains("\nrule_id = ") && !text.contains("rule_id = \"" + id + "\"")
                        ? null
                        : id;
        return new Mutant(index, kind, ruleId, bytes);
    }

    private static String eqlQuery(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                int depth = 10 + random.nextInt(3_000);
                yield "process where " + "(".repeat(depth) + "process.name == \"x\"" + ")".repeat(depth);
            }
            case 1 -> "process where " + "not ".repeat(1 + random.nextInt(3_000)) + "true";
            case 2 -> {
                StringBuilder or = new StringBuilder("process where process.name in (");
                int n = 1 + random.nextInt(5_000);
                for (int i = 0; i < n; i++) {
                    or.append(i == 0 ? "" : ", ").append("\"p").append(i).append('"');
                }
                yield or.append(')').toString();
            }
            default -> EQL[random.nextInt(EQL.length)];
        };
    }

    private static String kqlQuery(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                int depth = 10 + random.nextInt(3_000);
                yield "(".repeat(depth) + "event.category: process" + ")".repeat(depth);
            }
            case 1 -> "not ".repeat(1 + random.nextInt(2_000)) + "event.category: process";
            case 2 -> {
                StringBuilder or = new StringBuilder("process.name: (v0");
                int n = 1 + random.nextInt(3_000);
                for (int i = 1; i < n; i++) {
                    or.append(" or v").append(i);
                }
                yield or.append(')').toString();
            }
            default -> KQL[random.nextInt(KQL.length)];
        };
    }

    private static String lines(String base, SplittableRandom random) {
        List<String> lines = new ArrayList<>(List.of(base.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(5)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, lines.get(at));
            case 2 -> {
                int other = random.nextInt(lines.size());
                String a = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, a);
            }
            case 3 -> {
                return base.substring(0, random.nextInt(base.length()));
            }
            default -> lines.add(at, GARBAGE_LINES[random.nextInt(GARBAGE_LINES.length)]);
        }
        return String.join("\n", lines);
    }

    /** Replaces the value of a top-level key of [rule] (the first line "key = ..."), or adds the line after [rule]. */
    static String setKey(String toml, String key, String value) {
        String line = key + " = " + value;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^" + java.util.regex.Pattern.quote(key) + " = .*$")
                .matcher(toml);
        if (m.find()) {
            return toml.substring(0, m.start()) + line + toml.substring(m.end());
        }
        int rule = toml.indexOf("[rule]\n");
        return rule < 0
                ? toml + "\n" + line + "\n"
                : toml.substring(0, rule + 7) + line + "\n" + toml.substring(rule + 7);
    }

    /** Replaces the query (a ''' block, a """ block or one line); adds one when there is none. */
    static String setQuery(String toml, String query) {
        String block = "query = '''\n" + query + "\n'''";
        for (String quote : new String[] {"'''", "\"\"\""}) {
            int at = toml.indexOf("query = " + quote);
            if (at >= 0) {
                int end = toml.indexOf(quote, at + 8 + quote.length());
                if (end > 0) {
                    return toml.substring(0, at) + block + toml.substring(end + quote.length());
                }
            }
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?m)^query = .*$").matcher(toml);
        if (m.find()) {
            return toml.substring(0, m.start()) + block + toml.substring(m.end());
        }
        return setKey(toml, "query", "'''\n" + query + "\n'''");
    }
}
