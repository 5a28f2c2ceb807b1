package io.verdict.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdict.engine.Detections;
import io.verdict.engine.Detector;
import io.verdict.query.Problem;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.ExceptionItems;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import io.verdict.rule.RuleStore;
import io.verdict.rule.TomlDocument;
import io.verdict.rule.TomlWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every change to the rules — uploads, edits, deletes, enable/disable, exceptions, reloads — one at a
 * time: build the next {@link RuleSet} and compile the whole next {@link Detector} from it, refuse the change when
 * a changed rule does not compile, else write the store and swap both, so a request in flight finishes on the old
 * snapshot and none sees half a change, and the store never holds a rule that cannot compile. Each change bumps the
 * rule's revision, is written to the audit log (who: the API key id; what; rule_id; revision) and counted in
 * {@code verdict.rules.changes} (tags {@code action}, {@code outcome}).
 */
public final class RuleChanges {

    private final AuditLog audit = new AuditLog();
    private static final Logger log = LoggerFactory.getLogger(RuleChanges.class);

    /** What one applied change did to one rule. */
    public record Applied(String ruleId, String action, int revision, String file) {}

    private final RuleCatalog catalog;
    private final RuleLoader loader;
    private final Detections detections;
    private final MeterRegistry meters;
    private final ReentrantLock writes = new ReentrantLock(true);
    private final RuleTestGate tests;
    private volatile RuleChangeListener listener = RuleChangeListener.NONE;

    public RuleChanges(RuleCatalog catalog, RuleLoader loader, Detections detections, MeterRegistry meters) {
        this(catalog, loader, detections, meters, new RuleTestGate(RuleTestGate.Mode.REPORT, catalog.clock()));
    }

    /** @param tests runs each rule's own test cases on every install, and on upload when it refuses failing rules */
    public RuleChanges(
            RuleCatalog catalog, RuleLoader loader, Detections detections, MeterRegistry meters, RuleTestGate tests) {
        this.tests = tests;
        this.catalog = catalog;
        this.loader = loader;
        this.detections = detections;
        this.meters = meters;
    }

    /** Who is told of the changes applied here (one listener; null: nobody). */
    public void listen(RuleChangeListener listener) {
        this.listener = listener == null ? RuleChangeListener.NONE : listener;
    }

    public RuleCatalog.Snapshot snapshot() {
        return catalog.snapshot();
    }

    public RuleTestGate.Mode testMode() {
        return tests.mode();
    }

    /** The outcome of the rules' own test cases at the last install. */
    public RuleTestGate.Report testReport() {
        return tests.report();
    }

    /** Loads (or re-reads) the rule paths and the store; {@code force} re-reads unchanged files too. */
    public boolean reload(boolean force, String actor) {
        writes.lock();
        try {
            long started = System.nanoTime();
            boolean changed = catalog.reload(force);
            if (changed || !detections.ready()) {
                RuleCatalog.Snapshot snapshot = catalog.snapshot();
                Detector detector = install(snapshot, detections.compiler().compile(snapshot.set()));
                RuleSet set = detector.ruleSet();
                audit.reloaded(actor, set.size(), set.errors().size(), force);
                log.info(
                        "Loaded {} rules from {} files in {} ms: {} errors, {} warnings; {}",
                        set.size(),
                        set.files(),
                        (System.nanoTime() - started) / 1_000_000,
                        set.errors().size(),
                        set.warnings().size(),
                        detector.coverage());
                count("reload", "applied");
            }
            return changed;
        } finally {
            writes.unlock();
        }
    }

    /** Checks without changing anything: the problems the candidates would be rejected with. */
    public List<Problem> validate(List<Candidate> candidates) {
        return candidates.stream().flatMap(c -> c.problems().stream()).toList();
    }

    /**
     * Creates rules; with {@code overwrite} an existing rule_id is replaced (its revision bumped, its exceptions
     * kept unless the upload has its own), otherwise any
     * existing id rejects the whole upload with a conflict. All or nothing: one invalid candidate rejects all.
     */
    public List<Applied> create(List<Candidate> candidates, boolean overwrite, String actor) {
        return create(candidates, Map.of(), overwrite, actor);
    }

