package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change made on one instance, told to its listener, applied on another through {@link RuleChanges#replicate}:
 * the same stored rule on both, in the order the changes were published, never sent back.
 */
class RuleReplicationTest {

    static final String ID = "00000000-0000-4000-8000-0000000000b1";

    @TempDir
    Path dir;

    Instance a;
    Instance b;

    /** One instance: its own rule directory and store, and the changes it told its listener. */
    final class Instance {
        final RuleChanges changes;
        final Detections detections;
        final RuleUploads uploads;
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final List<RuleChangeListener.Change> told = new ArrayList<>();

        Instance(String name) throws Exception {
            RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
            detections = new Detections(compiler);
            RuleStore store = new RuleStore(dir.resolve(name).resolve("store"));
            store.open();
            RuleCatalog catalog = new RuleCatalog(
                    new RuleLoader(),
                    List.of(Files.createDirectories(dir.resolve(name).resolve("rules"))),
                    store,
                    rule -> compiler.compile(rule).problems(),
                    Clock.systemUTC());
            changes = new RuleChanges(catalog, new RuleLoader(), detections, meters);
            uploads = new RuleUploads(
                    new RuleLoader(), rule -> compiler.compile(rule).problems(), Clock.systemUTC());
            changes.reload(false, "startup");
            changes.listen(told::add);
        }

        Candidate rule(String name) {
            return uploads.fromToml(
                    RuleFixtures.toml(
                            ID, name, "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"),
                    "upload.toml");
        }

        /** Applies every change of {@code from}, in order, as read from the rules topic. */
        void read(List<RuleChangeListener.Change> from) {
            for (RuleChangeListener.Change change : List.copyOf(from)) {
                changes.replicate(change.ruleId(), change.toml(), change.revision(), change.action(), change.actor());
            }
        }

        String stored() {
            return changes.snapshot().source(ID).map(RuleCatalog.Source::toml).orElse(null);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        a = new Instance("a");
        b = new Instance("b");
    }

    @Test
    void aRuleUploadedOnOneInstanceIsStoredAndDecidedByTheOther() {
        a.changes.create(List.of(a.rule("first")), false, "ci");
        assertThat(a.told).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo("create");
            assertThat(change.revision()).isEqualTo(1);
            assertThat(change.actor()).isEqualTo("ci");
        });
        b.read(a.told);
        assertThat(b.stored()).isEqualTo(a.stored());
        assertThat(b.detections.current().find(ID)).isPresent();
        assertThat(b.changes.snapshot().source(ID).orElseThrow().rule().revision())
                .isEqualTo(1);
        // applied from another instance: not told again, so not published back
        assertThat(b.told).isEmpty();
        assertThat(b.meters
                        .find("verdict.rules.changes")
                        .tag("action", "create")
                        .tag("outcome", "replicated")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theOriginReadingItsOwnChangeBackDoesNotApplyItTwice() {
        a.changes.create(List.of(a.rule("first")), false, "ci");
        var before = a.detections.current();
        a.read(a.told);
        assertThat(a.detections.current()).isSameAs(before);
        assertThat(a.told).hasSize(1);
    }

    @Test
    void disablingAndDeletingFollowToTheOtherInstance() {
        a.changes.create(List.of(a.rule("first")), false, "ci");
        a.changes.setEnabled(ID, false, "ci");
        b.read(a.told);
        assertThat(b.changes
                        .snapshot()
                        .source(ID)
                        .orElseThrow()
                        .rule()
                        .schedule()
                        .enabled())
                .isFalse();
        a.told.clear();
        a.changes.delete(ID, "ci");
        assertThat(a.told)
                .singleElement()
                .satisfies(change -> assertThat(change.toml()).isNull());
        b.read(a.told);
        assertThat(b.changes.snapshot().source(ID)).isEmpty();
        assertThat(b.detections.current().find(ID)).isEmpty();
    }

    @Test
    void anOlderChangeReadAfterANewerOneOfTheSameInstanceIsSkipped() {
        a.changes.create(List.of(a.rule("first")), false, "ci");
        a.changes.update(ID, a.rule("second"), "ci");
        String newest = a.stored();
        // the reader of the topic is behind: it meets revision 1 while revision 2 is stored
        a.read(a.told.subList(0, 1));
        assertThat(a.stored()).isEqualTo(newest);
    }

    @Test
    void twoInstancesChangingOneRuleAtOnceEndWithTheChangeTheTopicHoldsLast() {
        a.changes.create(List.of(a.rule("first")), false, "ci");
        b.read(a.told);
        a.told.clear();
        a.changes.update(ID, a.rule("from a"), "alice");
        b.changes.update(ID, b.rule("from b"), "bob");
        // both at revision 2; the topic holds a's change, then b's
        List<RuleChangeListener.Change> topic = new ArrayList<>(a.told);
        topic.addAll(b.told);
        a.read(topic);
        b.read(topic);
        assertThat(a.stored()).isEqualTo(b.stored()).contains("from b");
    }
}
