package io.verdict.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the {@code X-API-Key} header of API calls. Writes (every non-GET call under {@code /api/} except the
 * evaluate endpoints and the dry runs: {@code _validate}, {@code _test}, exception {@code _preview}, a rule's {@code _explain};
 * so also state changes such as {@code DELETE /api/v1/state} and {@code _learn}) always need a key with
 * the {@code write} scope; reads and evaluations need one with {@code read} only when {@code protectReads}.
 * Missing or unknown key: 401; a key without the scope: 403; both as RFC 9457 problems. The key id of an accepted
 * key is left in the request attribute {@link #KEY_ID} for the audit log.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    public static final String KEY_ID = "verdict.api_key_id";

    private final ApiKeys keys;
    private final boolean protectReads;
    private final JsonMapper json;

    public ApiKeyFilter(ApiKeys keys, boolean protectReads, JsonMapper json) {
        this.keys = keys;
        this.protectReads = protectReads;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/")) {
            chain.doFilter(request, response);
            return;
        }
        String scope = scopeOf(request.getMethod(), path);
        Optional<ApiKeys.Key> key = keys.find(request.getHeader(HEADER));
        key.ifPresent(k -> request.setAttribute(KEY_ID, k.id()));
        if (scope.equals(ApiKeys.READ) && !protectReads) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty()) {
            reject(response, path, HttpStatus.UNAUTHORIZED, "api-key-required", "API key required",
                    request.getHeader(HEADER) == null ? "This call needs an API key in the " + HEADER + " header."
                            : "The API key in the " + HEADER + " header is not known.", scope);
            return;
        }
        if (!key.get().scopes().contains(scope)) {
            reject(response, path, HttpStatus.FORBIDDEN, "api-key-scope", "API key not allowed",
                    "API key '" + key.get().id() + "' does not have the '" + scope + "' scope this call needs.", scope);
            return;
        }
        chain.doFilter(request, response);
    }

    /** {@code write} for changes, {@code read} for reads, evaluations and dry runs. */
    static String scopeOf(String method, String path) {
        HttpMethod m = HttpMethod.valueOf(method);
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            return ApiKeys.READ;
        }
        if (path.startsWith("/api/v1/evaluate") || path.equals("/api/v1/rules/_validate") || path.equals("/api/v1/rules/_test")
                || path.startsWith("/api/v1/rules/") && (path.endsWith("/exceptions/_preview") || path.endsWith("/_explain"))) {
            return ApiKeys.READ;
        }
        return ApiKeys.WRITE;
    }

    private void reject(HttpServletResponse response, String path, HttpStatus status, String kind, String title,
                        String detail, String scope) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:verdict:problem:" + kind);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", path);
        problem.put("scope", scope);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        }
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
