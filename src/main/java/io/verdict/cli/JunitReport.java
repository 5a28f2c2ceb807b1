package io.verdict.cli;

import io.verdict.ruletest.RuleTestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rule test results as JUnit XML, one testsuite per test file, which CI systems display as they do unit tests. */
final class JunitReport {

    private JunitReport() {}

    static void write(List<RuleTestResult> results, Path target) throws IOException {
        Map<String, List<RuleTestResult>> byFile = new LinkedHashMap<>();
        results.forEach(r -> byFile.computeIfAbsent(r.file(), f -> new java.util.ArrayList<>())
                .add(r));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (var suite : byFile.entrySet()) {
            List<RuleTestResult> cases = suite.getValue();
            xml.append("  <testsuite name=\"")
                    .append(escape(suite.getKey()))
                    .append("\" tests=\"")
                    .append(cases.size())
                    .append("\" failures=\"")
                    .append(cases.stream().filter(RuleTestResult::failed).count())
                    .append("\" skipped=\"")
                    .append(cases.stream()
                            .filter(c -> c.outcome() == RuleTestResult.Outcome.SKIPPED)
                            .count())
                    .append("\">\n");
            for (RuleTestResult c : cases) {
                xml.append("    <testcase classname=\"")
                        .append(escape(c.ruleName()))
                        .append("\" name=\"")
                        .append(escape(c.caseName()))
                        .append('"');
                switch (c.outcome()) {
                    case PASSED -> xml.append("/>\n");
                    case FAILED ->
                        xml.append(">\n      <failure message=\"")
                                .append(escape(c.message()))
                                .append("\">")
                                .append(escape(c.describe()))
                                .append("</failure>\n    </testcase>\n");
                    case SKIPPED ->
                        xml.append(">\n      <skipped message=\"")
                                .append(escape(c.message()))
                                .append("\"/>\n    </testcase>\n");
                }
            }
            xml.append("  </testsuite>\n");
        }
        Files.writeString(target, xml.append("</testsuites>\n"), StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
