package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.security.ScopeRules.Access;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** What each call needs, with reads protected and open: one row per method and normalised path. */
class ScopeRulesTest {

    record Row(String method, String path, Access protectedReads, Access openReads) {}

    static final Access OPEN = Access.OPEN;
    static final Access READ = Access.READ;
    static final Access WRITE = Access.WRITE;
    static final Access DENIED = Access.DENIED;

    static final List<Row> ROWS = List.of(
            // API reads, evaluations and dry runs
            new Row("GET", "/api/v1/rules", READ, OPEN),
            new Row("HEAD", "/api/v1/rules", READ, OPEN),
            new Row("GET", "/api/v1/rules/x/exceptions", READ, OPEN),
            new Row("GET", "/api/v1/state", READ, OPEN),
            new Row("GET", "/api/v1/indicators", READ, OPEN),
            new Row("GET", "/api/v1/alerts", READ, OPEN),
            new Row("GET", "/api/v1/alerts/_outputs", READ, OPEN),
            new Row("POST", "/api/v1/evaluate", READ, OPEN),
            new Row("POST", "/api/v1/evaluate/_batch", READ, OPEN),
            new Row("POST", "/api/v1/rules/_validate", READ, OPEN),
            new Row("POST", "/api/v1/rules/_test", READ, OPEN),
            new Row("POST", "/api/v1/rules/x/_explain", READ, OPEN),
            new Row("POST", "/api/v1/rules/x/exceptions/_preview", READ, OPEN),
            // API writes, and anything that only looks like a dry run
            new Row("POST", "/api/v1/rules", WRITE, WRITE),
            new Row("PUT", "/api/v1/rules/x", WRITE, WRITE),
            new Row("DELETE", "/api/v1/rules/x", WRITE, WRITE),
            new Row("POST", "/api/v1/rules/x/_enable", WRITE, WRITE),
            new Row("POST", "/api/v1/rules/_reload", WRITE, WRITE),
            new Row("POST", "/api/v1/rules/x/exceptions", WRITE, WRITE),
            new Row("PUT", "/api/v1/rules/x/exceptions/i", WRITE, WRITE),
            new Row("DELETE", "/api/v1/state", WRITE, WRITE),
            new Row("POST", "/api/v1/state/_learn", WRITE, WRITE),
            new Row("POST", "/api/v1/indicators", WRITE, WRITE),
            new Row("DELETE", "/api/v1/indicators", WRITE, WRITE),
            new Row("DELETE", "/api/v1/alerts", WRITE, WRITE),
            new Row("PATCH", "/api/v1/rules/x", WRITE, WRITE),
            new Row("OPTIONS", "/api/v1/rules", WRITE, WRITE),
            new Row("PUT", "/api/v1/rules/_validate", WRITE, WRITE),
            new Row("POST", "/api/v1/evaluatex", WRITE, WRITE),
            new Row("POST", "/api/v1/evaluate/_batch/x", WRITE, WRITE),
            new Row("POST", "/api/v1/rules//_explain", WRITE, WRITE),
            new Row("POST", "/api/v1/rules/x/y/_explain", WRITE, WRITE),
            new Row("POST", "/api/v2/evaluate", WRITE, WRITE),
            new Row("POST", "/api", WRITE, WRITE),
            // other spellings gain nothing
            new Row("POST", "/API/v1/rules", WRITE, WRITE),
            new Row("GET", "/API/v1/rules", READ, OPEN),
            new Row("POST", "/", WRITE, WRITE),
            // actuator
            new Row("GET", "/actuator/health", OPEN, OPEN),
            new Row("GET", "/actuator/health/liveness", OPEN, OPEN),
            new Row("GET", "/actuator/health/readiness", OPEN, OPEN),
            new Row("GET", "/actuator/info", OPEN, OPEN),
            new Row("GET", "/actuator/health/rules", READ, READ),
            new Row("GET", "/actuator/metrics", READ, READ),
            new Row("GET", "/actuator/metrics/verdict.alerts", READ, READ),
            new Row("GET", "/actuator/prometheus", READ, READ),
            new Row("GET", "/actuator", DENIED, DENIED),
            new Row("GET", "/actuator/env", DENIED, DENIED),
            new Row("GET", "/actuator/metricsx", DENIED, DENIED),
            new Row("POST", "/actuator/health", DENIED, DENIED),
            new Row("POST", "/actuator/shutdown", DENIED, DENIED),
            // documentation
            new Row("GET", "/swagger-ui.html", OPEN, OPEN),
            new Row("GET", "/swagger-ui/index.html", OPEN, OPEN),
            new Row("GET", "/v3/api-docs", OPEN, OPEN),
            new Row("GET", "/v3/api-docs/swagger-config", OPEN, OPEN),
            new Row("GET", "/v3/api-docs.yaml", OPEN, OPEN),
            new Row("POST", "/v3/api-docs", WRITE, WRITE),
            new Row("GET", "/", READ, OPEN));

    @TestFactory
    Stream<DynamicTest> eachCallNeedsWhatItsMethodAndPathSay() {
        ScopeRules protectedReads = new ScopeRules(true);
        ScopeRules openReads = new ScopeRules(false);
        return ROWS.stream()
                .map(row -> DynamicTest.dynamicTest(row.method() + " " + row.path(), () -> {
                    assertThat(protectedReads.required(row.method(), row.path()))
                            .as("reads protected")
                            .isEqualTo(row.protectedReads());
                    assertThat(openReads.required(row.method(), row.path()))
                            .as("reads open")
                            .isEqualTo(row.openReads());
                }));
    }

    @Test
    void theDecisionIsTakenOnTheServletPathNotTheWrittenUri() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api;/v1/rules");
        request.setServletPath("/api/v1/rules");
        assertThat(new ScopeRules(false).required(request)).isEqualTo(WRITE);
        request.setServletPath("/api");
        request.setPathInfo("/v1/rules");
        assertThat(new ScopeRules(false).required(request)).isEqualTo(WRITE);
    }

    @Test
    void scopesAreGrantedByAuthoritiesOfAnAuthenticatedCaller() {
        ScopeRules rules = new ScopeRules(true);
        MockHttpServletRequest read = new MockHttpServletRequest("GET", "/api/v1/rules");
        read.setServletPath("/api/v1/rules");
        RequestAuthorizationContext context = new RequestAuthorizationContext(read);
        ApiKeys.Key soc = ApiKeys.Key.ofHex("soc", ApiKeys.sha256Hex("s"), List.of("read"));
        assertThat(rules.authorize(() -> ApiKeyAuthentication.authenticated(soc), context)
                        .isGranted())
                .isTrue();
        assertThat(rules.authorize(() -> ApiKeyAuthentication.unauthenticated("s"), context)
                        .isGranted())
                .isFalse();
        assertThat(rules.authorize(() -> null, context).isGranted()).isFalse();
        assertThat(rules.authorize(
                                () -> new AnonymousAuthenticationToken(
                                        "k", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")),
                                context)
                        .isGranted())
                .as("anonymous")
                .isFalse();
        ApiKeys.Key bot = ApiKeys.Key.ofHex("bot", ApiKeys.sha256Hex("b"), List.of("write"));
        assertThat(rules.authorize(() -> ApiKeyAuthentication.authenticated(bot), context)
                        .isGranted())
                .as("write does not imply read")
                .isFalse();
    }
}
