package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.Detections;
import io.verdict.lifecycle.RuleFileWatch;
import io.verdict.rule.RuleFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The watcher picks up a file added to a rule directory, and its removal, without a restart or a call: from the
 * file system's events (the poll is then a minute apart, too slow for this test), or from polling alone
 * ({@link RulePollingTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class RuleWatcherTest {

    static final Path ROOT = temp();

    static Path temp() {
        try {
            Path root = Files.createTempDirectory("verdict-watch");
            Files.createDirectories(root.resolve("rules"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.paths", () -> ROOT.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> ROOT.resolve("store").toString());
        registry.add("verdict.rules.reload-interval", () -> "100ms");
    }

    /** Whether this context should be watching file-system events. */
    boolean watching() {
        return true;
    }

    @Autowired
    Detections detections;

    @Autowired
    ObjectProvider<RuleFileWatch> watch;

    @Test
    void addedAndRemovedFilesArePickedUp() throws Exception {
        assertThat(watch.getIfAvailable() != null)
                .as("file-system events watched")
                .isEqualTo(watching());
        String id = "00000000-0000-4000-8000-0000000000b7";
        Path file = ROOT.resolve("rules/watched.toml");
        Files.writeString(
                file,
                RuleFixtures.toml(
                        id, "Watched", "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = 'process.name:x'\n"));
        assertThat(await(() -> detections.current().find(id).isPresent()))
                .as("picked up")
                .isTrue();
        assertThat(detections.rules().find(id)).isPresent();
        Files.delete(file);
        assertThat(await(() -> detections.current().find(id).isEmpty()))
                .as("removal picked up")
                .isTrue();
    }

    /** Waits up to 20 s for a condition (events, or a poll every 100 ms); asserts on the outcome, not the time. */
    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
