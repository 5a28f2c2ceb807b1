package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class ApiKeysTest {

    static final ApiKeys KEYS = new ApiKeys(List.of(
            ApiKeys.Key.ofHex("ops", ApiKeys.sha256Hex("ops-secret"), List.of("read", "write")),
            ApiKeys.Key.ofHex("soc", ApiKeys.sha256Hex("soc-secret"), List.of("read"))));

    @Test
    void keysAreHeldAsHashesAndGeneratedKeysAreRandom() {
        assertThat(KEYS.find("ops-secret"))
                .hasValueSatisfying(k -> assertThat(k.id()).isEqualTo("ops"));
        assertThat(KEYS.find("ops-secre")).isEmpty();
        assertThat(KEYS.find("")).isEmpty();
        assertThat(KEYS.find(null)).isEmpty();
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.generate()).startsWith("vk_").hasSize(46).isNotEqualTo(ApiKeys.generate());
        assertThat(ApiKeys.Key.generated(ApiKeys.sha256Hex("g")).scopes()).isEqualTo(Set.of(Scope.READ, Scope.WRITE));
    }

    @Test
    void aMistypedScopeIsAConfigurationError() {
        assertThatThrownBy(() -> ApiKeys.Key.ofHex("ops", ApiKeys.sha256Hex("x"), List.of("read", "wirte")))
                .hasMessage("API key ops: scope must be 'read' or 'write', not 'wirte'");
        assertThatThrownBy(() -> ApiKeys.Key.ofHex("ops", "abc", List.of("read")))
                .hasMessage("API key ops: sha256 must be 64 hex digits");
    }

    @Test
    void theProviderAuthenticatesAKnownKeyWithItsScopesAndForgetsThePresentedKey() {
        ApiKeyAuthenticationProvider provider = new ApiKeyAuthenticationProvider(KEYS);
        Authentication soc = provider.authenticate(ApiKeyAuthentication.unauthenticated("soc-secret"));
        assertThat(soc.isAuthenticated()).isTrue();
        assertThat(soc.getName()).isEqualTo("soc");
        assertThat(soc.getCredentials()).isNull();
        assertThat(soc.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("SCOPE_read");
        assertThat(ActorFilter.actor(soc)).isEqualTo("soc");
        assertThatThrownBy(() -> provider.authenticate(ApiKeyAuthentication.unauthenticated("nope")))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessage("The API key in the X-API-Key header is not known.");
        assertThat(ActorFilter.actor(ApiKeyAuthentication.unauthenticated("nope")))
                .isNull();
    }
}