    /**
     * {@link #create(List, boolean, String)} with test cases that came with the upload (rule_id to the text of its
     * {@code x.tests.toml}): stored beside the rule. When tests refuse failing rules, an upload whose rules fail
     * their cases (those uploaded, else those already beside the rule) is rejected whole.
     */
    public List<Applied> create(
            List<Candidate> candidates, Map<String, String> uploadedTests, boolean overwrite, String actor) {
        rejectInvalid(candidates, "create");
        rejectFailingTests(candidates, uploadedTests, "create");
        writes.lock();
        try {
            RuleCatalog.Snapshot now = catalog.snapshot();
            List<String> ids = candidates.stream().map(Candidate::ruleId).toList();
            List<String> existing = ids.stream()
                    .filter(id -> now.sources().containsKey(id))
                    .distinct()
                    .toList();
            List<String> twice = ids.stream()
                    .filter(id -> ids.indexOf(id) != ids.lastIndexOf(id))
                    .distinct()
                    .toList();
            if (!twice.isEmpty()) {
                count("create", "rejected");
                throw new RuleChangeException(
                        RuleChangeException.Kind.INVALID,
                        "The upload defines rule_id " + String.join(", ", twice) + " more than once.",
                        List.of(),
                        twice);
            }
            if (!overwrite && !existing.isEmpty()) {
                count("create", "conflict");
                throw new RuleChangeException(
                        RuleChangeException.Kind.CONFLICT,
                        "Rule " + String.join(", ", existing) + " already exists; send overwrite=true to replace it.",
                        List.of(),
                        existing);
            }
            List<Prepared> prepared = new ArrayList<>();
            for (Candidate candidate : candidates) {
                RuleCatalog.Source before = now.sources().get(candidate.ruleId());
                prepared.add(prepare(
                        candidate.document(),
                        candidate.ruleId(),
                        exceptions(candidate, before),
                        before != null ? "replace" : "create"));
            }
            return apply(prepared, "create", uploadedTests, actor);
        } finally {
            writes.unlock();
        }
    }

    /** Replaces an existing rule with {@code candidate}, which must have the same rule_id. */
    public Applied update(String ruleId, Candidate candidate, String actor) {
        return update(ruleId, candidate, null, actor);
    }

    /** {@link #update(String, Candidate, String)} with the rule's test cases from the upload (null: none came). */
    public Applied update(String ruleId, Candidate candidate, String uploadedTests, String actor) {
        rejectInvalid(List.of(candidate), "update");
        rejectFailingTests(
                List.of(candidate),
                uploadedTests == null ? Map.of() : Map.of(candidate.ruleId(), uploadedTests),
                "update");
        if (!ruleId.equals(candidate.ruleId())) {
            count("update", "rejected");
            throw new RuleChangeException(
                    RuleChangeException.Kind.INVALID,
                    "The body's rule_id '" + candidate.ruleId() + "' is not the rule_id of the path, '" + ruleId + "'.",
                    List.of(),
                    List.of(ruleId));
        }
        writes.lock();
        try {
            return change(
                    ruleId,
                    "update",
                    actor,
                    document -> candidate.document(),
                    exceptions(candidate, existing(ruleId)),
                    uploadedTests == null ? Map.of() : Map.of(ruleId, uploadedTests));
        } finally {
            writes.unlock();
        }
    }

    /**
     * The exceptions a replaced rule keeps: those of the upload when it brings any ({@code [[verdict.exceptions]]},
     * or items of a Kibana export), otherwise those the rule had, so that replacing a rule's query does not bring
     * back the alerts its exceptions suppress. Items are removed explicitly, over the exceptions API.
     */
    private static List<ExceptionItem> exceptions(Candidate candidate, RuleCatalog.Source before) {
        List<ExceptionItem> uploaded = candidate.rule().exceptions();
        return uploaded.isEmpty() && before != null ? before.rule().exceptions() : uploaded;
    }

    /** Sets {@code [rule] enabled}. */
    public Applied setEnabled(String ruleId, boolean enabled, String actor) {
        return change(
                ruleId,
                enabled ? "enable" : "disable",
                actor,
                document -> {
                    rule(document).put("enabled", enabled);
                    return document;
                },
                null,
                Map.of());
    }

