package io.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated key survives restarts by its hash; the key itself is never written. */
class GeneratedKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsKeptByItsHashAndIsTheSameAfterARestart() throws Exception {
        Path file = dir.resolve("data/api-key.sha256");
        GeneratedKeyFile.Loaded first = new GeneratedKeyFile(file).load();
        assertThat(first.printOnce()).startsWith("vk_");
        assertThat(Files.readString(file))
                .isEqualTo(ApiKeys.sha256Hex(first.printOnce()) + "\n")
                .doesNotContain(first.printOnce());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }

        GeneratedKeyFile.Loaded again = new GeneratedKeyFile(file).load();
        assertThat(again.printOnce()).as("not printed again").isNull();
        assertThat(again.key().id()).isEqualTo("generated");
        assertThat(new ApiKeys(List.of(again.key())).find(first.printOnce())).isPresent();
    }

    @Test
    void aHashWrittenBySha256sumIsReadToo() throws Exception {
        Path file = dir.resolve("key.sha256");
        Files.writeString(file, ApiKeys.sha256Hex("chosen") + "  -\n");
        GeneratedKeyFile.Loaded loaded = new GeneratedKeyFile(file).load();
        assertThat(loaded.printOnce()).isNull();
        assertThat(new ApiKeys(List.of(loaded.key())).find("chosen")).isPresent();
    }

    @Test
    void aFileThatHoldsNoHashStopsTheStartWithAClearMessage() throws Exception {
        Path file = dir.resolve("key.sha256");
        Files.writeString(file, "vk_the-key-itself\n");
        assertThatThrownBy(() -> new GeneratedKeyFile(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a SHA-256 in hex")
                .hasMessageContaining("delete it");
    }
}
