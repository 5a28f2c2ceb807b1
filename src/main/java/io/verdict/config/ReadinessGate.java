package io.verdict.config;

import io.verdict.engine.Detections;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Holds back the endpoints that decide events until the first rule load has been compiled. The port opens before
 * the rules are loaded, and an evaluation in between would be answered with no rules at all: {@code matched: false}
 * that is not true. Such a request is answered 503 {@code not-ready} with Retry-After instead, as readiness is
 * DOWN in the same window.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessGate implements WebMvcConfigurer {

    /** The endpoints whose answer depends on the loaded rules (matched on the path as routed). */
    static final String[] GATED = {
        "/api/v1/evaluate", "/api/v1/evaluate/**", "/api/v1/rules/*/_explain", "/api/v1/state/_learn"
    };

    private final ObjectProvider<Detections> detections;
    private final ObjectProvider<VerdictProperties> properties;

    /** Looked up lazily, so that a web slice without the rule beans (a controller test) still starts. */
    ReadinessGate(ObjectProvider<Detections> detections, ObjectProvider<VerdictProperties> properties) {
        this.detections = detections;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        Detections current = detections.getIfAvailable();
                        if (current != null && !current.ready()) {
                            VerdictProperties configured = properties.getIfAvailable();
                            throw notReady(
                                    configured == null
                                            ? DEFAULT_RETRY_AFTER
                                            : configured.http().retryAfter().toSeconds());
                        }
                        return true;
                    }
                })
                .addPathPatterns(GATED);
    }

    private static final long DEFAULT_RETRY_AFTER = 2;

    static ErrorResponseException notReady(long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The rules are still being loaded; no event is decided before they are. Retry in a moment.");
        problem.setType(URI.create("urn:verdict:problem:not-ready"));
        problem.setTitle("Not ready");
        ErrorResponseException e = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds)));
        return e;
    }
}
