package io.verdict.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.UnknownFields;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;

/**
 * The command line of the same jar, run without starting the web server:
 * <pre>
 * java -jar verdict.jar validate [--rules DIR]... [--warnings] [--unknown-fields warn|refuse|ignore]
 * java -jar verdict.jar test     [--rules DIR]... [--junit FILE]
 * java -jar verdict.jar evaluate [--rules DIR]... [--format verdict|kibana] EVENTS.ndjson|-
 * </pre>
 * Exit codes: 0 all good, 1 problems or failed tests, 2 bad usage.
 */
public final class Cli {

    private static final String UNKNOWN_FIELDS = "--unknown-fields";
    private static final Set<String> COMMANDS = Set.of("validate", "test", "evaluate", "help", "--help");

    private Cli() {
    }

    /** Whether the first program argument names a command (otherwise the service starts). */
    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verdict: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        return switch (arguments.command()) {
            case "validate" -> new ValidateCommand(arguments, out, err).run();
            case "test" -> new TestCommand(arguments, out, err).run();
            case "evaluate" -> new EvaluateCommand(arguments, out, err).run();
            default -> {
                out.println(usage());
                yield 0;
            }
        };
    }

    static String usage() {
        return """
                usage: java -jar verdict.jar validate [--rules DIR]... [--warnings] [--unknown-fields warn|refuse|ignore]
                       java -jar verdict.jar test     [--rules DIR]... [--junit FILE]
                       java -jar verdict.jar evaluate [--rules DIR]... [--format verdict|kibana] EVENTS.ndjson|-
                       (no command: start the service)
                --rules defaults to rules/; --unknown-fields (default warn): a field no known field set has is a
                warning, an error of its rule (refuse), or nothing; exit code 0 when all is well, 1 on problems or failed tests, 2 on bad usage""";
    }

    static RuleSet load(Arguments arguments) {
        return new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(arguments.rules());
    }

    static Detector compile(RuleSet rules, Arguments arguments) {
        return new RuleCompiler(Schema.catalog(), Clock.systemUTC(), null, arguments.unknownFields()).compile(rules);
    }

    /** The parsed command line. */
    record Arguments(String command, List<Path> rules, List<String> positional, String junit, boolean warnings,
                     String format, UnknownFields.Mode unknownFields) {

        static Arguments parse(String[] args) {
            List<Path> rules = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            String junit = null;
            boolean warnings = false;
            String format = "verdict";
            String unknownFields = "warn";
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith(UNKNOWN_FIELDS + "=")) {
                    unknownFields = args[i].substring(UNKNOWN_FIELDS.length() + 1);
                    continue;
                }
                switch (args[i]) {
                    case "--rules" -> rules.add(Path.of(value(args, ++i, "--rules")));
                    case "--junit" -> junit = value(args, ++i, "--junit");
                    case "--format" -> format = value(args, ++i, "--format");
                    case "--warnings" -> warnings = true;
                    case UNKNOWN_FIELDS -> unknownFields = value(args, ++i, UNKNOWN_FIELDS);
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (!format.equals("verdict") && !format.equals("kibana")) {
                throw new IllegalArgumentException("--format is verdict or kibana, not " + format);
            }
            return new Arguments(args[0], rules.isEmpty() ? List.of(Path.of("rules")) : rules, positional, junit,
                    warnings, format, unknownFields(unknownFields));
        }

        private static UnknownFields.Mode unknownFields(String value) {
            return switch (value) {
                case "warn" -> UnknownFields.Mode.WARN;
                case "refuse" -> UnknownFields.Mode.REFUSE;
                case "ignore" -> UnknownFields.Mode.IGNORE;
                default -> throw new IllegalArgumentException(UNKNOWN_FIELDS + " is warn, refuse or ignore, not " + value);
            };
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
