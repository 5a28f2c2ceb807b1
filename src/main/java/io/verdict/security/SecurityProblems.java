package io.verdict.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 problems of the security layer, written as UTF-8 {@code application/problem+json} (no charset
 * parameter): a rejected request (400 {@code request-rejected}), a missing or unknown API key (401
 * {@code api-key-required}, with {@code WWW-Authenticate}), an invalid bearer token (401 {@code invalid-token}), a
 * key or token without the scope the call needs (403 {@code api-key-scope}, {@code token-scope}), a path nobody
 * may call (403 {@code access-denied}) and a token that cannot be checked because its issuer's keys cannot be fetched
 * (503 {@code token-check-unavailable}).
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String TYPES = "urn:verdict:problem:";
    static final String PLAIN_PATHS = "Write the path plainly: no ';' parameters, no percent-encoding, no '//', '.' or"
            + " '..' segments and no backslashes.";

    private final ScopeRules rules;
    private final boolean bearer;
    private final JsonMapper json;

    /**
     * @param bearer whether bearer tokens are accepted too (then named in the 401s)
     */
    public SecurityProblems(ScopeRules rules, boolean bearer, JsonMapper json) {
        this.rules = rules;
        this.bearer = bearer;
        this.json = json;
    }

    /** No authentication, or a failed one. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        ScopeRules.Access access = rules.required(request);
        if (e instanceof OAuth2AuthenticationException oauth) {
            invalidToken(request, response, oauth.getError());
            return;
        }
        if (e instanceof AuthenticationServiceException) {
            write(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "token-check-unavailable",
                            "Bearer token cannot be checked",
                            "The bearer token cannot be checked"
                                    + " now: the keys of its issuer could not be fetched. Try again later, or use an API key.",
                            request));
            return;
        }
        if (access == ScopeRules.Access.DENIED) {
            denied(request, response);
            return;
        }
        Map<String, Object> problem = problem(
                HttpStatus.UNAUTHORIZED,
                "api-key-required",
                "API key required",
                request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null
                        ? "The API key in the " + ApiKeyAuthenticationFilter.HEADER + " header is not known."
                        : "This call needs an API key in the " + ApiKeyAuthenticationFilter.HEADER + " header"
                                + (bearer ? " or a bearer token in the Authorization header." : "."),
                request);
        scope(problem, access);
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"");
        if (bearer) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        write(response, HttpStatus.UNAUTHORIZED, problem);
    }

    /** Authenticated, but without the scope the call needs, or on a path nobody may call. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        ScopeRules.Access access = rules.required(request);
        Authentication caller =
                SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (access.scope() == null) {
            denied(request, response);
            return;
        }
        String scope = access.scope().value();
        Map<String, Object> problem;
        if (caller instanceof JwtAuthenticationToken) {
            problem = problem(
                    HttpStatus.FORBIDDEN,
                    "token-scope",
                    "Bearer token not allowed",
                    "The bearer token of '" + ActorFilter.actor(caller) + "' does not have the '" + scope
                            + "' scope this call needs.",
                    request);
            response.addHeader(
                    HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        } else {
            problem = problem(
                    HttpStatus.FORBIDDEN,
                    "api-key-scope",
                    "API key not allowed",
                    "API key '"
                            + (caller == null ? "" : caller.getName()) + "' does not have the '" + scope
                            + "' scope this call needs.",
                    request);
        }
        scope(problem, access);
        write(response, HttpStatus.FORBIDDEN, problem);
    }

    /** The firewall's refusal: a path that is not plain, a method not allowed, a header not allowed. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPES + "request-rejected");
        problem.put("title", "Request rejected");
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        String reason = e.getMessage() == null ? "The request was rejected." : e.getMessage();
        problem.put(
                "detail", reason.contains("URL") ? reason + (reason.endsWith(".") ? " " : ". ") + PLAIN_PATHS : reason);
        write(response, HttpStatus.BAD_REQUEST, problem);
    }

    private void invalidToken(HttpServletRequest request, HttpServletResponse response, OAuth2Error error)
            throws IOException {
        HttpStatus status =
                error instanceof BearerTokenError bearerError ? bearerError.getHttpStatus() : HttpStatus.UNAUTHORIZED;
        String description = error.getDescription() == null ? error.getErrorCode() : error.getDescription();
        Map<String, Object> problem = problem(
                status,
                "invalid-token",
                "Invalid bearer token",
                "The bearer token is not accepted: " + description,
                request);
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error.getErrorCode() + "\"");
        write(response, status, problem);
    }

    private void denied(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(
                response,
                HttpStatus.FORBIDDEN,
                problem(
                        HttpStatus.FORBIDDEN,
                        "access-denied",
                        "Access denied",
                        "This path is not available.",
                        request));
    }

    private static Map<String, Object> problem(
            HttpStatus status, String kind, String title, String detail, HttpServletRequest request) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPES + kind);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", ScopeRules.path(request));
        return problem;
    }

    private static void scope(Map<String, Object> problem, ScopeRules.Access access) {
        if (access.scope() != null) {
            problem.put("scope", access.scope().value());
        }
    }

    private void write(HttpServletResponse response, HttpStatus status, Map<String, Object> problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.value());
        // the bytes are UTF-8 (RFC 8259): no charset parameter, and no writer, which would add ISO-8859-1
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
