package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyFilterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ApiKeys KEYS = new ApiKeys(List.of(
            ApiKeys.Key.ofHex("ops", ApiKeys.sha256Hex("ops-secret"), List.of("read", "write")),
            ApiKeys.Key.ofHex("soc", ApiKeys.sha256Hex("soc-secret"), List.of("read"))));

    private static MockHttpServletResponse call(boolean protectReads, String method, String path, String key)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (key != null) {
            request.addHeader("X-API-Key", key);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new ApiKeyFilter(KEYS, protectReads, JSON).doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(200);
            response.setHeader("X-Key-Id", String.valueOf(request.getAttribute(ApiKeyFilter.KEY_ID)));
        }
        return response;
    }

    @Test
    void writesAlwaysNeedAKeyWithTheWriteScope() throws Exception {
        assertThat(call(false, "POST", "/api/v1/rules", null).getStatus()).isEqualTo(401);
        assertThat(call(false, "POST", "/api/v1/rules", "guess").getStatus()).isEqualTo(401);
        assertThat(call(false, "DELETE", "/api/v1/rules/x", "soc-secret").getStatus()).isEqualTo(403);
        assertThat(call(false, "POST", "/api/v1/rules/_reload", "soc-secret").getStatus()).isEqualTo(403);
        assertThat(call(false, "POST", "/api/v1/rules/x/exceptions", "soc-secret").getStatus()).isEqualTo(403);
        assertThat(call(false, "DELETE", "/api/v1/state", null).getStatus()).as("state reset").isEqualTo(401);
        assertThat(call(false, "POST", "/api/v1/state/_learn", "soc-secret").getStatus()).isEqualTo(403);
        MockHttpServletResponse ok = call(false, "PUT", "/api/v1/rules/x", "ops-secret");
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getHeader("X-Key-Id")).isEqualTo("ops");
    }

    @Test
    void readsEvaluationsAndDryRunsAreOpenUnlessProtected() throws Exception {
        for (String[] call : new String[][] {{"GET", "/api/v1/rules"}, {"POST", "/api/v1/evaluate"},
                {"POST", "/api/v1/evaluate/_batch"}, {"POST", "/api/v1/rules/_validate"},
                {"POST", "/api/v1/rules/x/exceptions/_preview"}, {"POST", "/api/v1/rules/x/_explain"}}) {
            assertThat(call(false, call[0], call[1], null).getStatus()).as(call[1]).isEqualTo(200);
            assertThat(call(true, call[0], call[1], null).getStatus()).as(call[1]).isEqualTo(401);
            assertThat(call(true, call[0], call[1], "soc-secret").getStatus()).as(call[1]).isEqualTo(200);
        }
        assertThat(call(true, "GET", "/actuator/health", null).getStatus()).as("not under /api").isEqualTo(200);
    }

    @Test
    void rejectionsAreProblemDetails() throws Exception {
        MockHttpServletResponse missing = call(false, "POST", "/api/v1/rules", null);
        assertThat(missing.getContentType()).isEqualTo("application/problem+json");
        assertThat(missing.getHeader("WWW-Authenticate")).contains("X-API-Key");
        JsonNode problem = JSON.readTree(missing.getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("urn:verdict:problem:api-key-required");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/rules");

        JsonNode forbidden = JSON.readTree(call(false, "POST", "/api/v1/rules", "soc-secret").getContentAsString());
        assertThat(forbidden.path("type").asString()).isEqualTo("urn:verdict:problem:api-key-scope");
        assertThat(forbidden.path("detail").asString()).contains("'soc'", "'write'");
    }

    @Test
    void keysAreHeldAsHashesAndGeneratedKeysAreRandom() {
        assertThat(KEYS.find("ops-secret")).hasValueSatisfying(k -> assertThat(k.id()).isEqualTo("ops"));
        assertThat(KEYS.find("ops-secre")).isEmpty();
        assertThat(KEYS.find("")).isEmpty();
        assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.generate()).startsWith("vk_").hasSize(46).isNotEqualTo(ApiKeys.generate());
    }
}
