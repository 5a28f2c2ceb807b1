package io.verdict.cli;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.query.Problem;
import io.verdict.rule.RuleLoadCache;
import io.verdict.rule.RuleSet;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code validate}: load and compile every rule; print each problem as {@code file:line:col: message}, and each
 * warning of a query as {@code file:line:col: warning: message}.
 */
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
        RuleLoadCache cache = Cli.cache(arguments);
        RuleSet rules = Cli.load(arguments, cache);
        RuleCompiler compiler = Cli.compiler(arguments);
        Detector detector = compiler.compile(rules);
        List<Problem> queryProblems = new java.util.ArrayList<>(RuleCompiler.queryProblems(detector));
        rules.drafts().forEach(draft -> queryProblems.addAll(compiler.draftProblems(draft)));
        List<Problem> queryWarnings = RuleCompiler.queryWarnings(detector);
        rules.errors().forEach(p -> out.println(p.render()));
        queryProblems.forEach(p -> out.println(p.render()));
        // a query's warnings (a field no known field set has, a clause that never matches) point at a mistake in
        // it, so they are always printed; the loader's (file layout, deprecated keys) only with --warnings
        queryWarnings.forEach(p -> out.println(p.location() + ": warning: " + p.message()));
        if (arguments.warnings()) {
            rules.warnings().forEach(p -> out.println(p.location() + ": warning: " + p.message()));
        }
        int errors = rules.errors().size() + queryProblems.size();
        err.printf(
                "verdict validate: %d rules from %d files, %d errors, %d warnings; coverage %s%n",
                rules.size(),
                rules.files(),
                errors,
                rules.warnings().size() + queryWarnings.size(),
                detector.coverage());
        if (cache.file() != null) {
            RuleLoadCache.Stats stats = cache.stats();
            err.printf(
                    "verdict validate: load cache: %d files read from it, %d parsed%n", stats.hits(), stats.parsed());
        }
        return errors == 0 ? 0 : 1;
    }
}
