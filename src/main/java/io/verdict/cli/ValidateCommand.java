package io.verdict.cli;

import java.io.PrintStream;
import java.util.List;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.query.Problem;
import io.verdict.rule.RuleSet;

/** {@code validate}: load and compile every rule; print each problem as {@code file:line:col: message}. */
final class ValidateCommand {

    private final Cli.Arguments arguments;
    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand(Cli.Arguments arguments, PrintStream out, PrintStream err) {
        this.arguments = arguments;
        this.out = out;
        this.err = err;
    }

    int run() {
        RuleSet rules = Cli.load(arguments);
        Detector detector = Cli.compile(rules);
        List<Problem> queryProblems = RuleCompiler.queryProblems(detector);
        rules.errors().forEach(p -> out.println(p.render()));
        queryProblems.forEach(p -> out.println(p.render()));
        if (arguments.warnings()) {
            rules.warnings().forEach(p -> out.println(p.location() + ": warning: " + p.message()));
        }
        int errors = rules.errors().size() + queryProblems.size();
        err.printf("verdict validate: %d rules from %d files, %d errors, %d warnings; coverage %s%n", rules.size(),
                rules.files(), errors, rules.warnings().size(), detector.coverage());
        return errors == 0 ? 0 : 1;
    }
}