    /** Replaces the rule's exception items with what {@code edit} makes of them. */
    public Applied editExceptions(String ruleId, UnaryOperator<List<ExceptionItem>> edit, String actor) {
        writes.lock();
        try {
            RuleCatalog.Source source = existing(ruleId);
            List<ExceptionItem> next = edit.apply(source.rule().exceptions());
            return change(ruleId, "exceptions", actor, document -> document, next, Map.of());
        } finally {
            writes.unlock();
        }
    }

    /** Deletes a rule from the store; a rule that lives only in a configured rule directory cannot be. */
    public Applied delete(String ruleId, String actor) {
        writes.lock();
        try {
            RuleCatalog.Source source = existing(ruleId);
            if (!source.stored()) {
                count("delete", "rejected");
                throw new RuleChangeException(
                        RuleChangeException.Kind.READ_ONLY,
                        "Rule " + ruleId + " is read from "
                                + source.rule().file()
                                + " in a configured rule directory, which Verdict does not write:"
                                + " remove the file there, or disable the rule.",
                        List.of(),
                        List.of(ruleId));
            }
            catalog.remove(ruleId);
            RuleCatalog.Snapshot after = catalog.snapshot();
            install(after, detections.compiler().compile(after.set()));
            int revision = catalog.snapshot()
                    .source(ruleId)
                    .map(s -> s.rule().revision())
                    .orElse(source.rule().revision());
            audit.ruleDeleted(actor, ruleId, source.rule().revision());
            count("delete", "applied");
            listener.changed(new RuleChangeListener.Change(
                    ruleId, "delete", source.rule().revision(), null, actor));
            return new Applied(ruleId, "delete", revision, source.rule().file());
        } finally {
            writes.unlock();
        }
    }

    private Applied change(
            String ruleId,
            String action,
            String actor,
            UnaryOperator<Map<String, Object>> edit,
            List<ExceptionItem> exceptions,
            Map<String, String> uploadedTests) {
        writes.lock();
        try {
            RuleCatalog.Source source = existing(ruleId);
            Map<String, Object> document = edit.apply(TomlDocument.read(source.toml()));
            Prepared prepared =
                    prepare(document, ruleId, exceptions == null ? source.rule().exceptions() : exceptions, action);
            return apply(List.of(prepared), action, uploadedTests, actor).get(0);
        } finally {
            writes.unlock();
        }
    }

    /** A rule about to be stored: its text with the next revision, the rule read back from it, and the action. */
    private record Prepared(RuleCatalog.Stored stored, String action, int exceptions) {}

