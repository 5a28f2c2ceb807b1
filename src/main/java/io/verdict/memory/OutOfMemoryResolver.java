package io.verdict.memory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Asked before any other exception resolver: an {@link OutOfMemoryError} out of a handler (Spring wraps it in a
 * {@code ServletException}) ends the process through {@link OutOfMemoryExit}, before a catch-all exception handler
 * could turn it into an answer.
 */
class OutOfMemoryResolver implements HandlerExceptionResolver, Ordered {

    private final OutOfMemoryExit exit;

    OutOfMemoryResolver(OutOfMemoryExit exit) {
        this.exit = exit;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (OutOfMemoryExit.causedByOutOfMemory(ex)) {
            exit.exit(Thread.currentThread(), ex);
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
