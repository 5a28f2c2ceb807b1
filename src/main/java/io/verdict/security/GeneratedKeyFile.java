package io.verdict.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * Where the generated key's SHA-256 is kept between starts (a data volume), so that a restart does not make a new
 * secret: the file holds the hash in hex (a {@code sha256sum} line is read too), never the key. Written once,
 * owner-only, through a temporary file renamed into place.
 */
public final class GeneratedKeyFile {

    /** The key in use; {@code printOnce} is the new key itself when it was generated now, else null. */
    public record Loaded(ApiKeys.Key key, String printOnce) {}

    private final Path file;

    public GeneratedKeyFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The key whose hash the file holds; without the file, a new key, its hash written there. */
    public Loaded load() throws IOException {
        if (Files.exists(file)) {
            return new Loaded(read(), null);
        }
        String key = ApiKeys.generate();
        String hash = ApiKeys.sha256Hex(key);
        write(hash);
        return new Loaded(ApiKeys.Key.generated(hash), key);
    }

    private ApiKeys.Key read() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        String hash = text.split("\\s+", 2)[0];
        if (hash.length() != 64 || !hash.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalStateException("The generated key file " + file + " does not hold a SHA-256 in hex (64"
                    + " hex digits); delete it to have a new key generated, or write the hash of your key there.");
        }
        return ApiKeys.Key.generated(hash);
    }

    private void write(String hash) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((hash + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
