package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.RuleFixtures;
import io.verdict.rule.RuleSet;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert's note written from the rule's once-escaped form reads back as the note itself, for notes that need
 * every kind of escape; a note with placeholders is rendered per alert and written as any string.
 */
class QuotedNoteSerializerTest {

    /** One note a line, as a TOML basic string's content. */
    private static final List<String> NOTES = List.of(
            "## Triage\\n\\n- a \\\"quoted\\\" word and a back\\\\slash\\n",
            "tab\\there, carriage\\rreturn, form\\ffeed, bell\\u0007, nul-adjacent \\u0001",
            "non-ASCII: é ß İ ✓ 𝄞 and a line separator \\u2028 and </script>",
            "plain");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Placeholders: none, one whose query is fixed (rendered once: the note is still the same for every alert), one
     * whose query reads the event (rendered per alert, never quoted in advance).
     */
    private static final List<String> PLACEHOLDERS =
            List.of("", "SELECT 1", "SELECT * FROM processes WHERE name = '{{process.name}}'");

    @TestFactory
    Stream<DynamicTest> theWrittenNoteReadsBackAsTheNote() {
        return PLACEHOLDERS.stream()
                .flatMap(query -> NOTES.stream()
                        .map(note -> DynamicTest.dynamicTest(
                                (query.isEmpty() ? "" : "with a placeholder running " + query + ": ") + note, () -> {
                                    boolean placeholder = !query.isEmpty();
                                    String body =
                                            "type = \"query\"\nlanguage = \"kuery\"\nquery = \"process.name : x\"\nnote = \""
                                                    + note + (placeholder ? " $osquery_0" : "") + "\"\n"
                                                    + (placeholder
                                                            ? "[[transform.osquery]]\nlabel = \"L\"\nquery = \"" + query
                                                                    + "\"\n"
                                                            : "");
                                    var rule = RuleFixtures.rule(
                                            "00000000-0000-4000-8000-0000000000c1", "Noted", "low", body);
                                    Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC())
                                            .compile(new RuleSet(
                                                    List.of(rule),
                                                    List.of(),
                                                    List.of(),
                                                    1,
                                                    java.time.Instant.now(),
                                                    java.time.Duration.ZERO));
                                    Alert alert = detector.plan(Selection.ALL, Plan.Unrouted.ALL_RULES)
                                            .withState(new StateStore(100_000, 1_000_000))
                                            .evaluate(Event.parse("{\"process\": {\"name\": \"x\"}}"), false)
                                            .alerts()
                                            .get(0);
                                    boolean perAlert = query.contains("{{");
                                    assertThat(alert.quotedNote() != null).isEqualTo(!perAlert);
                                    if (!perAlert) {
                                        assertThat(alert.quotedNote().getValue())
                                                .isSameAs(alert.note());
                                    }
                                    if (!placeholder) {
                                        assertThat(alert.note()).isSameAs(rule.note());
                                    } else {
                                        assertThat(alert.note())
                                                .endsWith(
                                                        perAlert
                                                                ? "[Osquery: L] `SELECT * FROM processes WHERE name = 'x'`"
                                                                : "[Osquery: L] `SELECT 1`");
                                    }
                                    JsonNode written = JSON.readTree(JSON.writeValueAsString(alert));
                                    assertThat(written.path("note").asString()).isEqualTo(alert.note());
                                    assertThat(written.has("quotedNote")).isFalse();
                                    assertThat(written.has("quoted_note")).isFalse();
                                })));
    }

    /** The once-escaped form is what gets written (bytes or chars), and only for the very note it was made of. */
    @Test
    void theQuotedFormIsUsedForItsOwnNoteOnly() {
        String note = "line one\nline \"two\"";
        Probe own = new Probe(note);
        JSON.writeValueAsBytes(alert(note, own));
        assertThat(own.used()).isTrue();
        Probe chars = new Probe(note);
        assertThat(JSON.writeValueAsString(alert(note, chars))).contains("\"note\":\"line one\\nline \\\"two\\\"\"");
        assertThat(chars.used()).isTrue();
        Probe other = new Probe(new String(note));
        JSON.writeValueAsBytes(alert(note, other));
        assertThat(other.used()).isFalse();
    }

    private static Alert alert(String note, SerializedString quoted) {
        return new Alert(
                new AlertId("id", io.verdict.event.Event.parse("{}"), null),
                new Alert.AlertRule("id", "name", "d", "query", "kuery", List.of(), List.of(), List.of(), false),
                "low",
                21,
                List.of(),
                List.of(),
                List.of(),
                note,
                null,
                "reason",
                null,
                java.util.Map.of(),
                java.util.Map.of(),
                null,
                null,
                null,
                null,
                null,
                quoted);
    }

    /** Tells whether its quoted form was ever made, which only writing it does. */
    private static final class Probe extends SerializedString {
        Probe(String value) {
            super(value);
        }

        boolean used() {
            return _quotedUTF8Ref != null || _quotedChars != null;
        }
    }
}
