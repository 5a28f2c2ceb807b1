package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Audit lines (who, what, rule_id, revision) and the changes counter, per change and per rejection. */
class RuleChangesTest {

    static final String ID = "00000000-0000-4000-8000-0000000000a9";

    @TempDir
    Path dir;

    final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RuleChanges changes;
    RuleUploads uploads;
    Detections detections;

    @BeforeEach
    void setUp() throws Exception {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).addAppender(audit);
        audit.start();
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        detections = new Detections(compiler);
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        RuleCatalog catalog = new RuleCatalog(
                new RuleLoader(),
                List.of(Files.createDirectories(dir.resolve("rules"))),
                store,
                rule -> compiler.compile(rule).problems(),
                Clock.systemUTC());
        changes = new RuleChanges(catalog, new RuleLoader(), detections, meters);
        uploads =
                new RuleUploads(new RuleLoader(), rule -> compiler.compile(rule).problems(), Clock.systemUTC());
        changes.reload(false, "startup");
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).detachAppender(audit);
    }

    private Candidate rule(String name) {
        return uploads.fromToml(
                RuleFixtures.toml(
                        ID, name, "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"),
                "upload.toml");
    }

    private double count(String action, String outcome) {
        var counter = meters.find("verdict.rules.changes")
                .tag("action", action)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUploadSaysWhenAClauseCanNeverMatch() {
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        RuleUploads checking = new RuleUploads(new RuleLoader(), Clock.systemUTC(), rule -> {
            var checked = compiler.checked(rule);
            return new RuleUploads.Checked(checked.problems(), checked.warnings());
        });
        Candidate candidate = checking.fromToml(
                RuleFixtures.toml(
                        ID,
                        "Dot Field",
                        "low",
                        "type = \"query\"\n"
                                + "language = \"kuery\"\nquery = 'process.name: \"a.exe\" or .incoming_token_type: \"none\"'\n"),
                "upload.toml");

        assertThat(candidate.problems()).isEmpty();
        assertThat(candidate.warnings())
                .extracting(io.verdict.query.Problem::message)
                .anySatisfy(
                        m -> assertThat(m).contains("'.incoming_token_type'").contains("never matches"));
    }

    @Test
    void everyChangeIsAuditedCountedAndSwappedWhole() {
        changes.create(List.of(rule("One")), false, "ci");
        assertThatThrownBy(() -> changes.create(List.of(rule("Two")), false, "ci"))
                .isInstanceOf(RuleChangeException.class)
                .extracting("kind")
                .isEqualTo(RuleChangeException.Kind.CONFLICT);
        changes.setEnabled(ID, false, "ops");
        changes.delete(ID, "ops");

        assertThat(audit.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsSubsequence(
                        "actor=startup action=reload rules=0 errors=0 forced=false",
                        "actor=ci action=create rule_id=" + ID + " revision=1 exceptions=0",
                        "actor=ops action=disable rule_id=" + ID + " revision=2 exceptions=0",
                        "actor=ops action=delete rule_id=" + ID + " revision=2");
        assertThat(count("create", "applied")).isEqualTo(1);
        assertThat(count("create", "conflict")).isEqualTo(1);
        assertThat(count("disable", "applied")).isEqualTo(1);
        assertThat(count("delete", "applied")).isEqualTo(1);
        assertThat(detections.rules().find(ID)).isEmpty();
    }

    @Test
    void rejectedUploadsChangeNothing() {
        Candidate bad = uploads.fromToml("[rule]\nname = 1\n", "upload.toml");
        assertThatThrownBy(() -> changes.create(List.of(rule("Good"), bad), false, "ci"))
                .isInstanceOf(RuleChangeException.class)
                .extracting("kind")
                .isEqualTo(RuleChangeException.Kind.INVALID);
        assertThat(detections.rules().size()).isZero();
        assertThat(count("create", "rejected")).isEqualTo(1);
        assertThat(audit.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("action=create"));
    }

    /** A rule whose compile threw (an empty event category field): once stored, every later change failed. */
    private static final String THROWS_WHILE_COMPILING = """
            type = "eql"
            language = "eql"
            event_category_override = ""
            query = 'process where true'
            """;

    @Test
    void anUploadThatDoesNotCompileIntoTheRuleSetIsRefusedAndNothingIsStored() {
        // an upload check that misses what the compiler finds: the detector of the whole set, compiled before
        // anything is written, is what decides
        RuleUploads unchecked = new RuleUploads(new RuleLoader(), rule -> List.of(), Clock.systemUTC());
        Candidate poisoned =
                unchecked.fromToml(RuleFixtures.toml(ID, "Poisoned", "low", THROWS_WHILE_COMPILING), "upload.toml");
        assertThat(poisoned.valid()).isTrue();

        assertThatThrownBy(() -> changes.create(List.of(poisoned), false, "ci"))
                .isInstanceOfSatisfying(RuleChangeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RuleChangeException.Kind.INVALID);
                    assertThat(e.problems())
                            .singleElement()
                            .satisfies(p -> assertThat(p.message()).startsWith("the rule cannot be compiled"));
                });
        assertThat(Files.exists(dir.resolve("store").resolve(ID + ".toml"))).isFalse();
        assertThat(count("create", "rejected")).isEqualTo(1);

        changes.create(List.of(rule("Good")), false, "ci");
        assertThat(detections.rules().find(ID)).isPresent();
        assertThat(changes.reload(true, "ops")).isTrue();
    }

    @Test
    void aRuleFileThatCannotCompileIsAnErrorOfItsOwnAtReload() throws Exception {
        String other = "00000000-0000-4000-8000-0000000000aa";
        Files.writeString(
                dir.resolve("store").resolve(ID + ".toml"),
                RuleFixtures.toml(ID, "Poisoned Store", "low", THROWS_WHILE_COMPILING));
        Files.writeString(
                dir.resolve("rules").resolve("poisoned.toml"),
                RuleFixtures.toml(
                        "00000000-0000-4000-8000-0000000000ab", "Poisoned Directory", "low", THROWS_WHILE_COMPILING));
        Files.writeString(
                dir.resolve("rules").resolve("good.toml"),
                RuleFixtures.toml(
                        other, "Good", "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"));

        changes.reload(true, "ops");

        assertThat(detections.current().find(other).orElseThrow().problems()).isEmpty();
        assertThat(RuleCompiler.queryProblems(detections.current()))
                .extracting(p -> p.origin())
                .containsExactlyInAnyOrder("store/" + ID + ".toml", "rules/poisoned.toml");
        // and later changes go on
        changes.setEnabled(other, false, "ops");
        assertThat(detections.rules().find(other).orElseThrow().schedule().enabled())
                .isFalse();
    }

    /** The query of the defect: a KQL field starting with '.', which no Elasticsearch document can hold. */
    private static final String DOT_FIELD = """
            type = "query"
            language = "kuery"
            query = '''
            event.category: "authentication" or .incoming_token_type: "none"
            '''
            """;

    @Test
    void aKqlFieldStartingWithADotPassedValidateThenItsUploadAnswered500AndPoisonedEveryLaterChange() {
        Candidate dotted = uploads.fromToml(RuleFixtures.toml(ID, "Dot Field", "low", DOT_FIELD), "upload.toml");
        String other = "00000000-0000-4000-8000-0000000000ac";

        // validate and upload agree: the upload is taken (the clause matches nothing, as in Elasticsearch)
        assertThat(dotted.valid()).isTrue();
        changes.create(List.of(dotted), false, "ci");
        assertThat(detections.rules().find(ID)).isPresent();
        assertThat(detections.current().find(ID).orElseThrow().problems()).isEmpty();

        // later changes and reloads go on
        changes.create(
                List.of(uploads.fromToml(
                        RuleFixtures.toml(
                                other,
                                "Later",
                                "low",
                                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"),
                        "later.toml")),
                false,
                "ci");
        assertThat(changes.reload(true, "ops")).isTrue();
        assertThat(detections.rules().find(other)).isPresent();

        // and a service started on this store loads both
        RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
        Detections restarted = new Detections(compiler);
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        new RuleChanges(
                        new RuleCatalog(
                                new RuleLoader(),
                                List.of(dir.resolve("rules")),
                                store,
                                rule -> compiler.compile(rule).problems(),
                                Clock.systemUTC()),
                        new RuleLoader(),
                        restarted,
                        meters)
                .reload(false, "startup");
        assertThat(restarted.current().find(ID).orElseThrow().problems()).isEmpty();
        assertThat(restarted.current().find(other)).isPresent();
    }

    @Test
    void writeAnswersLoadErrorsAndSourceFilesNamedAbsoluteServerPaths() throws Exception {
        String shown = dir.toString();
        Path rules = dir.resolve("rules");
        Files.writeString(
                rules.resolve("broken.toml"),
                RuleFixtures.toml(
                                "00000000-0000-4000-8000-0000000000b1",
                                "Broken",
                                "low",
                                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n")
                        .replace("severity = \"low\"", "severity = \"urgent\""));
        Files.writeString(
                rules.resolve("one.toml"),
                RuleFixtures.toml(
                        "00000000-0000-4000-8000-0000000000b2",
                        "One",
                        "low",
                        "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"));
        Files.writeString(
                rules.resolve("two.toml"),
                RuleFixtures.toml(
                        "00000000-0000-4000-8000-0000000000b2",
                        "Two",
                        "low",
                        "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"));
        Files.createDirectories(rules.resolve("unreadable.toml"));
        changes.reload(true, "ops");

        RuleChanges.Applied applied =
                changes.create(List.of(rule("Stored")), false, "ci").get(0);

        assertThat(applied.file()).isEqualTo("store/" + ID + ".toml");
        assertThat(changes.snapshot().set().errors())
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(p -> {
                    assertThat(p.origin()).startsWith("rules/").doesNotContain(shown);
                    assertThat(p.message()).doesNotContain(shown);
                });
        assertThat(detections.rules().rules())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.file()).doesNotContain(shown).matches("(rules|store)/.*"));
        assertThatThrownBy(() -> changes.delete("00000000-0000-4000-8000-0000000000b2", "ci"))
                .isInstanceOfSatisfying(
                        RuleChangeException.class,
                        e -> assertThat(e.getMessage())
                                .contains("rules/one.toml")
                                .doesNotContain(shown));
    }
}
