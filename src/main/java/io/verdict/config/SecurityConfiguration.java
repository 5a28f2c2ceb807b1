package io.verdict.config;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.verdict.security.ApiKeyFilter;
import io.verdict.security.ApiKeys;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys from {@code verdict.security.keys} (hashes only). With none configured, one key with both scopes is
 * generated and printed once, so writes are never open; it lives as long as the process.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    ApiKeys apiKeys(VerdictProperties properties) {
        List<ApiKeys.Key> keys = new ArrayList<>();
        for (VerdictProperties.ApiKey key : properties.security().keys()) {
            keys.add(ApiKeys.Key.ofHex(key.id(), key.sha256(), key.scopes()));
        }
        if (keys.isEmpty()) {
            String generated = ApiKeys.generate();
            keys.add(ApiKeys.Key.ofHex("generated", ApiKeys.sha256Hex(generated), List.of(ApiKeys.READ, ApiKeys.WRITE)));
            log.warn("No API key is configured (verdict.security.keys); generated one for this run. Send it as"
                    + " '{}: {}' to change rules. It is printed only now.", ApiKeyFilter.HEADER, generated);
        }
        return new ApiKeys(keys);
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, VerdictProperties properties, JsonMapper json) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(keys, properties.security().protectReads(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
