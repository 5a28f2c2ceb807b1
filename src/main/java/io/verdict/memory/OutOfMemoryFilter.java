package io.verdict.memory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;

/**
 * The first filter of every request: an {@link OutOfMemoryError} that comes out of the rest (wrapped or not) ends
 * the process through {@link OutOfMemoryExit} instead of becoming one more 500 of a service that can no longer serve.
 */
class OutOfMemoryFilter implements Filter, Ordered {

    private final OutOfMemoryExit exit;

    OutOfMemoryFilter(OutOfMemoryExit exit) {
        this.exit = exit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (OutOfMemoryExit.causedByOutOfMemory(e)) {
                exit.exit(Thread.currentThread(), e);
            }
            throw e;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
