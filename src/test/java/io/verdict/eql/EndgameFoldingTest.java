package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdict.Shared;
import io.verdict.eql.ast.Expr;
import io.verdict.eql.check.EqlChecker;
import io.verdict.eql.compile.EqlPlanner;
import io.verdict.eql.parser.EqlParser;
import io.verdict.event.Schema;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The applicable cases of the Python eql library's folding tables ({@code test_folding.toml},
 * {@code test_string_functions.toml}): a constant expression and the value it folds to (no {@code expected} =
 * null), and verifier failures that must not check. Endgame writes strings in single quotes; they are rewritten
 * to double quotes (the only syntax Elasticsearch has). Cases where Endgame and Elasticsearch differ are excluded,
 * each with its reason, in {@link #EXCLUDED_SECTIONS} and {@link #EXCLUDED_CASES}.
 */
class EndgameFoldingTest {

    static final Map<String, String> EXCLUDED_SECTIONS = new LinkedHashMap<>();
    static final Map<String, String> EXCLUDED_CASES = new LinkedHashMap<>();
    private static final Map<String, int[]> TALLY =
            new java.util.concurrent.ConcurrentHashMap<>(); // file -> passed, run, excluded

    static {
        String globalCase =
                "Endgame's global case-insensitive mode; in Elasticsearch == and functions are case-sensitive"
                        + " and only ~ makes them insensitive (covered by eql-functions.toml)";
        EXCLUDED_SECTIONS.put("string_case_insensitive_match_comparison", globalCase);
        EXCLUDED_SECTIONS.put("in_set_case_insensitive", globalCase);
        EXCLUDED_SECTIONS.put("endswith_insensitive", globalCase);
        EXCLUDED_SECTIONS.put("startswith_case_insensitive", globalCase);
        EXCLUDED_SECTIONS.put("wildcard_case_insensitive", globalCase);
        EXCLUDED_SECTIONS.put("match", "match() is an Endgame-only function");
        EXCLUDED_SECTIONS.put("wildcard", "wildcard() is an Endgame-only function");
        EXCLUDED_SECTIONS.put("wildcard_case_sensitive", "wildcard() is an Endgame-only function");
        EXCLUDED_SECTIONS.put("complex", "the method syntax \"hello\":length() is Endgame-only");
        String notFound = "between(): Elasticsearch returns \"\" when left or right is not found (Endgame: null)";
        String emptyBound =
                "between(): Elasticsearch returns the source when left or right is \"\" (StringUtils.between)";
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"welcome\", \"village\")", notFound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"goodbye\", \"planet\")", notFound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"welcome\", \"x\", false)", notFound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"welcome\", \"x\", true)", notFound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"\", \"x\", true)", emptyBound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"\", \"\", false)", emptyBound);
        EXCLUDED_CASES.put("between(\"welcome to the planet\", \"\", \"planet\", false)", emptyBound);
        EXCLUDED_CASES.put(
                "substring(\"hello world\", null, 5)",
                "substring(): Elasticsearch returns the source unchanged when start is null (Endgame slices [:5])");
    }

    @TestFactory
    Stream<DynamicNode> folding() {
        return Stream.of("test_folding.toml", "test_string_functions.toml").map(name -> {
            Path file = Shared.require("conformance/endgame-eql/" + name);
            return DynamicContainer.dynamicContainer(
                    name, sections(file, TALLY.computeIfAbsent(name, k -> new int[3])));
        });
    }

    private Stream<DynamicNode> sections(Path file, int[] tally) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (String section : toml.keySet()) {
            TomlTable table = toml.getTable(section);
            if (EXCLUDED_SECTIONS.containsKey(section)) {
                tally[2] += count(table);
                continue;
            }
            List<DynamicNode> cases = new ArrayList<>();
            addFolds(cases, table.getArray("fold.tests"), Map.of(), tally);
            addFolds(cases, table.getArray("tests"), Map.of(), tally);
            TomlArray loops = table.getArray("loop");
            for (int i = 0; loops != null && i < loops.size(); i++) {
                TomlTable loop = loops.getTable(i);
                for (Object type : loop.getArray("param.type").toList()) {
                    addFolds(
                            cases,
                            loop.getArray("fold.tests"),
                            Map.of("$" + loop.getString("param.name"), sample((String) type)),
                            tally);
                }
            }
            TomlArray failures = table.getArray("verifier.failures");
            for (int i = 0; failures != null && i < failures.size(); i++) {
                String expression = doubleQuoted(failures.getTable(i).getString("expression"));
                cases.add(DynamicTest.dynamicTest("rejects " + expression, () -> {
                    tally[1]++;
                    assertThrows(QueryException.class, () -> fold(expression));
                    tally[0]++;
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(section, cases));
        }
        return nodes.stream();
    }

    private void addFolds(List<DynamicNode> cases, TomlArray tests, Map<String, String> params, int[] tally) {
        for (int i = 0; tests != null && i < tests.size(); i++) {
            TomlTable test = tests.getTable(i);
            String expression = doubleQuoted(test.getString("expression"));
            for (Map.Entry<String, String> p : params.entrySet()) {
                expression = expression.replace(p.getKey(), p.getValue());
            }
            String reason = EXCLUDED_CASES.get(expression.strip());
            if (reason != null) {
                tally[2]++;
                continue;
            }
            Object expected = test.get("expected");
            String shown = expression;
            cases.add(DynamicTest.dynamicTest(shown + " -> " + expected, () -> {
                tally[1]++;
                assertEquals(expected, fold(shown), shown);
                tally[0]++;
            }));
        }
    }

    private static int count(TomlTable table) {
        int n = 0;
        for (String key : List.of("fold.tests", "tests", "verifier.failures")) {
            n += table.getArray(key) == null ? 0 : table.getArray(key).size();
        }
        return n;
    }

    /** A value of each Endgame parameter type, for the null_comparison loops. */
    private static String sample(String type) {
        return switch (type) {
            case "bool" -> "true";
            case "int" -> "1";
            case "string" -> "\"foo\"";
            case "float" -> "1.5";
            default -> "null";
        };
    }

    /** Endgame's 'single quoted' strings as the "double quoted" ones Elasticsearch has. */
    static String doubleQuoted(String expression) {
        return expression.replaceAll("'([^'\"]*)'", "\"$1\"");
    }

    static Object fold(String expression) {
        SourceText text = SourceText.of(expression);
        Expr expr = EqlParser.parseExpression(text);
        EqlChecker.check(expr, text);
        return new EqlPlanner(Schema.empty()).fold(expr);
    }

    @AfterAll
    static void report() {
        new java.util.TreeMap<>(TALLY)
                .forEach((file, t) -> System.out.println("Endgame " + file + ": passed " + t[0] + "/" + t[1]
                        + " applicable cases, " + t[2] + " excluded"));
        System.out.println("Excluded (Endgame-only behaviour):");
        EXCLUDED_SECTIONS.forEach((s, why) -> System.out.println("  section " + s + ": " + why));
        EXCLUDED_CASES.forEach((c, why) -> System.out.println("  " + c + ": " + why));
    }
}
