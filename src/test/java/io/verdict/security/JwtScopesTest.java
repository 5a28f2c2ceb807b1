package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** Which claim values of a token become read and write, by default and with a configured claim and mapping. */
class JwtScopesTest {

    record Case(String name, JwtScopes scopes, Map<String, Object> claims, Set<Scope> expected) {}

    static final JwtScopes DEFAULT = new JwtScopes(null, Map.of(), null);
    static final JwtScopes ROLES = new JwtScopes(
            "roles",
            Map.of("verdict:read", Scope.READ, "verdict:admin", Scope.WRITE, "verdict:auditor", Scope.READ),
            "client_id");

    static final List<Case> CASES = List.of(
            new Case("scope string", DEFAULT, Map.of("scope", "openid read write"), Set.of(Scope.READ, Scope.WRITE)),
            new Case("scope string, read only", DEFAULT, Map.of("scope", "read"), Set.of(Scope.READ)),
            new Case("scp array", DEFAULT, Map.of("scp", List.of("write")), Set.of(Scope.WRITE)),
            new Case("scp string", DEFAULT, Map.of("scp", "read write"), Set.of(Scope.READ, Scope.WRITE)),
            new Case(
                    "scope wins over scp",
                    DEFAULT,
                    Map.of("scope", "read", "scp", List.of("write")),
                    Set.of(Scope.READ)),
            new Case(
                    "prefixed values are not mapped by default",
                    DEFAULT,
                    Map.of("scope", "verdict:read verdict:write"),
                    Set.of()),
            new Case("case matters", DEFAULT, Map.of("scope", "Read WRITE"), Set.of()),
            new Case("no claim", DEFAULT, Map.of(), Set.of()),
            new Case("a number is no scope", DEFAULT, Map.of("scope", 7), Set.of()),
            new Case(
                    "roles array through the mapping",
                    ROLES,
                    Map.of("roles", List.of("verdict:admin", "other")),
                    Set.of(Scope.WRITE)),
            new Case(
                    "two values to one scope",
                    ROLES,
                    Map.of("roles", List.of("verdict:read", "verdict:auditor")),
                    Set.of(Scope.READ)),
            new Case("a mapping replaces read and write as they are", ROLES, Map.of("roles", "read write"), Set.of()),
            new Case("only the configured claim counts", ROLES, Map.of("scope", "verdict:read"), Set.of()));

    static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("soar")
                .claim("client_id", "c-1")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @TestFactory
    Stream<DynamicTest> claimValuesMapToScopes() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name(),
                        () -> assertThat(c.scopes().scopes(jwt(c.claims()))).isEqualTo(c.expected())));
    }

    @Test
    void theTokenCarriesTheScopesAsAuthoritiesAndThePrincipalClaimAsItsName() {
        AbstractAuthenticationToken token = DEFAULT.convert(jwt(Map.of("scope", "read write")));
        assertThat(token.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("SCOPE_read", "SCOPE_write");
        assertThat(token.getName()).isEqualTo("soar");
        assertThat(ActorFilter.actor(token)).isEqualTo("jwt:soar");
        assertThat(ROLES.convert(jwt(Map.of())).getName()).isEqualTo("c-1");
    }

    @Test
    void aMappingToAnythingButReadOrWriteIsAConfigurationError() {
        assertThatThrownBy(() -> Scope.parse("admin", "verdict.security.jwt.scope-mapping[x]"))
                .hasMessage("verdict.security.jwt.scope-mapping[x]: scope must be 'read' or 'write', not 'admin'");
    }
}
