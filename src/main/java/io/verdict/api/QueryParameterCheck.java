package io.verdict.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query parameter the endpoint does not take: Spring ignores it, so {@code ?formt=kibana} or
 * {@code ?ruleid=x} was answered as if it were not there. The parameters an endpoint takes are its handler
 * method's {@code @RequestParam}s; only the query string is checked (form fields of a multipart upload are the
 * body). Endpoints outside this package (actuator, OpenAPI) are left as they are.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterCheck implements WebMvcConfigurer {

    /** The parameters each handler method takes; {@code *} when it takes any (a {@code Map} of them). */
    private final Map<Method, Set<String>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (handler instanceof HandlerMethod method
                        && request.getQueryString() != null
                        && method.getBeanType().getPackageName().equals(QueryParameterCheck.class.getPackageName())) {
                    check(request.getQueryString(), method);
                }
                return true;
            }
        });
    }

    private void check(String query, HandlerMethod method) {
        Set<String> allowed = taken.computeIfAbsent(method.getMethod(), m -> parameters(method));
        if (allowed.contains("*")) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (!allowed.contains(name) && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownParameterException(unknown, List.copyOf(allowed));
        }
    }

    private static Set<String> parameters(HandlerMethod method) {
        Set<String> names = new LinkedHashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null) {
                continue;
            }
            String name = !annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName();
            if (annotation.name().isEmpty() && Map.class.isAssignableFrom(parameter.getParameterType())) {
                return Set.of("*");
            }
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** Query parameters an endpoint does not take, and those it does (in the order of its method). */
    static final class UnknownParameterException extends RuntimeException {

        private final List<String> unknown;
        private final List<String> allowed;

        UnknownParameterException(List<String> unknown, List<String> allowed) {
            super((unknown.size() == 1 ? "Unknown query parameter " : "Unknown query parameters ")
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + (allowed.isEmpty()
                            ? ": this endpoint takes no query parameters."
                            : ": this endpoint takes " + String.join(", ", allowed) + "."));
            this.unknown = List.copyOf(unknown);
            this.allowed = List.copyOf(allowed);
        }

        List<String> unknown() {
            return unknown;
        }

        List<String> allowed() {
            return allowed;
        }
    }
}
