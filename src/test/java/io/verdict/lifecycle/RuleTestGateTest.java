package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.verdict.engine.Detections;
import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.query.Problem;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule's own test cases run on load and upload: reported, or (refuse) keeping a failing rule out. */
class RuleTestGateTest {

    static final String ID = "00000000-0000-4000-8000-0000000000b1";
    static final String OTHER = "00000000-0000-4000-8000-0000000000b2";
    static final String QUERY =
            "type = \"eql\"\nlanguage = \"eql\"\nquery = 'process where process.name == \"rclone.exe\"'\n";

    static final String PASSING = """
            [[case]]
            name = "rclone runs"
            expect = "alert"
            events = ['{"event": {"category": "process"}, "process": {"name": "rclone.exe"}}']
            """;
    static final String FAILING = PASSING + """

            [[case]]
            name = "any case of the name"
            expect = "alert"
            events = ['{"event": {"category": "process"}, "process": {"name": "RCLONE.EXE"}}']
            """;

    @TempDir
    Path dir;

    RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
    Detections detections = new Detections(compiler);
    RuleUploads uploads =
            new RuleUploads(new RuleLoader(), rule -> compiler.compile(rule).problems(), Clock.systemUTC());

    private RuleChanges changes(RuleTestGate.Mode mode) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        RuleCatalog catalog = new RuleCatalog(
                new RuleLoader(),
                List.of(rules),
                store,
                rule -> compiler.compile(rule).problems(),
                Clock.systemUTC());
        RuleChanges changes = new RuleChanges(
                catalog,
                new RuleLoader(),
                detections,
                new SimpleMeterRegistry(),
                new RuleTestGate(mode, Clock.systemUTC()));
        return changes;
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("rules")).resolve(name), text);
    }

    private void twoRules(String tests) throws Exception {
        write("rclone.toml", RuleFixtures.toml(ID, "Rclone", "low", QUERY));
        write("rclone.tests.toml", tests);
        write("other.toml", RuleFixtures.toml(OTHER, "Other", "low", QUERY.replace("rclone", "other")));
    }

    @Test
    void theTestReportIsStampedByTheServicesClockNotTheSystemOne() {
        java.time.Instant fixed = java.time.Instant.parse("2020-02-02T02:02:02Z");
        RuleTestGate gate = new RuleTestGate(RuleTestGate.Mode.REPORT, Clock.fixed(fixed, java.time.ZoneOffset.UTC));
        assertThat(gate.apply(detections.current(), Map.of()).report().ranAt()).isEqualTo(fixed);
    }

    @Test
    void reportModeKeepsAFailingRuleAndWarnsWithTheCase() throws Exception {
        twoRules(FAILING);
        RuleChanges changes = changes(RuleTestGate.Mode.REPORT);
        changes.reload(false, "test");
        assertThat(detections.rules().find(ID)).isPresent();
        RuleTestGate.Outcome outcome = changes.testReport().rules().get(ID);
        assertThat(outcome.passed()).isEqualTo(1);
        assertThat(outcome.failures()).singleElement().satisfies(f -> {
            assertThat(f.caseName()).isEqualTo("any case of the name");
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.message()).startsWith("expected an alert, got none");
        });
        assertThat(outcome.refused()).isFalse();
        assertThat(changes.testReport().rules()).doesNotContainKey(OTHER);
        assertThat(detections.rules().warnings())
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p)
                        .contains("rules/rclone.tests.toml:6:1: rule " + ID
                                + ": test case 'any case of the name' fails"));
        assertThat(detections.rules().errors()).isEmpty();
    }

    @Test
    void refuseModeLeavesAFailingRuleOutAndListsItAmongTheErrors() throws Exception {
        twoRules(FAILING);
        RuleChanges changes = changes(RuleTestGate.Mode.REFUSE);
        changes.reload(false, "test");
        assertThat(detections.rules().find(ID)).isEmpty();
        assertThat(detections.rules().find(OTHER)).isPresent();
        assertThat(detections.rules().errors())
                .extracting(Problem::message)
                .containsExactly("rule " + ID
                        + ": test case 'any case of the name' fails: expected an alert, got none from 1 event(s)");
        assertThat(changes.testReport().rules().get(ID).refused()).isTrue();

        write("rclone.tests.toml", PASSING); // fixing the test file is a change the next reload picks up
        Files.setLastModifiedTime(
                dir.resolve("rules/rclone.tests.toml"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(changes.reload(false, "test")).isTrue();
        assertThat(detections.rules().find(ID)).isPresent();
        assertThat(detections.rules().errors()).isEmpty();
    }

    @Test
    void offRunsNothingAndRulesWithoutTestsAreNotTested() throws Exception {
        twoRules(FAILING);
        RuleChanges off = changes(RuleTestGate.Mode.OFF);
        off.reload(false, "test");
        assertThat(off.testReport().rules()).isEmpty();
        assertThat(detections.rules().size()).isEqualTo(2);
    }

    @Test
    void anUploadFailingItsUploadedCasesIsRejectedWhenRefusing() throws Exception {
        RuleChanges changes = changes(RuleTestGate.Mode.REFUSE);
        changes.reload(false, "test");
        Candidate candidate = uploads.fromToml(RuleFixtures.toml(ID, "Rclone", "low", QUERY), "rclone.toml");
        assertThatThrownBy(() -> changes.create(List.of(candidate), Map.of(ID, FAILING), false, "ci"))
                .isInstanceOfSatisfying(RuleChangeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RuleChangeException.Kind.TESTS_FAILED);
                    assertThat(e.ids()).containsExactly(ID);
                    assertThat(e.problems())
                            .extracting(Problem::toString)
                            .containsExactly(
                                    ID + ".tests.toml:6:1: rule " + ID
                                            + ": test case 'any case of the name' fails: expected an alert, got none from 1 event(s)");
                });
        assertThat(detections.rules().find(ID)).isEmpty();

        changes.create(List.of(candidate), Map.of(ID, PASSING), false, "ci");
        assertThat(detections.rules().find(ID)).isPresent();
        assertThat(dir.resolve("store").resolve(ID + ".tests.toml")).hasContent(PASSING);
        assertThat(changes.testReport().rules().get(ID).passed()).isEqualTo(1);
        // an update without tests is checked against the cases stored beside the rule
        Candidate broken = uploads.fromToml(
                RuleFixtures.toml(ID, "Rclone", "low", QUERY.replace("rclone.exe", "x.exe")), "u.toml");
        assertThatThrownBy(() -> changes.update(ID, broken, "ci"))
                .isInstanceOf(RuleChangeException.class)
                .extracting("kind")
                .isEqualTo(RuleChangeException.Kind.TESTS_FAILED);
    }
}
