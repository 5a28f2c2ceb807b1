package io.verdict.config;

import io.verdict.engine.Detections;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the state of stateful rules across restarts: read back once the rules are loaded, written every
 * {@code verdict.state.snapshot-interval} and on shutdown to {@code <dir>/state.json}, crash-safely (temp file,
 * fsync, atomic rename). A snapshot that cannot be read is reported and skipped, never a failed start.
 */
@Component
class StatePersistence {

    private static final Logger log = LoggerFactory.getLogger(StatePersistence.class);

    private final Detections detections;
    private final JsonMapper json;
    private final Clock clock;
    private final Path file;
    private final VerdictProperties.State settings;
    private ScheduledExecutorService timer;

    StatePersistence(Detections detections, JsonMapper json, VerdictProperties properties, Clock clock) {
        this.detections = detections;
        this.clock = clock;
        this.json = json;
        this.settings = properties.state();
        this.file = settings.dir() == null || settings.dir().isBlank() ? null : Path.of(settings.dir(), "state.json");
    }

    @EventListener(ApplicationReadyEvent.class)
    void restoreAndSchedule() {
        if (file == null) {
            return;
        }
        restore();
        long every = settings.snapshotInterval().toMillis();
        if (every > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "verdict-state-snapshot");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::writeQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void restore() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, Object> saved = json.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rules = (List<Map<String, Object>>) saved.getOrDefault("rules", List.of());
            List<String> problems = new ArrayList<>();
            List<String> restored = detections
                    .state()
                    .restore(rules, detections.current(), (data, type) -> json.convertValue(data, type), problems);
            log.info(
                    "Restored the state of {} stateful rules from {} (written {})",
                    restored.size(),
                    file,
                    saved.get("written"));
            problems.forEach(p -> log.warn("State of rule {} not restored; it starts empty", p));
        } catch (RuntimeException e) {
            log.warn("State snapshot {} cannot be read ({}); the rules start with empty state", file, e.getMessage());
        }
    }

    /** Writes the snapshot: temp file, fsync, atomic rename. */
    void write() throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = json.writeValueAsBytes(Map.of(
                "format",
                1,
                "written",
                clock.instant().toString(),
                "rules",
                detections.state().snapshot()));
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeQuietly() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            log.warn("State snapshot to {} failed: {}", file, e.getMessage());
        }
    }

    @PreDestroy
    void shutdown() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (file != null) {
            writeQuietly();
        }
    }
}
