package io.verdict.memory;

import io.verdict.VerdictApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The service, plus one endpoint that allocates until the heap is exhausted ({@code GET /test/exhaust-heap}), for a
 * child JVM of {@link OutOfMemoryExitTest}. The endpoint is registered here only, never by component scanning, so
 * no other test context has it.
 */
public final class OutOfMemoryHarness {

    private OutOfMemoryHarness() {}

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(VerdictApplication.class);
        app.addInitializers(context -> ((GenericApplicationContext) context)
                .registerBean(
                        "exhaustHeap",
                        RouterFunction.class,
                        () -> RouterFunctions.route()
                                .GET("/test/exhaust-heap", request -> {
                                    List<long[]> hog = new ArrayList<>();
                                    while (hog.size() >= 0) {
                                        hog.add(new long[1 << 16]);
                                    }
                                    return ServerResponse.ok().body(hog.size());
                                })
                                .build()));
        app.run(args);
    }
}
