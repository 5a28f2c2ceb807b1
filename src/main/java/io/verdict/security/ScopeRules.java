package io.verdict.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may call what, decided on the method and the normalised path (the servlet path: decoded, without
 * {@code ;} parameters and dot segments; the firewall has already rejected any request whose written path differs
 * from it).
 * <ul>
 * <li>Under {@code /api/}: reads ({@code GET}, {@code HEAD}), evaluations and the dry runs ({@code _validate},
 * {@code _test}, a rule's {@code _explain} and {@code exceptions/_preview}) need {@code read} when reads are
 * protected, and are open when not; every other call needs {@code write}.</li>
 * <li>Actuator: {@code health}, {@code health/liveness}, {@code health/readiness} and {@code info} are open (health
 * details only for an authenticated caller); other health paths, {@code metrics} and {@code prometheus} need
 * {@code read}; any other actuator path is denied to everyone.</li>
 * <li>Swagger UI and the OpenAPI document are open to {@code GET}.</li>
 * <li>Anything else is treated as the API is: {@code GET}/{@code HEAD} as a read, any other method as a write, so a
 * path spelled differently ({@code /API/v1/rules}) gains nothing.</li>
 * </ul>
 */
public final class ScopeRules implements AuthorizationManager<RequestAuthorizationContext> {

    /** What a call needs. */
    public enum Access {
        OPEN,
        READ,
        WRITE,
        DENIED;

        /** The scope this access needs; none for {@code OPEN} and {@code DENIED}. */
        public Scope scope() {
            return this == READ ? Scope.READ : this == WRITE ? Scope.WRITE : null;
        }
    }

    private static final List<String> OPEN_ACTUATOR =
            List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info");

    private final boolean protectReads;

    public ScopeRules(boolean protectReads) {
        this.protectReads = protectReads;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Access access = required(context.getRequest());
        return new AuthorizationDecision(
                switch (access) {
                    case OPEN -> true;
                    case DENIED -> false;
                    case READ, WRITE -> has(authentication.get(), access.scope());
                });
    }

    private static boolean has(Authentication authentication, Scope scope) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        String wanted = scope.authority().getAuthority();
        return authentication.getAuthorities().stream().anyMatch(a -> wanted.equals(a.getAuthority()));
    }

    /** What {@code request} needs, from its method and normalised path. */
    public Access required(HttpServletRequest request) {
        return required(request.getMethod(), path(request));
    }

    /** The normalised path of {@code request} inside the application. */
    public static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? request.getServletPath() : request.getServletPath() + info;
    }

    /** What a call of {@code method} on the normalised {@code path} needs. */
    public Access required(String method, String path) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/api") || path.startsWith("/api/")) {
            return read || dryRun(method, path) ? reads() : Access.WRITE;
        }
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            return read ? actuator(path) : Access.DENIED;
        }
        if (read
                && (path.equals("/swagger-ui.html")
                        || path.startsWith("/swagger-ui/")
                        || path.equals("/v3/api-docs")
                        || path.startsWith("/v3/api-docs/")
                        || path.equals("/v3/api-docs.yaml")
                        || path.equals("/error"))) {
            return Access.OPEN;
        }
        return read ? reads() : Access.WRITE;
    }

    private Access reads() {
        return protectReads ? Access.READ : Access.OPEN;
    }

    private static Access actuator(String path) {
        if (OPEN_ACTUATOR.contains(path)) {
            return Access.OPEN;
        }
        if (path.startsWith("/actuator/health/")
                || path.equals("/actuator/metrics")
                || path.startsWith("/actuator/metrics/")
                || path.equals("/actuator/prometheus")) {
            return Access.READ;
        }
        return Access.DENIED;
    }

    /** Evaluations and the dry runs: a POST that reads rules and events and changes nothing. */
    private static boolean dryRun(String method, String path) {
        if (!method.equals("POST")) {
            return false;
        }
        String[] s = path.substring(1).split("/", -1);
        if (s.length < 3 || !s[0].equals("api") || !s[1].equals("v1")) {
            return false;
        }
        return s[2].equals("evaluate") && (s.length == 3 || s.length == 4 && s[3].equals("_batch"))
                || s[2].equals("esql") && s.length == 4 && s[3].equals("_query")
                || s[2].equals("rules")
                        && (s.length == 4 && (s[3].equals("_validate") || s[3].equals("_test"))
                                || s.length == 5 && !s[3].isEmpty() && s[4].equals("_explain")
                                || s.length == 6
                                        && !s[3].isEmpty()
                                        && s[4].equals("exceptions")
                                        && s[5].equals("_preview"));
    }
}
