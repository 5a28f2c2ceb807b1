package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.verdict.config.VerdictProperties;
import io.verdict.engine.Plan;
import io.verdict.event.FieldSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * Jackson's own words never reach a client: content after the event or a nesting limit is said without naming
 * Jackson's classes, whether the event is read flat (a field set) or as a whole tree (rules that need every field).
 */
class EventReaderTest {

    private static EventReader reader(boolean flat) {
        VerdictProperties.Evaluate limits = new VerdictProperties.Evaluate(
                DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(512),
                100_000,
                8,
                1_000_000,
                Plan.Unrouted.ALL_RULES,
                DataSize.ofKilobytes(32),
                "5%",
                "5%",
                Duration.ofMillis(100));
        Supplier<FieldSet> fields = () -> flat ? FieldSet.of(List.of("process.name")) : null;
        return new EventReader(limits, fields);
    }

    @ParameterizedTest(name = "flat {0}")
    @ValueSource(booleans = {true, false})
    void jacksonsClassNamesNeverReachTheAnswer(boolean flat) {
        for (String body :
                List.of("{\"process\": {\"name\": \"a.exe\"}} []", "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}")) {
            assertThatThrownBy(
                            () -> reader(flat).single(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(
                            BadInputException.class,
                            e -> assertThat(e.getMessage())
                                    .as(body)
                                    .doesNotContain(
                                            "jackson", "Jackson", "FAIL_ON", "StreamReadConstraints", "JsonNode"));
        }
    }

    @ParameterizedTest(name = "flat {0}")
    @ValueSource(booleans = {true, false})
    void anUnexpectedCharacterIsQuotedWithoutItsCharacterCode(boolean flat) {
        assertThatThrownBy(() ->
                        reader(flat).single(new ByteArrayInputStream("{tag: 1}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(
                        BadInputException.class,
                        e -> assertThat(e.getMessage())
                                .contains("Unexpected character 't': was expecting double-quote to start property name")
                                .doesNotContain("code 116"));
    }
}
