package io.verdict.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an {@code X-API-Key} header. A known key becomes the request's
 * authentication (its id and scopes); an unknown one is answered 401 at once, whatever the path, as a bad bearer
 * token is. A request without the header passes on unauthenticated: whether it needs a key is decided by
 * {@link ScopeRules}.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";

    private final AuthenticationManager authentication;
    private final AuthenticationEntryPoint rejection;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiKeyAuthenticationFilter(AuthenticationManager authentication, AuthenticationEntryPoint rejection) {
        this.authentication = authentication;
        this.rejection = rejection;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(authentication.authenticate(ApiKeyAuthentication.unauthenticated(presented)));
            contexts.setContext(context);
        } catch (AuthenticationException e) {
            contexts.clearContext();
            rejection.commence(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
