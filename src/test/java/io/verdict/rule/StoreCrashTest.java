package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@link RuleStore}: a child JVM rewrites rules in a store without pause and is killed
 * ({@link Process#destroyForcibly()}, SIGKILL on Linux: no shutdown hook, no flush) at a random moment, again and
 * again over the same store. After every kill each stored file must load, and every write the child reported as
 * done must be there (the file's revision is the reported one or the one being written when it died; a write that
 * landed unreported is the base the next child continues from).
 * Note: a killed process is not a power cut; the fsyncs guard against the latter, which a test cannot provoke.
 */
class StoreCrashTest {

    /** 10 by default to keep {@code verify} short; {@code -Dverdict.crash.kills=25} for a longer run. */
    static final int KILLS = Integer.getInteger("verdict.crash.kills", 10);

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveOnlyWholeRules() throws Exception {
        Path store = dir.resolve("store");
        Random random = new Random(42);
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        int tempFilesLeft = 0;
        int filesChecked = 0;
        int writesAcknowledged = 0;
        List<String> torn = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            StoreWriterProcess.class.getName(),
                            store.toString(),
                            String.valueOf(random.nextLong()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CountDownLatch firstWrite = new CountDownLatch(1);
            int[] acks = new int[1];
            Thread reader = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3 && parts[0].equals("ok")) {
                            acknowledged.merge(parts[1], Integer.parseInt(parts[2]), Math::max);
                            acks[0]++;
                            firstWrite.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the pipe closes when the child is killed
                }
            });
            reader.start();
            assertThat(firstWrite.await(60, TimeUnit.SECONDS))
                    .as("the child writes")
                    .isTrue();
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            writesAcknowledged += acks[0];

            try (Stream<Path> files = Files.list(store)) {
                tempFilesLeft +=
                        (int) files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                                .count();
            }
            RuleStore reopened = new RuleStore(store);
            reopened.open();
            RuleLoader loader = new RuleLoader();
            for (Path file : reopened.files()) {
                filesChecked++;
                RuleLoad load = loader.load(file, file.getFileName().toString());
                String id = file.getFileName().toString().replace(".toml", "");
                if (!load.loaded()) {
                    torn.add(file + " after kill " + kill + ": " + load.errors().get(0));
                    continue;
                }
                int expected = acknowledged.getOrDefault(id, 0);
                int revision = load.rule().revision();
                if (revision < expected || revision > expected + 1) {
                    torn.add(file + " after kill " + kill + ": revision " + revision + ", acknowledged " + expected);
                }
                // a write that landed but was killed before its acknowledgement is what the next child builds on
                acknowledged.merge(id, revision, Math::max);
            }
            for (String id : acknowledged.keySet()) {
                if (!reopened.contains(id)) {
                    torn.add(id + " lost after kill " + kill);
                }
            }
        }
        System.out.printf(
                "store crash test: %d kills, %d acknowledged writes, %d stored files checked, %d temp files"
                        + " left by kills (removed on open), %d torn or lost%n",
                KILLS, writesAcknowledged, filesChecked, tempFilesLeft, torn.size());
        assertThat(torn).isEmpty();
        assertThat(writesAcknowledged).isGreaterThan(KILLS);
        assertThat(filesChecked).isGreaterThanOrEqualTo(KILLS);
    }
}
