package io.verdict.rule;

import io.verdict.query.Position;
import io.verdict.query.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads every rule file ({@code *.toml}, not {@code *.tests.toml}) under the configured paths (directories walked recursively, or single files) into a
 * {@link RuleSet}. A file that fails is recorded with its problems and never stops the others; a rule_id defined
 * twice keeps the first file (in path order) and reports the second, naming both.
 */
public final class RuleDirectories {

    private final RuleLoadCache loads;
    private final Clock clock;

    public RuleDirectories(RuleLoader loader, Clock clock) {
        this(RuleLoadCache.off(loader), clock);
    }

    /** Loads through {@code loads}, which keeps what it parsed for the next start. */
    public RuleDirectories(RuleLoadCache loads, Clock clock) {
        this.loads = loads;
        this.clock = clock;
    }

    public RuleSet load(List<Path> paths) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        List<Problem> errors = new ArrayList<>();
        List<RuleFile> files = new ArrayList<>();
        List<String> names = DisplayNames.roots(paths);
        for (int i = 0; i < paths.size(); i++) {
            files.addAll(find(paths.get(i), names.get(i), errors));
        }
        // tomlj parses one file at a time; files are independent, so spread them over the cores
        List<RuleLoad> loads = files.parallelStream()
                .map(f -> this.loads.load(f.path(), f.displayName()))
                .toList();
        this.loads.save(files.stream().map(RuleFile::displayName).toList());

        List<Rule> rules = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<Rule> drafts = new ArrayList<>();
        Map<String, String> firstFile = new HashMap<>();
        for (RuleLoad load : loads) {
            errors.addAll(load.errors());
            warnings.addAll(load.warnings());
            if (!load.loaded()) {
                if (load.draft() != null) {
                    drafts.add(load.draft());
                }
                continue;
            }
            String previous = firstFile.putIfAbsent(load.rule().ruleId(), load.file());
            if (previous != null) {
                Position at = load.ruleIdAt() == null ? new Position(1, 1) : load.ruleIdAt();
                errors.add(new Problem(
                        load.file(),
                        at.line(),
                        at.column(),
                        "duplicate rule_id " + load.rule().ruleId() + ": already defined in " + previous
                                + "; this file is not loaded",
                        null,
                        0));
            } else {
                rules.add(load.rule());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new RuleSet(rules, errors, warnings, files.size(), start.plus(took), took, drafts);
    }

    private static List<RuleFile> find(Path root, String shown, List<Problem> errors) {
        if (Files.isRegularFile(root)) {
            return List.of(new RuleFile(root, shown));
        }
        if (!Files.isDirectory(root)) {
            errors.add(new Problem(shown, 1, 1, "rule path does not exist or is not a directory", null, 0));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> isRuleFile(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted()
                    .map(p -> new RuleFile(p, DisplayNames.under(shown, root, p)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            errors.add(new Problem(shown, 1, 1, "cannot list rule files: " + IoReasons.of(e), null, 0));
            return List.of();
        }
    }

    /** A rule file: {@code *.toml}, but not a rule's test file {@code *.tests.toml}. */
    public static boolean isRuleFile(String fileName) {
        return fileName.endsWith(".toml") && !fileName.endsWith(".tests.toml");
    }

    private record RuleFile(Path path, String displayName) {}
}
