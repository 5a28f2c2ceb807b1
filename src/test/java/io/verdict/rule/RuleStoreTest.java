package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesReplacesAndDeletesWithoutLeavingTemporaryFiles() throws IOException {
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        store.write("abc-1", "one");
        store.write("abc-1", "two");
        store.write("b.2", "three");
        assertThat(Files.readString(store.file("abc-1"))).isEqualTo("two");
        assertThat(store.files()).extracting(p -> p.getFileName().toString()).containsExactly("abc-1.toml", "b.2.toml");
        assertThat(store.delete("abc-1")).isTrue();
        assertThat(store.delete("abc-1")).isFalse();
        try (var list = Files.list(store.directory())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("b.2.toml");
        }
    }

    @Test
    void openRemovesTemporaryFilesACrashLeft() throws IOException {
        Path store = Files.createDirectories(dir.resolve("s"));
        Files.writeString(store.resolve(".x.toml.1234.tmp"), "half");
        new RuleStore(store).open();
        try (var list = Files.list(store)) {
            assertThat(list).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "a/b",
                "..",
                ".hidden",
                "",
                "a\\b",
                "with space",
                "ü",
                "x:y",
                "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
            })
    void unsafeIdsNeverBecomeFileNames(String id) {
        RuleStore store = new RuleStore(dir);
        assertThat(RuleStore.safeId(id)).isFalse();
        assertThatThrownBy(() -> store.file(id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.write(id, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
