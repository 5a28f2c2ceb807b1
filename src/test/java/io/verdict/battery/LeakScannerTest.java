package io.verdict.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeakScannerTest {

    private static final LeakScanner SCANNER = new LeakScanner(
            List.of("/srv/battery-run-1"),
            List.of("note = \"Look for /tmp/.ICE-unix/ and java.lang.Runtime in the rule's own text\""));

    private static List<LeakScanner.Kind> kinds(String request, String contentType, String body) {
        return SCANNER.leaksIn(request, List.of("Content-Type: " + contentType), contentType, body).stream()
                .map(LeakScanner.Leak::kind)
                .distinct()
                .toList();
    }

    @Test
    void absoluteServerPathsAreLeaksUnlessTheRequestOrARuleCarriedThem() {
        String json = "application/json";
        assertThat(kinds("", json, "{\"file\":\"/tmp/verdict-battery-1/store/x.toml\"}"))
                .containsExactly(LeakScanner.Kind.SERVER_PATH);
        assertThat(kinds("", json, "{\"file\":\"/home/ci/work/rules/x.toml\"}"))
                .containsExactly(LeakScanner.Kind.SERVER_PATH);
        assertThat(kinds("", json, "{\"path\":\"/srv/battery-run-1/.\"}"))
                .as("a directory of the run, whatever its root")
                .containsExactly(LeakScanner.Kind.SERVER_PATH);
        assertThat(kinds(
                        "{\"process\":{\"executable\":\"/tmp/x/evil\"}}",
                        json,
                        "{\"event\":{\"executable\":\"/tmp/x/evil\"}}"))
                .as("an echoed event")
                .isEmpty();
        assertThat(kinds("", json, "{\"note\":\"Look for /tmp/.ICE-unix/ here\"}"))
                .as("a rule's own text")
                .isEmpty();
        assertThat(kinds("", json, "{\"instance\":\"/api/v1/rules/x\",\"file\":\"rules/x.toml\"}"))
                .as("URL paths and relative paths")
                .isEmpty();
        assertThat(kinds("", json, "{\"reference\":\"https://example.com/tmp/x\"}"))
                .as("inside a URL")
                .isEmpty();
    }

    @Test
    void javaNamesOfExceptionsAreLeaksButSchemaNamesAndExeFilesAreNot() {
        String json = "application/json";
        assertThat(kinds("", json, "{\"message\":\"ArithmeticException: long overflow\"}"))
                .containsExactly(LeakScanner.Kind.JAVA_NAME);
        assertThat(kinds("", json, "{\"message\":\"java.lang.StackOverflowError\"}"))
                .containsExactly(LeakScanner.Kind.JAVA_NAME);
        assertThat(kinds("", json, "{\"detail\":\"StackOverflowError\"}")).containsExactly(LeakScanner.Kind.JAVA_NAME);
        assertThat(kinds("", json, "{\"$ref\":\"#/components/schemas/RuleError\",\"ExceptionItem\":1}"))
                .isEmpty();
        assertThat(kinds("", json, "{\"process\":{\"name\":\"java.exe\"}}")).isEmpty();
        assertThat(kinds("", json, "{\"note\":\"java.lang.Runtime\"}"))
                .as("named by a rule")
                .isEmpty();
    }

    @Test
    void htmlPagesSpringsDefaultErrorBodyAndLatin1AreLeaks() {
        assertThat(kinds("", "text/html;charset=utf-8", "<!doctype html><html><head><title>HTTP Status 400"))
                .contains(LeakScanner.Kind.HTML);
        assertThat(kinds("", "", "  <HTML><body>x</body></HTML>")).containsExactly(LeakScanner.Kind.HTML);
        assertThat(
                        kinds(
                                "",
                                "application/json",
                                "{\"timestamp\":\"2026-12-07T06:49:22.590Z\",\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"/api/v1/evaluate\"}"))
                .containsExactly(LeakScanner.Kind.SPRING_DEFAULT_ERROR);
        assertThat(kinds(
                        "",
                        "application/problem+json;charset=ISO-8859-1",
                        "{\"type\":\"urn:verdict:problem:api-key-required\"}"))
                .containsExactly(LeakScanner.Kind.LATIN1);
        assertThat(kinds(
                        "",
                        "application/problem+json",
                        "{\"type\":\"urn:verdict:problem:invalid-rule\",\"status\":400,"
                                + "\"detail\":\"x\",\"error\":\"y\"}"))
                .as("a problem is not Spring's default body")
                .isEmpty();
    }

    @Test
    void endpointsFoldRuleAndItemIds() {
        assertThat(LeakScanner.endpoint(
                        RawHttp.Request.of("PUT", "/api/v1/rules/abc-1/exceptions/i-2?x=1", null, (byte[]) null)))
                .isEqualTo("PUT /api/v1/rules/{id}/exceptions/{item}");
        assertThat(LeakScanner.endpoint(RawHttp.Request.of("GET", "/api/v1/rules/errors", null, (byte[]) null)))
                .isEqualTo("GET /api/v1/rules/errors");
        assertThat(LeakScanner.endpoint(RawHttp.Request.of("POST", "/api/v1/rules/_reload", null, (byte[]) null)))
                .isEqualTo("POST /api/v1/rules/_reload");
    }
}
