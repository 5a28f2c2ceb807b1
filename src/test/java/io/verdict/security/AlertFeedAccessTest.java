package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert feed tells what was detected: it needs a key with the read scope however its path is written, and a
 * path that is not plain is refused before routing.
 */
class AlertFeedAccessTest extends KeyedServer {

    static final List<String> PATHS = List.of("/api/v1/alerts", "/api/v1/alerts/_outputs");

    @Test
    void theFeedNeedsAReadKey() throws IOException {
        for (String path : PATHS) {
            assertThat(get(path, READER).status()).as(path).isEqualTo(200);
            assertThat(get(path, null).status()).as(path).isEqualTo(401);
            assertThat(get(path, WRITE_ONLY).status())
                    .as(path + " with a write-only key")
                    .isEqualTo(403);
        }
    }

    @Test
    void theFeedNeedsAReadKeyHoweverItsPathIsWritten() throws IOException {
        for (String target : List.of(
                "/api/v1//alerts",
                "//api/v1/alerts",
                "/api/v1/./alerts",
                "/api/v1/x/../alerts",
                "/%61pi/v1/alerts",
                "/api/v1/%61lerts",
                "/api;/v1/alerts",
                "/api/v1/alerts;x=1",
                "/api/v1/alerts/",
                "/API/v1/alerts",
                "/api/v1/alerts/_outputs/",
                "/api/v1/alerts/%5foutputs")) {
            RawHttp.Response response = get(target, null);
            assertThat(response.status()).as(target).isIn(400, 401, 404);
            assertThat(response.header("Content-Type")).as(target).isEqualTo("application/problem+json");
            assertThat(json(response).has("alerts")).as(target).isFalse();
            assertThat(json(response).has("webhooks")).as(target).isFalse();
        }
    }

    @Test
    void aPathThatIsNotPlainIsRefusedEvenWithAReadKey() throws IOException {
        for (String target : List.of("/api/v1//alerts", "/api/v1/./alerts", "/%61pi/v1/alerts", "/api;/v1/alerts")) {
            RawHttp.Response response = get(target, READER);
            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(json(response).path("type").asString())
                    .as(target)
                    .isEqualTo("urn:verdict:problem:request-rejected");
        }
    }

    @Test
    void theFeedIsReadOnly() throws IOException {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            RawHttp.Response response = send(method, "/api/v1/alerts", READER, "application/json", "{}");
            assertThat(response.status()).as(method + " with a read key").isEqualTo(403);
            assertThat(send(method, "/api/v1/alerts", WRITER, "application/json", "{}")
                            .status())
                    .as(method + " with a write key")
                    .isEqualTo(405);
        }
    }
}
