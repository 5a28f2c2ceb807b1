package io.verdict.ruletest;

import io.verdict.query.Problem;
import io.verdict.rule.IoReasons;
import io.verdict.rule.TomlBounds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads rule test files:
 * <pre>
 * rule_id = "..."                  # optional beside the rule file
 * [[case]]
 * name = "renamed rclone copies a share to S3"
 * expect = "alert"                 # or "none"
 * severity = "medium"              # optional
 * risk_score = 47                  # optional
 * events = ['''{"process": {...}}''']
 * </pre>
 */
public final class RuleTestLoader {

    /** Test files carry events, so they may be larger than rule files; they are bounded like them otherwise. */
    static final TomlBounds BOUNDS = new TomlBounds(16L * 1024 * 1024, TomlBounds.DEFAULT.maxDepth(), 20_000);

    public RuleTestFile load(Path file, String displayName, String ruleIdBeside) {
        try {
            String tooLarge = BOUNDS.sizeProblem(Files.size(file));
            if (tooLarge != null) {
                return new RuleTestFile(
                        displayName,
                        ruleIdBeside,
                        List.of(),
                        List.of(new Problem(displayName, 1, 1, tooLarge, null, 0)));
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), displayName, ruleIdBeside);
        } catch (IOException | java.io.UncheckedIOException e) {
            return new RuleTestFile(
                    displayName,
                    ruleIdBeside,
                    List.of(),
                    List.of(new Problem(displayName, 1, 1, "cannot read the file: " + IoReasons.of(e), null, 0)));
        }
    }

    public RuleTestFile parse(String content, String origin, String ruleIdBeside) {
        List<Problem> problems = new ArrayList<>();
        TomlBounds.Breach breach = BOUNDS.check(content);
        if (breach != null) {
            problems.add(new Problem(origin, 1, 1, breach.message(), null, 0));
            return new RuleTestFile(origin, ruleIdBeside, List.of(), problems);
        }
        TomlParseResult toml = Toml.parse(content);
        toml.errors().forEach(e -> problems.add(problem(origin, e.position(), "invalid TOML: " + e.getMessage())));
        if (!problems.isEmpty()) {
            return new RuleTestFile(origin, ruleIdBeside, List.of(), problems);
        }
        String ruleId = toml.getString("rule_id");
        if (ruleId == null) {
            ruleId = ruleIdBeside;
        }
        if (ruleId == null) {
            problems.add(new Problem(origin, 1, 1, "no rule_id, and no rule file beside this test file", null, 0));
        }
        List<RuleTestCase> cases = new ArrayList<>();
        TomlArray array = toml.getArrayOrEmpty("case");
        if (array.isEmpty()) {
            problems.add(new Problem(origin, 1, 1, "no [[case]] in the test file", null, 0));
        }
        for (int i = 0; i < array.size(); i++) {
            TomlPosition at = array.inputPositionOf(i);
            if (!(array.get(i) instanceof TomlTable c)) {
                problems.add(problem(origin, at, "[[case]] " + (i + 1) + " is not a table"));
                continue;
            }
            cases.add(testCase(c, i, at, origin, problems));
        }
        return new RuleTestFile(origin, ruleId, cases, problems);
    }

    private static RuleTestCase testCase(
            TomlTable c, int index, TomlPosition at, String origin, List<Problem> problems) {
        String name = c.getString("name") == null ? "case " + (index + 1) : c.getString("name");
        String expect = c.getString("expect");
        if (!"alert".equals(expect) && !"none".equals(expect)) {
            problems.add(problem(
                    origin,
                    position(c, "expect", at),
                    "case '" + name + "': expect must be \"alert\" or" + " \"none\", found "
                            + (expect == null ? "nothing" : "\"" + expect + "\"")));
        }
        List<String> events = new ArrayList<>();
        TomlArray written = c.isArray("events") ? c.getArray("events") : null;
        if (written == null || written.isEmpty()) {
            problems.add(problem(origin, position(c, "events", at), "case '" + name + "' has no events"));
        } else {
            for (int e = 0; e < written.size(); e++) {
                if (written.get(e) instanceof String json) {
                    events.add(json);
                } else {
                    problems.add(problem(
                            origin,
                            written.inputPositionOf(e),
                            "case '" + name + "': each event is a" + " JSON object written as a string"));
                }
            }
        }
        Long risk = c.isLong("risk_score") ? c.getLong("risk_score") : null;
        return new RuleTestCase(
                name,
                events,
                "alert".equals(expect),
                c.getString("severity"),
                risk == null ? null : risk.intValue(),
                at.line());
    }

    private static TomlPosition position(TomlTable table, String key, TomlPosition fallback) {
        TomlPosition p = table.inputPositionOf(key);
        return p == null ? fallback : p;
    }

    private static Problem problem(String origin, TomlPosition at, String message) {
        return new Problem(origin, at.line(), at.column(), message, null, 0);
    }
}
