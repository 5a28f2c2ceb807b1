package io.verdict.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the authenticated caller in the request attribute {@link #ATTRIBUTE}, which the audit lines of every
 * change read: an API key's id, or {@code jwt:} and the token's principal claim. Without it the actor is
 * anonymous.
 */
public final class ActorFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = "verdict.actor";

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String actor = actor(contexts.getContext().getAuthentication());
        if (actor != null) {
            request.setAttribute(ATTRIBUTE, actor);
        }
        chain.doFilter(request, response);
    }

    /** The audit name of {@code authentication}; null when anonymous. */
    public static String actor(Authentication authentication) {
        if (authentication instanceof ApiKeyAuthentication key && key.isAuthenticated()) {
            return key.getName();
        }
        if (authentication instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()) {
            return "jwt:" + jwt.getName();
        }
        return null;
    }
}
