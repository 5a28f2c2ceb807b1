package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * No write without a write key, however the request is written: every way of spelling a path that routes to a
 * write (or of dressing up its method) is answered 400, 401, 403, 404 or 405, never 2xx nor 500, as a problem, and
 * the rule set is unchanged afterwards. Each row is named after the way around the old filter it closes.
 */
class PathBypassTest extends KeyedServer {

    /** A write attempt; {@code tomcat}: Tomcat refuses it before any filter, with its own 400 page. */
    record Attempt(String name, String method, String target, Map<String, String> headers, boolean tomcat) {
        Attempt(String name, String method, String target) {
            this(name, method, target, Map.of(), false);
        }
    }

    static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("writesNeedAKeyWhenThePathHasAnEmptySemicolonParameter", "POST", "/api;/v1/rules"),
            new Attempt("writesNeedAKeyWhenThePathHasASemicolonParameter", "POST", "/api;foo=bar/v1/rules"),
            new Attempt("writesNeedAKeyWhenALaterSegmentHasASemicolonParameter", "POST", "/api/v1;x/rules"),
            new Attempt("writesNeedAKeyWhenALetterOfThePathIsPercentEncoded", "POST", "/%61pi/v1/rules"),
            new Attempt("writesNeedAKeyWhenAWholeSegmentIsPercentEncoded", "POST", "/%61%70%69/v1/rules"),
            new Attempt("writesNeedAKeyWhenADotIsPercentEncoded", "POST", "/api/v1/%2e/rules"),
            new Attempt("writesNeedAKeyWhenThePathStartsWithTwoSlashes", "POST", "//api/v1/rules"),
            new Attempt("writesNeedAKeyWhenThePathHasADotSegment", "POST", "/api/v1/./rules"),
            new Attempt("writesNeedAKeyWhenThePathHasADotDotSegment", "POST", "/api/v1/x/../rules"),
            new Attempt("writesNeedAKeyWhenThePathEndsWithADotDotSegment", "POST", "/api/v1/rules/x/.."),
            new Attempt("writesNeedAKeyWhenThePathIsUpperCase", "POST", "/API/v1/rules"),
            new Attempt("writesNeedAKeyWhenThePathEndsWithASlash", "POST", "/api/v1/rules/"),
            new Attempt(
                    "writesNeedAKeyWhenTheRequestTargetIsAnAbsoluteUri",
                    "POST",
                    "http://localhost:{port}/api;/v1/rules"),
            new Attempt(
                    "writesNeedAKeyWhenAMethodOverrideHeaderSaysGet",
                    "POST",
                    "/api/v1/rules",
                    Map.of("X-HTTP-Method-Override", "GET"),
                    false),
            new Attempt("writesNeedAKeyWhenAMethodOverrideParameterSaysGet", "POST", "/api/v1/rules?_method=GET"),
            new Attempt("writesNeedAKeyWhenASlashIsPercentEncoded", "POST", "/api%2Fv1/rules", Map.of(), true),
            new Attempt("writesNeedAKeyWhenThePathHasABackslash", "POST", "/api\\v1/rules", Map.of(), true),
            new Attempt("writesNeedAKeyWhenABackslashIsPercentEncoded", "POST", "/api%5Cv1/rules", Map.of(), true),
            new Attempt("writesNeedAKeyWhenThePathHasAnEncodedNul", "POST", "/api%00/v1/rules", Map.of(), true),
            new Attempt("writesNeedAKeyWhenAPercentIsPercentEncoded", "POST", "/api/v1/%25/rules"),
            new Attempt("headOnAWritePathIsNotAWrite", "HEAD", "/api/v1/rules/_reload"),
            new Attempt("optionsOnAWritePathIsNotAWrite", "OPTIONS", "/api/v1/rules"),
            new Attempt(
                    "writesNeedAKeyToDisableARuleWhenThePathHasASemicolon",
                    "POST",
                    "/api;/v1/rules/" + SHIPPED + "/_disable"),
            new Attempt(
                    "writesNeedAKeyToDisableARuleWhenThePathIsPercentEncoded",
                    "POST",
                    "/%61pi/v1/rules/" + SHIPPED + "/_disable"),
            new Attempt("writesNeedAKeyToResetStateWhenThePathHasASemicolon", "DELETE", "/api;/v1/state"),
            new Attempt("writesNeedAKeyToAddIndicatorsWhenThePathHasADotSegment", "POST", "/api/v1/./indicators"),
            new Attempt("writesNeedAKeyToAddIndicatorsWhenThePathEndsWithASlash", "POST", "/api/v1/indicators/"),
            new Attempt("writesNeedAKeyToClearIndicatorsWhenThePathHasTwoSlashes", "DELETE", "/api/v1//indicators"),
            new Attempt(
                    "writesNeedAKeyToClearIndicatorsWhenThePathIsPercentEncoded", "DELETE", "/%61pi/v1/indicators"));

    @TestFactory
    Stream<DynamicTest> noWriteSucceedsWithoutAWriteKeyHoweverThePathIsWritten() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS.size(); i++) {
            Attempt attempt = ATTEMPTS.get(i);
            String id = String.format("00000000-0000-4000-8000-0000000f%04d", i);
            tests.add(DynamicTest.dynamicTest(attempt.name() + " (no key)", () -> attempt(attempt, id, null)));
            tests.add(DynamicTest.dynamicTest(attempt.name() + " (read key)", () -> attempt(attempt, id, READER)));
        }
        return tests.stream();
    }

    private void attempt(Attempt attempt, String id, String key) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(attempt.headers());
        if (key != null) {
            headers.put("X-API-Key", key);
        }
        headers.put("Content-Type", "application/toml");
        RawHttp.Response response = RawHttp.send(
                port,
                attempt.method(),
                attempt.target().replace("{port}", String.valueOf(port)),
                headers,
                rule(id, "Bypass " + id));
        assertThat(response.status()).as(attempt.target()).isIn(400, 401, 403, 404, 405);
        if (!attempt.method().equals("HEAD") && !attempt.tomcat()) {
            assertThat(response.header("Content-Type")).as(attempt.target()).isEqualTo("application/problem+json");
            assertThat(json(response).path("type").asString()).startsWith("urn:verdict:problem:");
        }
        assertThat(exists(id)).as("the rule was not created").isFalse();
        assertThat(json(get("/api/v1/rules/" + SHIPPED, READER)).path("enabled").asBoolean(true))
                .as("the shipped rule is still enabled")
                .isTrue();
        try (Stream<Path> stored = Files.list(ROOT.resolve("store"))) {
            assertThat(stored.filter(p -> p.toString().endsWith(".toml")))
                    .as("nothing was written to the store")
                    .isEmpty();
        }
    }

    @Test
    void theFirewallRefusesAPathThatIsNotPlainEvenWithAWriteKey() throws IOException {
        for (String target : List.of(
                "/api;/v1/rules",
                "/api;foo=bar/v1/rules",
                "/%61pi/v1/rules",
                "/%61%70%69/v1/rules",
                "//api/v1/rules",
                "/api/v1/./rules",
                "/api/v1/x/../rules")) {
            RawHttp.Response response = send(
                    "POST", target, WRITER, "application/toml", rule("00000000-0000-4000-8000-0000000fffff", "Plain"));
            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(target).isEqualTo("application/problem+json");
            assertThat(json(response).path("type").asString())
                    .as(target)
                    .isEqualTo("urn:verdict:problem:request-rejected");
            assertThat(json(response).path("detail").asString()).as(target).contains("Write the path plainly");
        }
        assertThat(exists("00000000-0000-4000-8000-0000000fffff")).isFalse();
    }

    @Test
    void aWriteKeyOnAPathSpelledDifferentlyFindsNothing() throws IOException {
        for (String target : List.of("/API/v1/rules", "/api/v1/rules/", "/api/v1/Rules")) {
            RawHttp.Response response = send(
                    "POST",
                    target,
                    WRITER,
                    "application/toml",
                    rule("00000000-0000-4000-8000-0000000ffffe", "Spelled"));
            assertThat(response.status()).as(target).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(target).isEqualTo("application/problem+json");
        }
        assertThat(exists("00000000-0000-4000-8000-0000000ffffe")).isFalse();
    }

    @Test
    void aMethodOverrideHeaderDoesNotTurnAReadIntoADelete() throws IOException {
        RawHttp.Response read = RawHttp.send(
                port,
                "GET",
                "/api/v1/rules/" + SHIPPED,
                Map.of("X-API-Key", READER, "X-HTTP-Method-Override", "DELETE"),
                null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(exists(SHIPPED)).isTrue();
    }
}
