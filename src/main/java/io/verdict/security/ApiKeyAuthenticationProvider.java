package io.verdict.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Accepts a presented {@code X-API-Key} whose SHA-256 is one of the configured keys' (see {@link ApiKeys}). */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object presented = authentication.getCredentials();
        return keys.find(presented == null ? null : presented.toString())
                .map(ApiKeyAuthentication::authenticated)
                .orElseThrow(() -> new BadCredentialsException(
                        "The API key in the " + ApiKeyAuthenticationFilter.HEADER + " header is not known."));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
