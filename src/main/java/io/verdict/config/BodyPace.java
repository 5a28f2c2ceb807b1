package io.verdict.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Semaphore;
import org.apache.catalina.connector.ClientAbortException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps slow request bodies from taking every request thread. A thread that reads a body waits for each of its
 * bytes, so clients that send one byte a second held all of Tomcat's threads and health checks waited 30 s.
 * Two limits ({@code verdict.http.*}): a body must keep an average rate after a grace period, or it is cut with
 * 408 {@code request-timeout}; and only so many requests may wait for body bytes at once, leaving
 * {@code reserved-threads} for everything else — a request that would have to wait past that is answered 503
 * {@code busy} with Retry-After. A body already received with its headers (small requests) waits for nothing and
 * is never refused. Both answers close the connection.
 */
@Configuration(proxyBeanMethods = false)
class BodyPace {

    /** Between the security filters and anything that reads a body. */
    static final int ORDER = -90;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyPaceFilter(
            VerdictProperties properties, @Value("${server.tomcat.threads.max:200}") int threads) {
        VerdictProperties.Http http = properties.http();
        Semaphore waiting = new Semaphore(Math.max(1, threads - http.reservedThreads()));
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        if (request.getContentLengthLong() == 0
                                || (request.getContentLengthLong() < 0
                                        && request.getHeader("Transfer-Encoding") == null)) {
                            chain.doFilter(request, response);
                            return;
                        }
                        PacedBody body = new PacedBody(request, response, http, waiting);
                        try {
                            chain.doFilter(body.request(), body.response());
                        } catch (IOException | ServletException | RuntimeException e) {
                            if (!body.refused()) {
                                throw e;
                            }
                        } finally {
                            body.close();
                        }
                        if (body.refused()) {
                            // The answer (408 or 503) is out. Tomcat would read the rest of the body before closing, at
                            // the
                            // client's pace; an aborted request makes it flush the answer and close the connection now.
                            throw new ClientAbortException("request body refused");
                        }
                    }
                });
        registration.setOrder(ORDER);
        registration.setName("bodyPace");
        return registration;
    }

    /** True if {@code e} or one of its causes is a socket read that timed out. */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
