package io.verdict.rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The directory where rules created or changed over the API are kept, one {@code <rule_id>.toml} each. A write
 * goes to a temporary file in the same directory, is forced to disk, renamed over the old file in one atomic step,
 * and the directory itself is forced, so a crash at any moment leaves the old file or the new one, never a torn
 * or missing one. File names come only from rule ids that passed {@link #SAFE_ID}, so nothing is written outside
 * the directory. Not thread-safe for concurrent writes of one id: callers serialise changes.
 */
public final class RuleStore {

    /** The rule ids Verdict accepts: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final String SUFFIX = ".toml";
    private static final String TEMP = ".tmp";
    /** A stored rule's test cases, beside it as in a rule directory. */
    private static final String TESTS = ".tests.toml";

    private final Path directory;
    private final Path configured;

    public RuleStore(Path directory) {
        this.configured = directory;
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** How problems name a stored file: under the store directory's name ({@code store/x.toml}), see {@link DisplayNames}. */
    public String display(Path file) {
        return DisplayNames.root(configured) + "/" + file.getFileName();
    }

    public Path directory() {
        return directory;
    }

    public static boolean safeId(String ruleId) {
        return ruleId != null && SAFE_ID.matcher(ruleId).matches();
    }

    /** Creates the directory if needed and removes temporary files a crash may have left behind. */
    public void open() {
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, "." + "*" + TEMP)) {
                for (Path file : stale) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the rule store " + directory, e);
        }
    }

    /** Where the rule with this id is (or would be) kept. */
    public Path file(String ruleId) {
        if (!safeId(ruleId)) {
            throw new IllegalArgumentException("unsafe rule_id: " + ruleId);
        }
        Path file = directory.resolve(ruleId + SUFFIX).normalize();
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("unsafe rule_id: " + ruleId);
        }
        return file;
    }

    /** Whether the store holds this id. */
    public boolean contains(String ruleId) {
        return Files.isRegularFile(file(ruleId));
    }

    /** The stored rule files, in name order. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith(TESTS) && Files.isRegularFile(file)) {
                    out.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rule store " + directory, e);
        }
        out.sort(null);
        return out;
    }

    /** Where the rule's test cases are stored: {@code <rule_id>.tests.toml} beside its file. */
    public Path testsFile(String ruleId) {
        Path file = file(ruleId);
        return file.resolveSibling(ruleId + TESTS);
    }

    /** Replaces (or creates) the rule's test file with {@code text}, crash-safely. */
    public void writeTests(String ruleId, String text) {
        write(ruleId, testsFile(ruleId), text);
    }

    /** Replaces (or creates) the rule's file with {@code toml}, crash-safely. */
    public void write(String ruleId, String toml) {
        write(ruleId, file(ruleId), toml);
    }

    private void write(String ruleId, Path target, String toml) {
        Path temp = directory.resolve("." + ruleId + "." + UUID.randomUUID() + TEMP);
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(toml.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the store's file system cannot rename atomically: " + directory, e);
            }
            syncDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next open() removes it
            }
            throw new UncheckedIOException("cannot store rule " + ruleId, e);
        }
    }

    /** Removes the rule's file; false when there was none. */
    public boolean delete(String ruleId) {
        try {
            boolean deleted = Files.deleteIfExists(file(ruleId));
            Files.deleteIfExists(testsFile(ruleId));
            syncDirectory();
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete rule " + ruleId, e);
        }
    }

    /** Makes the rename (or removal) itself durable: on Linux a directory entry is only safe once the directory is synced. */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; there the rename is already durable (NTFS journal)
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }
}
