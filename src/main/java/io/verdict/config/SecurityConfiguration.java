package io.verdict.config;

import io.verdict.security.ActorFilter;
import io.verdict.security.ApiKeyAuthenticationFilter;
import io.verdict.security.ApiKeyAuthenticationProvider;
import io.verdict.security.ApiKeys;
import io.verdict.security.ContentSecurityPolicy;
import io.verdict.security.GeneratedKeyFile;
import io.verdict.security.JwtScopes;
import io.verdict.security.PlainPathFirewall;
import io.verdict.security.Scope;
import io.verdict.security.ScopeRules;
import io.verdict.security.SecurityProblems;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security for a token API: no session, no login form, no HTTP basic, no CSRF token (nothing rides on a
 * cookie), no generated user. Callers authenticate with an {@code X-API-Key} (from {@code verdict.security.keys},
 * hashes only) or, when Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} configure a decoder, an
 * OAuth2 bearer JWT; {@link ScopeRules} decides what each call needs; {@link PlainPathFirewall} refuses paths that
 * are not written plainly before anything routes them; every refusal is a problem ({@link SecurityProblems}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The configured keys; with none, a generated one (kept by its hash in {@code generated-key-file} when set),
     * unless {@code require-key} forbids it.
     */
    @Bean
    ApiKeys apiKeys(VerdictProperties properties) throws IOException {
        VerdictProperties.Security security = properties.security();
        List<ApiKeys.Key> keys = new ArrayList<>();
        for (VerdictProperties.ApiKey key : security.keys()) {
            keys.add(ApiKeys.Key.ofHex(key.id(), key.sha256(), key.scopes()));
        }
        if (!keys.isEmpty()) {
            return new ApiKeys(keys);
        }
        if (security.requireKey()) {
            throw new InvalidConfigurationPropertyValueException(
                    "verdict.security.require-key",
                    true,
                    "no API key is configured. Configure one: verdict.security.keys[0].id and"
                            + " verdict.security.keys[0].sha256, the SHA-256 of the key in hex (environment"
                            + " VERDICT_SECURITY_KEYS_0_ID and VERDICT_SECURITY_KEYS_0_SHA256)");
        }
        if (!security.generatedKeyFile().isEmpty()) {
            GeneratedKeyFile file = new GeneratedKeyFile(Path.of(security.generatedKeyFile()));
            GeneratedKeyFile.Loaded loaded = file.load();
            if (loaded.printOnce() == null) {
                log.warn(
                        "No API key is configured (verdict.security.keys); the generated key whose SHA-256 is kept in"
                                + " {} is in use. Delete that file and restart for a new key.",
                        file.file());
            } else {
                log.warn(
                        "No API key is configured (verdict.security.keys); generated one and kept its SHA-256 in {},"
                                + " so it stays valid across restarts. Send it as '{}: {}'. It is printed only now.",
                        file.file(),
                        ApiKeyAuthenticationFilter.HEADER,
                        loaded.printOnce());
            }
            return new ApiKeys(List.of(loaded.key()));
        }
        String generated = ApiKeys.generate();
        log.warn(
                "No API key is configured (verdict.security.keys); generated one for this run. Send it as"
                        + " '{}: {}'. It is printed only now.",
                ApiKeyAuthenticationFilter.HEADER,
                generated);
        return new ApiKeys(List.of(ApiKeys.Key.generated(ApiKeys.sha256Hex(generated))));
    }

    /** A bean, so that Spring Boot makes no user with a generated password either. */
    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }

    @Bean
    ScopeRules scopeRules(VerdictProperties properties) {
        return new ScopeRules(properties.security().protectReads());
    }

    /** Also the firewall's {@code RequestRejectedHandler}: a 400 problem instead of Spring Security's bare 400. */
    @Bean
    SecurityProblems securityProblems(ScopeRules rules, ObjectProvider<JwtDecoder> jwtDecoder, JsonMapper json) {
        return new SecurityProblems(rules, jwtDecoder.getIfAvailable() != null, json);
    }

    @Bean
    HttpFirewall httpFirewall() {
        return new PlainPathFirewall();
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ApiKeyAuthenticationProvider keys,
            ScopeRules rules,
            SecurityProblems problems,
            ObjectProvider<JwtDecoder> jwtDecoder,
            ObjectProvider<OAuth2ResourceServerProperties> resourceServer,
            VerdictProperties properties) {
        http.csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(headers -> headers.addHeaderWriter(new ContentSecurityPolicy()))
                // an error page or the async part of a streamed answer belongs to a request already authorised
                .authorizeHttpRequests(
                        requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                                .permitAll()
                                .anyRequest()
                                .access(rules))
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(new ProviderManager(keys), problems),
                        BasicAuthenticationFilter.class)
                .addFilterAfter(new ActorFilter(), AuthorizationFilter.class);
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            VerdictProperties.Jwt jwt = properties.security().jwt();
            OAuth2ResourceServerProperties server = resourceServer.getIfAvailable();
            JwtScopes scopes = new JwtScopes(
                    jwt.scopesClaim(),
                    scopeMapping(jwt),
                    server == null ? null : server.getJwt().getPrincipalClaimName());
            http.oauth2ResourceServer(oauth -> oauth.jwt(
                            token -> token.decoder(reachable(decoder)).jwtAuthenticationConverter(scopes))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                        @Override
                        public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                            // an issuer that cannot be reached is a 503 problem, not an exception out of the chain
                            AuthenticationEntryPointFailureHandler failures =
                                    new AuthenticationEntryPointFailureHandler(problems);
                            failures.setRethrowAuthenticationServiceException(false);
                            filter.setAuthenticationFailureHandler(failures);
                            return filter;
                        }
                    }));
            log.info(
                    "OAuth2 bearer tokens (JWT) are accepted beside API keys; scopes from the '{}' claim",
                    jwt.scopesClaim().isEmpty() ? "scope/scp" : jwt.scopesClaim());
        }
        return http.build();
    }

    /**
     * {@code decoder}, whose failure to find the issuer (discovery at the first token, with only an issuer URI
     * configured) is a {@link JwtException} like a failure to fetch its keys, so both end as a 503 problem.
     */
    private static JwtDecoder reachable(JwtDecoder decoder) {
        return token -> {
            try {
                return decoder.decode(token);
            } catch (JwtDecoderInitializationException e) {
                throw new JwtException("the issuer could not be reached", e);
            }
        };
    }

    private static Map<String, Scope> scopeMapping(VerdictProperties.Jwt jwt) {
        Map<String, Scope> mapping = new LinkedHashMap<>();
        jwt.scopeMapping()
                .forEach((value, scope) ->
                        mapping.put(value, Scope.parse(scope, "verdict.security.jwt.scope-mapping[" + value + "]")));
        return mapping;
    }
}
