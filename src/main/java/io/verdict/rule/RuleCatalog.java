package io.verdict.rule;

import io.verdict.query.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every rule file Verdict reads — the configured rule paths and the {@link RuleStore} — with the last good version
 * of each, so that a file changed on disk into something that no longer parses or compiles keeps serving its last
 * good rule while the error is reported. A rule in the store overrides a rule with the same id from the paths
 * (that is how a rule shipped in a directory is disabled or given exceptions over the API). Directory rules count
 * a revision per content change; stored rules carry theirs in {@code [verdict] revision}.
 *
 * <p>Changes are serialised ({@code synchronized}); {@link #snapshot()} is lock-free and immutable.
 */
public final class RuleCatalog {

    /** Where the rule in effect for an id comes from, and its text. */
    public record Source(Rule rule, RuleText text, Path file, boolean stored) {
        /** The rule's TOML as written in its file. */
        public String toml() {
            return text.toString();
        }
    }

    /** The rule set in effect and the source of each of its rules. */
    public record Snapshot(RuleSet set, Map<String, Source> sources) {
        public Optional<Source> source(String ruleId) {
            return Optional.ofNullable(sources.get(ruleId));
        }
    }

    /** One file as last read: its stamp, its last good rule and text, and the problems of its current version. */
    private record FileState(
            Path file,
            String display,
            boolean stored,
            long modified,
            long size,
            Rule good,
            RuleText goodText,
            int revision,
            List<Problem> errors,
            List<Problem> warnings) {}

    private final RuleLoadCache loads;
    private final List<Path> paths;
    private final RuleStore store;
    private final Function<Rule, List<Problem>> check;
    private final Function<Rule, List<Problem>> draftCheck;
    private final Clock clock;
    private final Map<Path, FileState> files = new HashMap<>();
    private List<Path> order = List.of();
    private List<Problem> pathErrors = List.of();
    /** Rule test files ({@code *.tests.toml}) met while listing, with how problems name them, and their stamps. */
    private Map<Path, String> testFiles = Map.of();

    private Map<Path, List<Long>> testStamps = Map.of();
    private volatile Snapshot snapshot = new Snapshot(RuleSet.EMPTY, Map.of());
    /** Counts changes, so that a staged change made before another is refused. */
    private long generation;

    /**
     * @param store may be null: then nothing is stored
     * @param check the problems that keep a rule from compiling (its queries), so a broken edit on disk keeps the
     *              last good version
     */
    public RuleCatalog(
            RuleLoader loader, List<Path> paths, RuleStore store, Function<Rule, List<Problem>> check, Clock clock) {
        this(RuleLoadCache.off(loader), paths, store, check, clock);
    }

    /** A catalog that parses through {@code loads}, which keeps what it parsed for the next start. */
    public RuleCatalog(
            RuleLoadCache loads, List<Path> paths, RuleStore store, Function<Rule, List<Problem>> check, Clock clock) {
        this(loads, paths, store, check, draft -> List.of(), clock);
    }

    /**
     * @param draftCheck the problems of the queries of a file that has other errors, listed with them so that one
     *                   look at the errors shows all of a file's problems
     */
    public RuleCatalog(
            RuleLoadCache loads,
            List<Path> paths,
            RuleStore store,
            Function<Rule, List<Problem>> check,
            Function<Rule, List<Problem>> draftCheck,
            Clock clock) {
        this.loads = loads;
        this.paths = List.copyOf(paths);
        this.store = store;
        this.check = check;
        this.draftCheck = draftCheck;
        this.clock = clock;
    }

    /** The clock loads are stamped with, for what is stamped beside them. */
    public Clock clock() {
        return clock;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public RuleStore store() {
        return store;
    }

    /** The rule test files ({@code x.tests.toml} beside {@code x.toml}) found by the last reload, with their names. */
    public Map<Path, String> testFiles() {
        return testFiles;
    }

    /**
     * Re-reads the rule paths and the store: a file whose size and modification time are unchanged is not read again
     * unless {@code force}. Returns whether the rule set changed.
     */
    public synchronized boolean reload(boolean force) {
        long started = System.nanoTime();
        List<Problem> errors = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        Map<Path, String> display = new LinkedHashMap<>();
        Map<Path, String> tests = new LinkedHashMap<>();
        List<String> names = DisplayNames.roots(paths);
        for (int i = 0; i < paths.size(); i++) {
            list(paths.get(i), names.get(i), errors, display, tests);
        }
        if (store != null) {
            store.files().forEach(f -> {
                display.put(f, store.display(f));
                String name = f.getFileName().toString();
                Path beside = f.resolveSibling(name.substring(0, name.length() - ".toml".length()) + ".tests.toml");
                if (Files.isRegularFile(beside)) {
                    tests.put(beside, store.display(beside));
                }
            });
        }
        Map<Path, List<Long>> stamps = new HashMap<>();
        tests.keySet()
                .forEach(t ->
                        stamps.put(t, java.util.Arrays.stream(stat(t)).boxed().toList()));
        // a changed test file changes what is loaded when tests refuse rules: count it as a change
        boolean changed = force
                || !errors.equals(pathErrors)
                || !files.keySet().equals(display.keySet())
                || !stamps.equals(testStamps);
        testFiles = java.util.Collections.unmodifiableMap(tests);
        testStamps = stamps;
        // files parse independently; spread them over the cores
        List<FileState> read = display.entrySet().parallelStream()
                .map(e -> read(
                        e.getKey(),
                        e.getValue(),
                        store != null && store.directory().equals(e.getKey().getParent()),
                        files.get(e.getKey()),
                        force))
                .toList();
        Map<Path, FileState> next = new HashMap<>();
        for (FileState now : read) {
            changed |= now != files.get(now.file());
            next.put(now.file(), now);
            seen.add(now.file());
        }
        loads.save(display.values());
        files.clear();
        files.putAll(next);
        order = seen;
        pathErrors = errors;
        generation++;
        if (changed || snapshot.set().loadedAt() == null) {
            snapshot = build(files, order, Duration.ofNanos(System.nanoTime() - started));
            return true;
        }
        return false;
    }

    /** Stores {@code toml} (already checked) as the rule {@code rule} and makes it current in the catalog. */
    public synchronized Snapshot put(Rule rule, String toml) {
        return commit(stage(List.of(new Stored(rule, toml))));
    }

    /** A rule to store, with the TOML text it was read from. */
    public record Stored(Rule rule, String toml) {}

    /**
     * The catalog as it would be with these rules stored, for checking (compiling the whole rule set) before
     * anything is written. Valid until the catalog changes; {@link #commit} then refuses it.
     */
    public static final class Staged {
        private final Snapshot snapshot;
        private final List<Stored> rules;
        private final long generation;
        private final Map<Path, FileState> files;
        private final List<Path> order;

        private Staged(
                Snapshot snapshot, List<Stored> rules, long generation, Map<Path, FileState> files, List<Path> order) {
            this.snapshot = snapshot;
            this.rules = rules;
            this.generation = generation;
            this.files = files;
            this.order = order;
        }

        /** The catalog's snapshot once committed. */
        public Snapshot snapshot() {
            return snapshot;
        }

        /** The rules to store. */
        public List<Stored> rules() {
            return rules;
        }
    }

    /** What {@link #put} would make current, without writing anything. */
    public synchronized Staged stage(List<Stored> rules) {
        long started = System.nanoTime();
        Map<Path, FileState> nextFiles = new HashMap<>(files);
        List<Path> nextOrder = new ArrayList<>(order);
        for (Stored stored : rules) {
            Rule rule = stored.rule();
            Path file = store.file(rule.ruleId());
            String display = store.display(file);
            // the file's stamp is known once written: until then none, so a reload reads it again
            nextFiles.put(
                    file,
                    new FileState(
                            file,
                            display,
                            true,
                            -1,
                            -1,
                            rule.with(rule.revision(), rule.exceptions(), display),
                            RuleText.of(stored.toml()),
                            rule.revision(),
                            List.of(),
                            List.of()));
            if (!nextOrder.contains(file)) {
                nextOrder.add(file);
            }
        }
        Snapshot next = build(nextFiles, nextOrder, Duration.ofNanos(System.nanoTime() - started));
        return new Staged(next, List.copyOf(rules), generation, nextFiles, List.copyOf(nextOrder));
    }

    /**
     * Writes the staged rules to the store and makes the staged snapshot current (the same instance, so what was
     * compiled from it can be installed as is). When a write fails, the files already written are put back as they
     * were and nothing changes.
     */
    public synchronized Snapshot commit(Staged staged) {
        if (staged.generation != generation) {
            throw new IllegalStateException("the catalog changed since the rules were staged");
        }
        List<Stored> written = new ArrayList<>();
        try {
            for (Stored stored : staged.rules()) {
                store.write(stored.rule().ruleId(), stored.toml());
                written.add(stored);
            }
        } catch (RuntimeException e) {
            for (Stored undo : written) {
                restore(undo.rule().ruleId());
            }
            throw e;
        }
        Map<Path, FileState> next = new HashMap<>(staged.files);
        for (Stored stored : staged.rules()) {
            Path file = store.file(stored.rule().ruleId());
            long[] stat = stat(file);
            FileState state = next.get(file);
            next.put(
                    file,
                    new FileState(
                            file,
                            state.display(),
                            true,
                            stat[0],
                            stat[1],
                            state.good(),
                            state.goodText(),
                            state.revision(),
                            state.errors(),
                            state.warnings()));
        }
        files.clear();
        files.putAll(next);
        order = staged.order;
        snapshot = staged.snapshot();
        generation++;
        return snapshot;
    }

    /** Puts a stored rule's file back as the catalog knows it, or removes it when the catalog had none. */
    private void restore(String ruleId) {
        try {
            FileState before = files.get(store.file(ruleId));
            if (before != null && before.stored() && before.goodText() != null) {
                store.write(ruleId, before.goodText().toString());
            } else {
                store.delete(ruleId);
            }
        } catch (RuntimeException ignored) {
            // the next reload reads the store as it is
        }
    }

    /** Removes the rule's stored file; a rule of the same id from the rule paths then applies again. */
    public synchronized Snapshot remove(String ruleId) {
        long started = System.nanoTime();
        Path file = store.file(ruleId);
        store.delete(ruleId);
        files.remove(file);
        order = order.stream().filter(p -> !p.equals(file)).toList();
        snapshot = build(files, order, Duration.ofNanos(System.nanoTime() - started));
        generation++;
        return snapshot;
    }

    private FileState read(Path file, String display, boolean stored, FileState before, boolean force) {
        long[] stat = stat(file);
        if (!force && before != null && before.modified() == stat[0] && before.size() == stat[1]) {
            return before;
        }
        byte[] bytes;
        RuleLoad load;
        RuleLoad tooLarge = loads.loader().tooLarge(stat[1], display);
        if (tooLarge != null) {
            return keepOrFail(file, display, stored, stat, before, tooLarge.errors(), List.of());
        }
        try {
            bytes = Files.readAllBytes(file);
            if (before != null
                    && before.good() != null
                    && before.goodText().sameBytes(bytes)
                    && before.errors().isEmpty()) {
                return new FileState(
                        file,
                        display,
                        stored,
                        stat[0],
                        stat[1],
                        before.good(),
                        before.goodText(),
                        before.revision(),
                        List.of(),
                        before.warnings());
            }
            load = loads.parse(bytes, display);
        } catch (IOException | UncheckedIOException e) {
            Problem unreadable = new Problem(display, 1, 1, "cannot read the file: " + IoReasons.of(e), null, 0);
            return keepOrFail(file, display, stored, stat, before, List.of(unreadable), List.of());
        }
        if (!load.loaded()) {
            List<Problem> errors = load.draft() == null
                    ? load.errors()
                    : java.util.stream.Stream.concat(load.errors().stream(), draftCheck.apply(load.draft()).stream())
                            .toList();
            return keepOrFail(file, display, stored, stat, before, errors, load.warnings());
        }
        Rule rule = load.rule();
        if (before != null && before.good() != null) {
            List<Problem> queryProblems = check.apply(rule);
            if (!queryProblems.isEmpty()) {
                return keepOrFail(file, display, stored, stat, before, queryProblems, load.warnings());
            }
        }
        int revision = stored
                ? rule.revision()
                : before != null && before.good() != null
                        ? Math.max(before.revision() + 1, rule.revision())
                        : rule.revision();
        return new FileState(
                file,
                display,
                stored,
                stat[0],
                stat[1],
                rule.with(revision, rule.exceptions(), display),
                RuleText.ofValidUtf8(bytes),
                revision,
                List.of(),
                load.warnings());
    }

    /** A file that does not load: keep its last good rule if it had one, and say so. */
    private static FileState keepOrFail(
            Path file,
            String display,
            boolean stored,
            long[] stat,
            FileState before,
            List<Problem> errors,
            List<Problem> warnings) {
        List<Problem> all = new ArrayList<>(errors);
        if (before != null && before.good() != null) {
            all.add(new Problem(
                    display,
                    1,
                    1,
                    "this version is not applied: rule " + before.good().ruleId()
                            + " keeps its last good version (revision " + before.revision() + ")",
                    null,
                    0));
            return new FileState(
                    file,
                    display,
                    stored,
                    stat[0],
                    stat[1],
                    before.good(),
                    before.goodText(),
                    before.revision(),
                    all,
                    warnings);
        }
        return new FileState(file, display, stored, stat[0], stat[1], null, null, 0, all, warnings);
    }

    private Snapshot build(Map<Path, FileState> files, List<Path> order, Duration took) {
        List<Problem> errors = new ArrayList<>(pathErrors);
        List<Problem> warnings = new ArrayList<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        Map<String, String> firstFile = new HashMap<>();
        List<FileState> stored = new ArrayList<>();
        for (Path path : order) {
            FileState state = files.get(path);
            if (state == null) {
                continue;
            }
            errors.addAll(state.errors());
            warnings.addAll(state.warnings());
            if (state.stored()) {
                stored.add(state);
                continue;
            }
            if (state.good() == null) {
                continue;
            }
            String id = state.good().ruleId();
            String previous = firstFile.putIfAbsent(id, state.display());
            if (previous != null) {
                errors.add(new Problem(
                        state.display(),
                        1,
                        1,
                        "duplicate rule_id " + id + ": already defined in " + previous + "; this file is not loaded",
                        null,
                        0));
            } else {
                sources.put(id, new Source(state.good(), state.goodText(), state.file(), false));
            }
        }
        for (FileState state : stored) {
            if (state.good() != null) {
                // the store overrides the rule paths: an edit over the API of a shipped rule lands here
                sources.put(state.good().ruleId(), new Source(state.good(), state.goodText(), state.file(), true));
            }
        }
        List<Rule> rules = sources.values().stream().map(Source::rule).toList();
        Instant now = clock.instant();
        RuleSet set = new RuleSet(rules, errors, warnings, files.size(), now, took);
        // keep the load order (export and zip list rules as the paths hold them, then the store)
        return new Snapshot(set, java.util.Collections.unmodifiableMap(sources));
    }

    private static long[] stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new long[] {
                attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.size()
            };
        } catch (IOException e) {
            return new long[] {-1, -1};
        }
    }

    /** A rule file: {@code *.toml}, but not a rule's test cases ({@code *.tests.toml}, beside the rule on main). */
    static boolean isRuleFile(String fileName) {
        return fileName.endsWith(".toml") && !fileName.endsWith(".tests.toml");
    }

    private static void list(
            Path root, String shown, List<Problem> errors, Map<Path, String> out, Map<Path, String> tests) {
        if (Files.isRegularFile(root)) {
            out.put(root.toAbsolutePath().normalize(), shown);
            return;
        }
        if (!Files.isDirectory(root)) {
            errors.add(new Problem(shown, 1, 1, "rule path does not exist or is not a directory", null, 0));
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.getFileName().toString().endsWith(".toml") && Files.isRegularFile(p))
                    .sorted()
                    .forEach(p -> (isRuleFile(p.getFileName().toString()) ? out : tests)
                            .put(p.toAbsolutePath().normalize(), DisplayNames.under(shown, root, p)));
        } catch (IOException | UncheckedIOException e) {
            errors.add(new Problem(shown, 1, 1, "cannot list rule files: " + IoReasons.of(e), null, 0));
        }
    }
}
