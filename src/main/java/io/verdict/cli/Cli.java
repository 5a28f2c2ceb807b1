package io.verdict.cli;

import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.UnknownFields;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoadCache;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of the same jar, run without starting the web server:
 * <pre>
 * java -jar verdict.jar validate [--rules DIR]... [--cache-dir DIR|--no-cache] [--warnings] [--unknown-fields warn|refuse|ignore]
 * java -jar verdict.jar test     [--rules DIR]... [--cache-dir DIR|--no-cache] [--junit FILE]
 * java -jar verdict.jar evaluate [--rules DIR]... [--cache-dir DIR|--no-cache] [--format verdict|kibana] [--no-chain] EVENTS.ndjson|-
 * </pre>
 * Exit codes: 0 all good, 1 problems or failed tests, 2 bad usage.
 */
public final class Cli {

    private static final String UNKNOWN_FIELDS = "--unknown-fields";
    private static final String LOGGING_CONFIGURATION = "logback.configurationFile";
    private static final List<String> COMMANDS = List.of("validate", "test", "evaluate", "help");
    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    private Cli() {}

    /**
     * Whether the command line runs instead of the service: when the first argument is a word, known or not, since a
     * mistyped command must be an error and not a started server. The service's own arguments are options
     * ({@code --server.port=9090}).
     */
    public static boolean handles(String[] args) {
        return args.length > 0 && (!args[0].startsWith("-") || HELP.contains(args[0]));
    }

    /**
     * Runs a command as the program: its log lines go to stderr, warnings only, since stdout carries the results.
     * Call before anything logs (the logging configuration is read once).
     */
    public static int main(String[] args) {
        if (System.getProperty(LOGGING_CONFIGURATION) == null) {
            System.setProperty(LOGGING_CONFIGURATION, "io/verdict/cli/logback-cli.xml");
        }
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (HELP.contains(args[0])) {
            out.println(usage());
            return 0;
        }
        if (!COMMANDS.contains(args[0])) {
            err.println("verdict: unknown command '" + args[0] + "'; the commands are " + String.join(", ", COMMANDS));
            err.println(usage());
            return 2;
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verdict: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        String unusable = Inputs.firstUnusable(arguments);
        if (unusable != null) {
            err.println("verdict " + arguments.command() + ": " + unusable);
            return 2;
        }
        try {
            return switch (arguments.command()) {
                case "validate" -> new ValidateCommand(arguments, out, err).run();
                case "test" -> new TestCommand(arguments, out, err).run();
                default -> new EvaluateCommand(arguments, out, err).run();
            };
        } catch (UncheckedIOException e) {
            // a file that went away or turned unreadable after the checks above
            err.println("verdict " + arguments.command() + ": " + Inputs.describe(e.getCause()));
            return 2;
        }
    }

    static String usage() {
        return """
                usage: java -jar verdict.jar validate [OPTIONS] [--warnings] [--unknown-fields warn|refuse|ignore]
                       java -jar verdict.jar test     [OPTIONS] [--junit FILE]
                       java -jar verdict.jar evaluate [OPTIONS] [--format verdict|kibana] [--no-chain] EVENTS.ndjson|-
                       java -jar verdict.jar help
                       (no command, or only --name=value options: start the service)
                OPTIONS: [--rules DIR|FILE]... (default rules/) [--cache-dir DIR | --no-cache]
                --cache-dir keeps what was read from each rule file, so an unchanged file is not parsed again (default:
                data/cache, the service's, when it exists; else none); --unknown-fields (default warn): a field no known field set has is a
                warning, an error of its rule (refuse), or nothing; --no-chain: alerts are not decided again by the rules
                over .alerts-security.* (as verdict.alerts.chain=false); exit code 0 when all is well, 1 on problems or failed tests, 2 on bad usage""";
    }

    /** The rules, read through the load cache when there is one: an unchanged file is not parsed again. */
    static RuleSet load(Arguments arguments, RuleLoadCache cache) {
        return new RuleDirectories(cache, arguments.clock()).load(arguments.rules());
    }

    /**
     * The load cache of {@code --cache-dir}, the same kind of file the service keeps in {@code verdict.rules.cache-dir};
     * one file per list of rule paths, so a command line run never replaces the service's.
     */
    static RuleLoadCache cache(Arguments arguments) {
        RuleLoader loader = new RuleLoader();
        return arguments.cacheDir() == null
                ? RuleLoadCache.off(loader)
                : RuleLoadCache.in(arguments.cacheDir(), arguments.rules(), loader);
    }

    static Detector compile(RuleSet rules, Arguments arguments) {
        return compiler(arguments).compile(rules);
    }

    static RuleCompiler compiler(Arguments arguments) {
        return new RuleCompiler(arguments.schema(), arguments.clock(), null, arguments.unknownFields());
    }

    /**
     * The parsed command line, with the run's one clock and field catalog (what the service injects as beans),
     * which every part of the run reads instead of making its own.
     */
    record Arguments(
            String command,
            List<Path> rules,
            List<String> positional,
            String junit,
            boolean warnings,
            String format,
            UnknownFields.Mode unknownFields,
            Path cacheDir,
            boolean chain,
            Clock clock,
            Schema schema) {

        /** The service's default load cache directory, used when it is there: the service has run here. */
        static final Path SERVICE_CACHE_DIR = Path.of("data", "cache");

        static Arguments parse(String[] args) {
            List<Path> rules = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            String junit = null;
            boolean warnings = false;
            String format = "verdict";
            boolean chain = true;
            String unknownFields = "warn";
            Path cacheDir = Files.isDirectory(SERVICE_CACHE_DIR) ? SERVICE_CACHE_DIR : null;
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
                    case "--cache-dir" -> cacheDir = Path.of(value(args, ++i, "--cache-dir"));
                    case "--no-cache" -> cacheDir = null;
                    case "--no-chain" -> chain = false;
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
            return new Arguments(
                    args[0],
                    rules.isEmpty() ? List.of(Path.of("rules")) : rules,
                    positional,
                    junit,
                    warnings,
                    format,
                    unknownFields(unknownFields),
                    cacheDir,
                    chain,
                    Clock.systemUTC(),
                    Schema.catalog());
        }

        private static UnknownFields.Mode unknownFields(String value) {
            return switch (value) {
                case "warn" -> UnknownFields.Mode.WARN;
                case "refuse" -> UnknownFields.Mode.REFUSE;
                case "ignore" -> UnknownFields.Mode.IGNORE;
                default ->
                    throw new IllegalArgumentException(UNKNOWN_FIELDS + " is warn, refuse or ignore, not " + value);
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
