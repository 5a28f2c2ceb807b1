package io.verdict.memory;

import io.verdict.config.VerdictProperties;
import io.verdict.engine.Detections;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the heap watchdog, and what ends the process after an {@link OutOfMemoryError}: the handler, the first
 * filter, the first exception resolver.
 */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

    @Bean
    HeapWatchdog heapWatchdog(Detections detections, VerdictProperties properties) {
        return new HeapWatchdog(detections, properties);
    }

    @Bean
    OutOfMemoryExit outOfMemoryExit(ApplicationEventPublisher events) {
        return new OutOfMemoryExit(events);
    }

    @Bean
    FilterRegistrationBean<OutOfMemoryFilter> outOfMemoryFilter(OutOfMemoryExit exit) {
        FilterRegistrationBean<OutOfMemoryFilter> registration =
                new FilterRegistrationBean<>(new OutOfMemoryFilter(exit));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    OutOfMemoryResolver outOfMemoryResolver(OutOfMemoryExit exit) {
        return new OutOfMemoryResolver(exit);
    }
}
