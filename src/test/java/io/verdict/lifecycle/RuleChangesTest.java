package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
import io.verdict.rule.RuleRegistry;
import io.verdict.rule.RuleStore;

/** Audit lines (who, what, rule_id, revision) and the changes counter, per change and per rejection. */
class RuleChangesTest {

    static final String ID = "00000000-0000-4000-8000-0000000000a9";

    @TempDir
    Path dir;

    final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RuleChanges changes;
    RuleUploads uploads;
    RuleRegistry registry;
    Detections detections;

    @BeforeEach
    void setUp() throws Exception {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).addAppender(audit);
        audit.start();
        RuleCompiler compiler = new RuleCompiler(Schema.ecs(), Clock.systemUTC());
        detections = new Detections(compiler);
        registry = new RuleRegistry();
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        RuleCatalog catalog = new RuleCatalog(new RuleLoader(), List.of(Files.createDirectories(dir.resolve("rules"))),
                store, rule -> compiler.compile(rule).problems(), Clock.systemUTC());
        changes = new RuleChanges(catalog, new RuleLoader(), registry, detections, meters);
        uploads = new RuleUploads(new RuleLoader(), rule -> compiler.compile(rule).problems(), Clock.systemUTC());
        changes.reload(false, "startup");
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger("verdict.audit")).detachAppender(audit);
    }

    private Candidate rule(String name) {
        return uploads.fromToml(RuleFixtures.toml(ID, name, "low",
                "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"), "upload.toml");
    }

    private double count(String action, String outcome) {
        var counter = meters.find("verdict.rules.changes").tag("action", action).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyChangeIsAuditedCountedAndSwappedWhole() {
        changes.create(List.of(rule("One")), false, "ci");
        assertThatThrownBy(() -> changes.create(List.of(rule("Two")), false, "ci"))
                .isInstanceOf(RuleChangeException.class).extracting("kind").isEqualTo(RuleChangeException.Kind.CONFLICT);
        changes.setEnabled(ID, false, "ops");
        changes.delete(ID, "ops");

        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).containsSubsequence(
                "actor=startup action=reload rules=0 errors=0 forced=false",
                "actor=ci action=create rule_id=" + ID + " revision=1 exceptions=0",
                "actor=ops action=disable rule_id=" + ID + " revision=2 exceptions=0",
                "actor=ops action=delete rule_id=" + ID + " revision=2");
        assertThat(count("create", "applied")).isEqualTo(1);
        assertThat(count("create", "conflict")).isEqualTo(1);
        assertThat(count("disable", "applied")).isEqualTo(1);
        assertThat(count("delete", "applied")).isEqualTo(1);
        assertThat(registry.current().find(ID)).isEmpty();
        assertThat(detections.current().ruleSet()).isSameAs(registry.current());
    }

    @Test
    void rejectedUploadsChangeNothing() {
        Candidate bad = uploads.fromToml("[rule]\nname = 1\n", "upload.toml");
        assertThatThrownBy(() -> changes.create(List.of(rule("Good"), bad), false, "ci"))
                .isInstanceOf(RuleChangeException.class).extracting("kind").isEqualTo(RuleChangeException.Kind.INVALID);
        assertThat(registry.current().size()).isZero();
        assertThat(count("create", "rejected")).isEqualTo(1);
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("action=create"));
    }
}
