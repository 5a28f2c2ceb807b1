package io.verdict.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;

/**
 * {@code Content-Security-Policy} per answer: API answers are data and may load nothing and be framed by no one;
 * Swagger UI may load its own scripts, styles, images and the OpenAPI document from this origin (its styles are
 * partly inline and its icons {@code data:} URLs), and nothing else.
 */
public final class ContentSecurityPolicy implements HeaderWriter {

    static final String HEADER = "Content-Security-Policy";
    static final String API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String SWAGGER_UI = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (response.containsHeader(HEADER)) {
            return;
        }
        String path = ScopeRules.path(request);
        response.setHeader(
                HEADER, path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/") ? SWAGGER_UI : API);
    }
}
