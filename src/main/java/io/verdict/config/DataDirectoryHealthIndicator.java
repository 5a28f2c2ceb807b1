package io.verdict.config;

import java.io.File;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * {@code dataDirectory} health: DOWN when the volume of {@code verdict.data-dir} (the store, state and cache) has
 * less than {@code verdict.data-dir-free-space} left, since rule writes and state snapshots would then fail. It
 * stands in for Spring Boot's disk-space indicator, which names the directory's absolute path in its details.
 */
@Component("dataDirectory")
class DataDirectoryHealthIndicator implements HealthIndicator {

    private final File directory;
    private final long threshold;

    DataDirectoryHealthIndicator(
            @Value("${verdict.data-dir:data}") String directory,
            @Value("${verdict.data-dir-free-space:10MB}") DataSize threshold) {
        this.directory = Path.of(directory).toAbsolutePath().toFile();
        this.threshold = threshold.toBytes();
    }

    @Override
    public Health health() {
        File existing = directory;
        while (existing != null && !existing.exists()) {
            existing = existing.getParentFile();
        }
        long free = existing == null ? 0 : existing.getUsableSpace();
        long total = existing == null ? 0 : existing.getTotalSpace();
        return (free >= threshold ? Health.up() : Health.down())
                .withDetail("free", free)
                .withDetail("total", total)
                .withDetail("threshold", threshold)
                .build();
    }
}
