package io.verdict.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An {@code X-API-Key} call: before authentication it holds the presented key, after it the accepted key's id
 * (the principal, named in the audit log) and its scopes as authorities; the presented key is then dropped.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;
    private String presented;

    private ApiKeyAuthentication(String presented, ApiKeys.Key key) {
        super(
                key == null
                        ? List.of()
                        : key.scopes().stream().sorted().map(Scope::authority).toList());
        this.keyId = key == null ? null : key.id();
        this.presented = presented;
        setAuthenticated(key != null);
    }

    /** The key as presented, to be checked. */
    public static ApiKeyAuthentication unauthenticated(String presented) {
        return new ApiKeyAuthentication(presented, null);
    }

    /** A key that was found among the configured ones. */
    public static ApiKeyAuthentication authenticated(ApiKeys.Key key) {
        return new ApiKeyAuthentication(null, key);
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    /** The key's id once authenticated; {@code null} before. */
    @Override
    public Object getPrincipal() {
        return keyId;
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        presented = null;
    }
}
