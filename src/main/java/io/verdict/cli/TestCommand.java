package io.verdict.cli;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.query.Problem;
import io.verdict.rule.DisplayNames;
import io.verdict.rule.IoReasons;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleSet;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import io.verdict.ruletest.RuleTestResult;
import io.verdict.ruletest.RuleTestRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code test}: run the test file beside every rule ({@code x.tests.toml} beside {@code x.toml}). */
final class TestCommand {

    private final Cli.Arguments arguments;
    private final PrintStream out;
    private final PrintStream err;

    TestCommand(Cli.Arguments arguments, PrintStream out, PrintStream err) {
        this.arguments = arguments;
        this.out = out;
        this.err = err;
    }

    int run() {
        RuleSet rules = Cli.load(arguments, Cli.cache(arguments));
        rules.errors().forEach(p -> out.println(p.render()));
        Detector detector = Cli.compile(rules, arguments);
        // a rule whose query does not compile is not tested at all, which is a failure of the run, not a pass
        List<Problem> queryProblems = RuleCompiler.queryProblems(detector);
        queryProblems.forEach(p -> out.println(p.render()));
        List<RuleTestResult> results = new ArrayList<>();
        for (RuleTestFile file : testFiles(arguments.rules(), rules)) {
            results.addAll(new RuleTestRunner(detector).run(file));
        }
        results.forEach(r -> out.println(r.describe()));
        long failed = results.stream().filter(RuleTestResult::failed).count();
        long skipped = results.stream()
                .filter(r -> r.outcome() == RuleTestResult.Outcome.SKIPPED)
                .count();
        long passed = results.size() - failed - skipped;
        out.printf("%d passed, %d failed, %d skipped%n", passed, failed, skipped);
        if (arguments.junit() != null) {
            try {
                JunitReport.write(results, Path.of(arguments.junit()));
            } catch (IOException e) {
                err.println("verdict test: cannot write --junit " + arguments.junit() + ": " + IoReasons.of(e));
                return 2;
            }
        }
        return failed == 0 && rules.errors().isEmpty() && queryProblems.isEmpty() ? 0 : 1;
    }

    /** Every {@code *.tests.toml} under the rule paths, tied to the rule written beside it when there is one. */
    static List<RuleTestFile> testFiles(List<Path> roots, RuleSet rules) {
        Map<String, String> ruleIdByTestFile = new HashMap<>();
        for (Rule rule : rules.rules()) {
            ruleIdByTestFile.put(RuleTestFile.besideRule(rule.file()), rule.ruleId());
        }
        RuleTestLoader loader = new RuleTestLoader();
        List<RuleTestFile> files = new ArrayList<>();
        List<String> names = DisplayNames.roots(roots);
        for (int i = 0; i < roots.size(); i++) {
            Path root = roots.get(i);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(
                                p -> RuleTestFile.isTestFile(p.getFileName().toString()))
                        .sorted()
                        .toList()) {
                    String shown = DisplayNames.under(names.get(i), root, file);
                    files.add(loader.load(file, shown, ruleIdByTestFile.get(shown)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
