package io.verdict.memory;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * An {@link OutOfMemoryError} leaves a JVM in no state to serve: a thread it killed (Tomcat's poller) may be one
 * that every request needs, and what it left half done is unknown. So wherever one is seen — a thread dying of it
 * (the default uncaught-exception handler installed here), a request ({@link OutOfMemoryFilter},
 * {@link OutOfMemoryResolver}) — liveness turns {@code BROKEN}, one line is logged and the process halts with exit
 * code {@value #EXIT_CODE} (the code of the JVM's own {@code -XX:+ExitOnOutOfMemoryError}, with which the service is
 * launched where the project launches it), for an orchestrator to restart it. {@link Runtime#halt} rather than
 * {@link System#exit}: shutdown hooks would need the memory that is missing.
 */
public final class OutOfMemoryExit {

    /** The exit code after an {@link OutOfMemoryError}. */
    public static final int EXIT_CODE = 3;

    private static final Logger log = LoggerFactory.getLogger(OutOfMemoryExit.class);

    private final ApplicationEventPublisher events;
    private final Runnable halt;
    /** Freed first, so that logging the exit finds some memory. */
    private volatile byte[] reserve = new byte[256 * 1024];

    OutOfMemoryExit(ApplicationEventPublisher events) {
        this(events, () -> Runtime.getRuntime().halt(EXIT_CODE));
    }

    OutOfMemoryExit(ApplicationEventPublisher events, Runnable halt) {
        this.events = events;
        this.halt = halt;
    }

    /** Installs the default uncaught-exception handler: a thread dying of an out-of-memory error ends the process. */
    @PostConstruct
    void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (causedByOutOfMemory(error)) {
                exit(thread, error);
            } else if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                // what the JVM does without a handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    /** Whether {@code error} is, or was caused by, an {@link OutOfMemoryError}. */
    static boolean causedByOutOfMemory(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Liveness BROKEN, one line logged, and the process halted. */
    void exit(Thread thread, Throwable error) {
        reserve = null;
        try {
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        } catch (Throwable ignored) {
            // halting matters more than telling
        }
        String line = "Out of memory in thread " + thread.getName() + " (" + error + "): liveness BROKEN, exiting"
                + " with code " + EXIT_CODE + " so that the service is restarted";
        try {
            log.error(line);
        } catch (Throwable ignored) {
            System.err.println(line);
        }
        halt.run();
    }
}
