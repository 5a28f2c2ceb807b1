package io.verdict.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} (no {@code ;}, no encoded {@code /}, {@code %}, {@code .} or
 * {@code \}, no {@code //}, dot segments or backslashes, only printable ASCII, well-formed headers and the usual
 * methods) and, beyond it, no percent-encoding at all in the path: the path as written must be the path that is
 * routed and authorised, so {@code /%61pi/v1/rules} is refused rather than decoded. Every Verdict path is plain
 * ASCII (rule and exception ids are letters, digits, {@code .}, {@code _} and {@code -}); the query string may
 * still be encoded.
 */
public final class PlainPathFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        FirewalledRequest firewalled = strict.getFirewalledRequest(request);
        if (request.getRequestURI().indexOf('%') >= 0) {
            throw new RequestRejectedException(
                    "The request was rejected because the URL path contains a" + " percent-encoded character.");
        }
        return firewalled;
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
