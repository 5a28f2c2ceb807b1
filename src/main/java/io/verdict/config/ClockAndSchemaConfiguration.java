package io.verdict.config;

import io.verdict.event.Schema;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's one clock and one field catalog, handed to everything that reads "now" or a field's type: a test
 * replaces either by declaring its own bean.
 */
@Configuration(proxyBeanMethods = false)
public class ClockAndSchemaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    Schema schema() {
        return Schema.catalog();
    }
}
