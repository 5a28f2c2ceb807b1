package io.verdict.security;

import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller may do: {@code read} (read rules and state, evaluate events, dry runs) or {@code write} (change
 * rules, exceptions and state). An API key or a bearer token carries its scopes as the authorities
 * {@code SCOPE_read} and {@code SCOPE_write}, as Spring Security names OAuth2 scopes.
 */
public enum Scope {
    READ,
    WRITE;

    /** The name in configuration, problems and audit: {@code read}, {@code write}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority("SCOPE_" + value());
    }

    /** The scope named {@code value} exactly ({@code read} or {@code write}), if it is one. */
    public static Optional<Scope> of(String value) {
        for (Scope scope : values()) {
            if (scope.value().equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** The scope named {@code value}, or an error naming {@code what} was configured with it. */
    public static Scope parse(String value, String what) {
        return of(value == null ? null : value.strip())
                .orElseThrow(() ->
                        new IllegalArgumentException(what + ": scope must be 'read' or 'write', not '" + value + "'"));
    }
}
