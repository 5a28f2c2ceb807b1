package io.verdict.ruletest;

import io.verdict.query.Problem;
import java.util.List;

/**
 * A rule's test file ({@code x.tests.toml} beside {@code x.toml}): the rule it tests and its cases.
 *
 * @param ruleId   the rule under test; read from the file, else from the rule file beside it
 * @param problems what is wrong with the file itself; its cases are not run when there are any
 */
public record RuleTestFile(String file, String ruleId, List<RuleTestCase> cases, List<Problem> problems) {

    public RuleTestFile {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
    }

    /** The test file that belongs beside a rule file: {@code dir/x.toml} → {@code dir/x.tests.toml}. */
    public static String besideRule(String ruleFile) {
        return ruleFile.substring(0, ruleFile.length() - ".toml".length()) + ".tests.toml";
    }

    public static boolean isTestFile(String fileName) {
        return fileName.endsWith(".tests.toml");
    }
}
