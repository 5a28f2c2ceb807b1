package io.verdict.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-system events under the watched paths call back; files that are not rules do not. */
class RuleFileWatchTest {

    @TempDir
    Path dir;

    private final Semaphore calls = new Semaphore(0);
    private RuleFileWatch watch;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("rules/windows"));
        watch = RuleFileWatch.start(
                List.of(dir.resolve("rules"), dir.resolve("single.toml")), Duration.ofMillis(50), calls::release);
        assertThat(watch).as("this platform can watch directories").isNotNull();
    }

    @AfterEach
    void stop() {
        watch.close();
    }

    @Test
    void aRuleFileWrittenInANestedDirectoryCallsBack() throws Exception {
        Files.writeString(dir.resolve("rules/windows/a.toml"), "x");
        assertThat(called()).isTrue();
    }

    @Test
    void aDirectoryMadeAfterTheStartIsWatchedToo() throws Exception {
        Files.createDirectories(dir.resolve("rules/linux/deeper"));
        called(); // the new directory itself may be reported; what matters is a file in it later
        Files.writeString(dir.resolve("rules/linux/deeper/b.toml"), "x");
        assertThat(called()).isTrue();
    }

    @Test
    void aDeletedRuleFileCallsBack() throws Exception {
        Path file = Files.writeString(dir.resolve("rules/c.toml"), "x");
        called();
        Files.delete(file);
        assertThat(called()).isTrue();
    }

    @Test
    void aSingleFilePathIsWatchedThroughItsDirectory() throws Exception {
        Files.writeString(dir.resolve("single.toml"), "x");
        assertThat(called()).isTrue();
    }

    @Test
    void aFileThatIsNotARuleDoesNotCallBack() throws Exception {
        Files.writeString(dir.resolve("rules/notes.md"), "x");
        assertThat(calls.tryAcquire(1, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void afterCloseNothingCallsBack() throws Exception {
        watch.close();
        Files.writeString(dir.resolve("rules/d.toml"), "x");
        assertThat(calls.tryAcquire(1, TimeUnit.SECONDS)).isFalse();
    }

    /** Waits (up to 20 s, for a loaded machine) for one call; asserts on whether it came, not on how fast. */
    private boolean called() throws InterruptedException {
        return calls.tryAcquire(20, TimeUnit.SECONDS);
    }
}