    /**
     * Compiles the rule set as it would be with these rules, refuses the change (400, nothing written) when one of
     * them does not compile into it, else writes them (and the uploaded test cases) to the store and installs the
     * detector just compiled.
     */
    private List<Applied> apply(List<Prepared> rules, String action, Map<String, String> uploadedTests, String actor) {
        RuleCatalog.Staged staged =
                catalog.stage(rules.stream().map(Prepared::stored).toList());
        Detector compiled = detections.compiler().compile(staged.snapshot().set());
        List<Problem> problems = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Prepared rule : rules) {
            String id = rule.stored().rule().ruleId();
            compiled.find(id).filter(c -> !c.problems().isEmpty()).ifPresent(c -> {
                refused.add(id);
                problems.addAll(c.problems());
            });
        }
        if (!problems.isEmpty()) {
            count(action, "rejected");
            throw new RuleChangeException(
                    RuleChangeException.Kind.INVALID,
                    "Rule " + String.join(", ", refused) + " does not compile into the rule set; nothing was changed.",
                    problems,
                    refused);
        }
        uploadedTests.forEach((id, text) -> catalog.store().writeTests(id, text));
        try {
            catalog.commit(staged);
        } catch (RuntimeException e) {
            rules.forEach(r -> count(r.action(), "failed"));
            throw e;
        }
        List<Applied> applied = new ArrayList<>();
        for (Prepared rule : rules) {
            Rule stored = staged.snapshot()
                    .source(rule.stored().rule().ruleId())
                    .map(RuleCatalog.Source::rule)
                    .orElse(rule.stored().rule());
            audit.ruleWritten(actor, rule.action(), stored.ruleId(), stored.revision(), rule.exceptions());
            count(rule.action(), "applied");
            applied.add(new Applied(stored.ruleId(), rule.action(), stored.revision(), stored.file()));
        }
        install(staged.snapshot(), compiled);
        for (Applied change : applied) {
            String toml = staged.snapshot()
                    .source(change.ruleId())
                    .map(RuleCatalog.Source::toml)
                    .orElseThrow();
            listener.changed(
                    new RuleChangeListener.Change(change.ruleId(), change.action(), change.revision(), toml, actor));
        }
        return applied;
    }

    /**
     * Applies a change made on another instance: {@code toml} stored as it is (its revision included), or the stored
     * rule removed when {@code toml} is null, through the same checks, store, audit and swap as a change made here.
     * A change that leaves the store as it is (this instance's own change read back, a replay) does nothing, and so
     * does one older than the stored revision (a change of this instance overtook it); listeners are not told, so
     * nothing is sent back.
     *
     * @param revision the revision the change carries, or -1 when unknown
     * @return whether the rule set changed
     */
    public boolean replicate(String ruleId, String toml, int revision, String action, String actor) {
        writes.lock();
        try {
            RuleCatalog.Source current = catalog.snapshot().sources().get(ruleId);
            boolean stored = current != null && current.stored();
            if (toml == null) {
                if (!stored) {
                    return false;
                }
                catalog.remove(ruleId);
                RuleCatalog.Snapshot after = catalog.snapshot();
                install(after, detections.compiler().compile(after.set()));
                audit.ruleDeleted(actor, ruleId, current.rule().revision());
                count("delete", "replicated");
                return true;
            }
            if (stored
                    && (current.toml().equals(toml)
                            || revision >= 0 && revision < current.rule().revision())) {
                return false;
            }
            RuleStore store = catalog.store();
            RuleLoad load = loader.parse(toml, store.display(store.file(ruleId)));
            if (!load.loaded() || !ruleId.equals(load.rule().ruleId())) {
                count(action, "refused");
                log.warn(
                        "A change of rule {} from another instance does not load here and is not applied: {}",
                        ruleId,
                        load.loaded() ? "its rule_id is " + load.rule().ruleId() : load.errors());
                return false;
            }
            RuleCatalog.Staged staged = catalog.stage(List.of(new RuleCatalog.Stored(load.rule(), toml)));
            Detector compiled = detections.compiler().compile(staged.snapshot().set());
            List<Problem> problems =
                    compiled.find(ruleId).map(c -> c.problems()).orElse(List.of());
            if (!problems.isEmpty()) {
                count(action, "refused");
                log.warn(
                        "A change of rule {} from another instance does not compile here and is not applied: {}",
                        ruleId,
                        problems);
                return false;
            }
            catalog.commit(staged);
            Rule rule = staged.snapshot()
                    .source(ruleId)
                    .map(RuleCatalog.Source::rule)
                    .orElse(load.rule());
            audit.ruleWritten(
                    actor, action, ruleId, rule.revision(), rule.exceptions().size());
            count(action, "replicated");
            install(staged.snapshot(), compiled);
            return true;
        } finally {
            writes.unlock();
        }
    }

    /** The rule with the next revision and its exceptions, as it will be stored (nothing is written yet). */
    private Prepared prepare(
            Map<String, Object> document, String ruleId, List<ExceptionItem> exceptions, String action) {
        RuleCatalog.Source before = catalog.snapshot().sources().get(ruleId);
        int revision = before == null ? 1 : before.rule().revision() + 1;
        Map<String, Object> next = new LinkedHashMap<>(document);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("revision", (long) revision);
        if (!exceptions.isEmpty()) {
            verdict.put(
                    "exceptions",
                    exceptions.stream().map(ExceptionItems::toPlain).toList());
        }
        next.remove("verdict");
        next.put("verdict", verdict);
        String toml = TomlWriter.write(next);
        RuleStore store = catalog.store();
        RuleLoad load = loader.parse(toml, store.display(store.file(ruleId)));
        if (!load.loaded()) {
            // the stored form does not load (past a bound the upload kept, or a writer bug): store nothing
            count(action, "rejected");
            throw new RuleChangeException(
                    RuleChangeException.Kind.INVALID,
                    "The stored form of rule " + ruleId + " does not load; nothing was changed.",
                    load.errors(),
                    List.of(ruleId));
        }
        return new Prepared(new RuleCatalog.Stored(load.rule(), toml), action, exceptions.size());
    }

    private RuleCatalog.Source existing(String ruleId) {
        return catalog.snapshot()
                .source(ruleId)
                .orElseThrow(() -> new RuleChangeException(
                        RuleChangeException.Kind.NOT_FOUND,
                        "No rule with rule_id '" + ruleId + "' is loaded.",
                        List.of(),
                        List.of(ruleId)));
    }

    private void rejectInvalid(List<Candidate> candidates, String action) {
        List<Problem> problems = validate(candidates);
        if (!problems.isEmpty() || candidates.isEmpty()) {
            count(action, "rejected");
            throw new RuleChangeException(
                    RuleChangeException.Kind.INVALID,
                    candidates.isEmpty()
                            ? "The upload holds no rule."
                            : problems.size() + " problem(s) in the uploaded rules; nothing was changed.",
                    problems,
                    List.of());
        }
    }

    /**
     * Runs the rules' own tests on the detector compiled from {@code snapshot} (taking out failing rules when they
     * refuse), then makes it current: rule set and detector swap as one.
     */
    private Detector install(RuleCatalog.Snapshot snapshot, Detector compiled) {
        Detector detector = tests.apply(compiled, testSources(snapshot)).detector();
        detections.install(detector);
        return detector;
    }

    /** Each rule's test file: beside its rule file (a directory's, or the store's). */
    private Map<String, RuleTestGate.TestSource> testSources(RuleCatalog.Snapshot snapshot) {
        Map<Path, String> found = catalog.testFiles();
        RuleStore store = catalog.store();
        Map<String, RuleTestGate.TestSource> out = new LinkedHashMap<>();
        snapshot.sources().forEach((id, source) -> {
            Path beside = source.stored() ? store.testsFile(id) : besideRule(source.file());
            if (source.stored() ? Files.isRegularFile(beside) : found.containsKey(beside)) {
                out.put(
                        id,
                        new RuleTestGate.TestSource(
                                beside, source.stored() ? store.display(beside) : found.get(beside), null));
            }
        });
        return out;
    }

    private static Path besideRule(Path ruleFile) {
        String name = ruleFile.getFileName().toString();
        return ruleFile.resolveSibling(name.substring(0, name.length() - ".toml".length()) + ".tests.toml");
    }

    /**
     * When tests refuse failing rules: each candidate compiled alone and run against its cases (uploaded, else
     * those beside the rule it replaces); any failing case rejects the change (422, naming the cases).
     */
    private void rejectFailingTests(List<Candidate> candidates, Map<String, String> uploaded, String action) {
        if (tests.mode() != RuleTestGate.Mode.REFUSE) {
            return;
        }
        List<Problem> failures = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        RuleCatalog.Snapshot now = catalog.snapshot();
        Map<String, RuleTestGate.TestSource> existing = testSources(now);
        for (Candidate candidate : candidates) {
            String id = candidate.ruleId();
            RuleTestGate.TestSource source = uploaded.containsKey(id)
                    ? new RuleTestGate.TestSource(null, id + ".tests.toml", uploaded.get(id))
                    : existing.get(id);
            if (source == null) {
                continue;
            }
            Detector alone = detections
                    .compiler()
                    .compile(new RuleSet(
                            List.of(candidate.rule()),
                            List.of(),
                            List.of(),
                            1,
                            catalog.clock().instant(),
                            java.time.Duration.ZERO));
            RuleTestGate.Outcome outcome = tests.run(alone, id, source);
            if (outcome.failing()) {
                ids.add(id);
                outcome.failures().forEach(f -> failures.add(RuleTestGate.problem(outcome.file(), id, f)));
            }
        }
        if (!failures.isEmpty()) {
            count(action, "tests_failed");
            throw new RuleChangeException(
                    RuleChangeException.Kind.TESTS_FAILED,
                    failures.size() + " test case(s) of rule " + String.join(", ", ids)
                            + " fail; nothing was changed (verdict.rules.tests=refuse).",
                    failures,
                    ids);
        }
    }

    private void count(String action, String outcome) {
        Counter.builder("verdict.rules.changes")
                .description("changes to the rule set, by action and outcome")
                .tag("action", action)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rule(Map<String, Object> document) {
        return (Map<String, Object>) document.computeIfAbsent("rule", k -> new LinkedHashMap<String, Object>());
    }
}
