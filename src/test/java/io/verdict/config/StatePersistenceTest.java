package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detections;
import io.verdict.engine.Plan;
import io.verdict.engine.RuleCompiler;
import io.verdict.engine.Selection;
import io.verdict.engine.StateStore;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The state file: written crash-safely, read back by a new service, and a corrupt one skipped. */
class StatePersistenceTest {

    @TempDir
    Path dir;

    static final Rule NEW_TERMS = RuleFixtures.newTermsOnHost("00000000-0000-4000-8000-0000000000e9", "New Host Seen");

    private Detections service() {
        Detections detections =
                new Detections(new RuleCompiler(Schema.catalog(), Clock.systemUTC()), new StateStore(100, 100));
        detections.install(new RuleSet(List.of(NEW_TERMS), List.of(), List.of(), 1, Instant.now(), Duration.ZERO));
        return detections;
    }

    private StatePersistence persistence(Detections detections) {
        VerdictProperties properties = new VerdictProperties(
                new VerdictProperties.Rules(
                        List.of(Path.of("rules")),
                        Path.of("store"),
                        Duration.ofSeconds(2),
                        DataSize.ofMegabytes(10),
                        io.verdict.lifecycle.RuleTestGate.Mode.REPORT,
                        "",
                        true,
                        DataSize.ofMegabytes(1),
                        Duration.ofSeconds(5),
                        io.verdict.engine.UnknownFields.Mode.WARN),
                new VerdictProperties.Evaluate(
                        DataSize.ofMegabytes(1),
                        DataSize.ofMegabytes(512),
                        100_000,
                        64,
                        1_000_000,
                        Plan.Unrouted.ALL_RULES,
                        DataSize.ofKilobytes(32),
                        "5%",
                        "5%",
                        Duration.ofMillis(100)),
                new VerdictProperties.Security(List.of(), false),
                new VerdictProperties.State(
                        dir.toString(), Duration.ZERO, 100, 100, 1000, Duration.ZERO, "25%", "", "85%", 2_000_000),
                new VerdictProperties.Http(
                        Duration.ofSeconds(10),
                        DataSize.ofKilobytes(1),
                        Duration.ofMinutes(5),
                        40,
                        Duration.ofSeconds(2)),
                new VerdictProperties.Kibana("", "9.4.0"),
                new VerdictProperties.Alerts(true, null, null),
                null);
        return new StatePersistence(detections, JsonMapper.builder().build(), properties, java.time.Clock.systemUTC());
    }

    private static boolean alerts(Detections detections) {
        return detections
                .plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                .evaluate(Event.parse("{\"event\": {\"outcome\": \"success\"}, \"host\": {\"name\": \"h1\"}}"), false)
                .matched();
    }

    @Test
    void aRestartedServiceRemembersWhatItHadSeen() throws Exception {
        Detections first = service();
        assertThat(alerts(first)).isTrue();
        persistence(first).shutdown();
        assertThat(dir.resolve("state.json")).exists();
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();

        Detections second = service();
        persistence(second).restoreAndSchedule();
        assertThat(alerts(second)).as("h1 is known after the restart").isFalse();
    }

    @Test
    void aCorruptSnapshotIsSkipped() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"rules\": [tor");
        Detections detections = service();
        persistence(detections).restoreAndSchedule();
        assertThat(alerts(detections)).isTrue();
    }
}
