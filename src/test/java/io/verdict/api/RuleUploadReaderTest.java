package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.verdict.lifecycle.RuleUploads;
import io.verdict.rule.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

/** An upload is never expanded without bound: its items are counted before any of them is built. */
class RuleUploadReaderTest {

    private final RuleUploadReader reader =
            new RuleUploadReader(new RuleUploads(new RuleLoader(), rule -> List.of(), Clock.systemUTC()), 10L << 20);

    private static MockHttpServletRequest request(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/rules/_validate");
        request.setContentType(contentType);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void anUploadOfMillionsOfTinyItemsIsRefusedBeforeItIsExpanded() {
        // 9 MB, within the size limit: as parsed documents and notes it would take gigabytes
        String lines = "{}\n".repeat(3_000_000);
        assertThatThrownBy(() -> reader.read(request("application/x-ndjson", lines)))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.getMessage()).contains("more than 10000");
                });
        String array = "[" + "{},".repeat(3_000_000) + "{}]";
        assertThatThrownBy(() -> reader.read(request("application/json", array)))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void anUploadWithinTheCountIsRead() {
        String lines = "{}\n\n  \n".repeat(RuleUploadReader.MAX_ITEMS);
        assertThat(reader.read(request("application/x-ndjson", lines)).notes()).hasSize(RuleUploadReader.MAX_ITEMS);
        assertThat(RuleUploadReader.count(
                        "[1, [2, 3], {\"a\": [4]}]".getBytes(StandardCharsets.UTF_8), RuleUploads.Format.JSON, 0))
                .isEqualTo(3);
        assertThat(RuleUploadReader.count("[1, 2".getBytes(StandardCharsets.UTF_8), RuleUploads.Format.JSON, 5))
                .as("a malformed body is left to the upload's own reading")
                .isEqualTo(6);
    }
}
