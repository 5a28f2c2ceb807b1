package io.verdict.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A valid JWT's scopes: the values of one claim, each mapped to {@code read} or {@code write}. The claim is
 * {@code scope} (a space-separated string, RFC 8693), else {@code scp} (a string or an array), unless another one is
 * configured (e.g. {@code roles}: a string, space-separated, or an array of strings). Values are mapped exactly (case
 * matters) by the configured mapping; with none, {@code read} means read and {@code write} write. Any other value is
 * ignored, so a prefixed value such as {@code verdict:write} counts only when the mapping names it. The principal
 * is the value of the principal claim ({@code sub} unless configured).
 */
public final class JwtScopes implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String claim;
    private final Map<String, Scope> mapping;
    private final String principalClaim;

    /**
     * @param claim          the claim holding the scopes; null or blank for {@code scope}, else {@code scp}
     * @param mapping        claim value to scope; empty for {@code read → read, write → write}
     * @param principalClaim the claim naming the caller in the audit log; null or blank for {@code sub}
     */
    public JwtScopes(String claim, Map<String, Scope> mapping, String principalClaim) {
        this.claim = claim == null || claim.isBlank() ? null : claim.strip();
        this.mapping = mapping == null || mapping.isEmpty() ? identity() : Map.copyOf(mapping);
        this.principalClaim = principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim.strip();
    }

    private static Map<String, Scope> identity() {
        Map<String, Scope> identity = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            identity.put(scope.value(), scope);
        }
        return identity;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<Scope> scopes = scopes(jwt);
        Object name = jwt.getClaims().get(principalClaim);
        return new JwtAuthenticationToken(
                jwt, scopes.stream().map(Scope::authority).toList(), name == null ? "" : name.toString());
    }

    /** The scopes the token's claim values map to. */
    public Set<Scope> scopes(Jwt jwt) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : values(jwt)) {
            Scope scope = mapping.get(value);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private List<String> values(Jwt jwt) {
        Object value = claim != null
                ? jwt.getClaims().get(claim)
                : jwt.hasClaim("scope")
                        ? jwt.getClaims().get("scope")
                        : jwt.getClaims().get("scp");
        List<String> values = new ArrayList<>();
        if (value instanceof String text) {
            values.addAll(List.of(text.strip().split("\\s+")));
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String text) {
                    values.add(text);
                }
            }
        }
        return values;
    }
}
