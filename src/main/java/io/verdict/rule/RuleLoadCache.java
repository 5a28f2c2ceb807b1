package io.verdict.rule;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what {@link RuleLoader#parse} returned for a file, across restarts, so that start-up does not run tomlj
 * (three quarters of the load time) over files that did not change. {@code parse(content, origin)} is a pure function
 * of the content, the origin and the loader's code. The whole cache is used only when it was written by the same
 * loader code ({@link LoaderFingerprint}); an origin's entry only when the file's UTF-8 bytes have the length, CRC-32
 * and Adler-32 it was stored under, so a changed file is parsed again whatever its modification time says.
 *
 * <p>Why checksums and not SHA-256: they run in zlib's native code from the first call, where a digest (and the
 * UTF-8 encoding of a string) runs in the interpreter at start-up, when the JIT has not compiled it yet: hashing
 * the corpus's 15 MB that way cost a few hundred milliseconds of every start. 64 bits of checksum plus the length
 * make an accidental match of an edited file negligible; the cache does not defend against whoever can write the
 * rule files, who can change the rules anyway.
 *
 * <p>One file per set of rule sources ({@code rule-loads-<hash of the paths>.bin}): a header (format, fingerprint,
 * count), one {@link RuleLoadCodec} entry per rule file, and a CRC-32 of it all. It is read once, at the first parse, and rewritten whole (temporary file, then an atomic
 * move) by {@link #save} when a load found something new. A missing, corrupt, foreign or old cache is ignored with
 * a log line and rebuilt; failing to write it is logged, never fatal. An entry is kept only if it reads back equal
 * to what the loader returned (a TOML {@code nan} would not), so a cached load is always the parsed one.
 *
 * <p>Thread-safe: files may be parsed in parallel.
 */
public final class RuleLoadCache {

    /** Bump when the file layout (not the model: {@link LoaderFingerprint} covers that) changes. */
    static final int FORMAT = 3;

    private static final byte[] MAGIC = "VERDICT-RULE-LOADS\n".getBytes(StandardCharsets.US_ASCII);

    private static final Logger log = LoggerFactory.getLogger(RuleLoadCache.class);

    /** What a load found in the cache. */
    public record Stats(int hits, int parsed, int entries) {}

    /** A load and the key it answers; {@code entry} is its bytes in the file when they are at hand. */
    private record Cached(String key, RuleLoad load, byte[] entry) {}

    private final RuleLoader loader;
    private final Path file;
    private final Map<String, Cached> byOrigin = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger parsed = new AtomicInteger();
    private final AtomicBoolean changed = new AtomicBoolean();
    private volatile boolean opened;
    private RuleLoadCodec codec;
    private String fingerprint;

    private RuleLoadCache(RuleLoader loader, Path file) {
        this.loader = loader;
        this.file = file;
    }

    /** No cache: every file is parsed. */
    public static RuleLoadCache off(RuleLoader loader) {
        return new RuleLoadCache(loader, null);
    }

    /** A cache in {@code directory} for the rules read from {@code sources} (their list names the file). */
    public static RuleLoadCache in(Path directory, List<Path> sources, RuleLoader loader) {
        MessageDigest sha = LoaderFingerprint.sha256();
        for (Path source : sources) {
            sha.update((source.toAbsolutePath().normalize() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String name = "rule-loads-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".bin";
        return new RuleLoadCache(loader, directory.resolve(name));
    }

    /** The cache file; null when off. */
    public Path file() {
        return file;
    }

    public RuleLoader loader() {
        return loader;
    }

    /** Reads a rule file, as {@link RuleLoader#load} does, through the cache. */
    public RuleLoad load(Path path, String displayName) {
        try {
            RuleLoad tooLarge = loader.tooLarge(Files.size(path), displayName);
            if (tooLarge != null) {
                return tooLarge;
            }
            return parse(Files.readAllBytes(path), displayName);
        } catch (IOException | UncheckedIOException e) {
            return RuleLoader.unreadable(displayName, e);
        }
    }

    /**
     * What {@link RuleLoader#parse} returns for the text of a rule file's bytes. A hit needs no text: only bytes
     * that decoded were ever parsed and stored, so the same bytes would decode again; a miss decodes them (see
     * {@link #decode}).
     */
    public RuleLoad parse(byte[] bytes, String origin) throws CharacterCodingException {
        if (file == null) {
            return loader.parse(decode(bytes), origin);
        }
        String key = key(bytes);
        RuleLoad hit = cached(key, origin);
        return hit != null ? hit : parseAndKeep(key, decode(bytes), origin);
    }

    /**
     * The text of a rule file's bytes, as {@link Files#readString} reads it: malformed UTF-8 is an error, not a
     * replacement character.
     */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        // String's own decoder is the fast one (a charset decoder loop runs interpreted at start-up); it replaces
        // malformed input with U+FFFD, so only a text holding U+FFFD is decoded again strictly to tell which it was
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** What {@link RuleLoader#parse} returns for this text, from the cache when it holds it. */
    public RuleLoad parse(String content, String origin) {
        return parse(file == null ? null : content.getBytes(StandardCharsets.UTF_8), content, origin);
    }

    /**
     * As {@link #parse(String, String)}, for a text already at hand as the UTF-8 {@code bytes} it was decoded from
     * (a file's), which saves encoding it again.
     */
    public RuleLoad parse(byte[] bytes, String content, String origin) {
        if (file == null) {
            return loader.parse(content, origin);
        }
        String key = key(bytes);
        RuleLoad hit = cached(key, origin);
        return hit != null ? hit : parseAndKeep(key, content, origin);
    }

    /** Parses a text the cache does not hold, and keeps the load when it reads back unchanged. */
    private RuleLoad parseAndKeep(String key, String content, String origin) {
        RuleLoad load = loader.parse(content, origin);
        parsed.incrementAndGet();
        byte[] entry = exactEntry(origin, key, load);
        if (entry != null) {
            byOrigin.put(origin, new Cached(key, load, entry));
            changed.set(true);
        }
        return load;
    }

    /** The cached load of the text with this {@link #key} at this origin, or null. */
    private RuleLoad cached(String key, String origin) {
        open();
        Cached cached = byOrigin.get(origin);
        if (cached == null || !cached.key().equals(key)) {
            return null;
        }
        hits.incrementAndGet();
        return cached.load();
    }

    /** Files answered from the cache and files parsed since this cache was made, and the entries it holds. */
    public Stats stats() {
        return new Stats(hits.get(), parsed.get(), byOrigin.size());
    }

    /**
     * Forgets the entries of files not in {@code origins} (removed or renamed), then rewrites the cache file if
     * anything changed. Call after a load with the display names of every rule file it saw.
     */
    public synchronized void save(Collection<String> origins) {
        if (file == null) {
            return;
        }
        open();
        Set<String> live = new HashSet<>(origins);
        if (byOrigin.keySet().removeIf(origin -> !live.contains(origin))) {
            changed.set(true);
        }
        Stats stats = stats();
        if (!changed.getAndSet(false)) {
            return;
        }
        long started = System.nanoTime();
        List<Map.Entry<String, Cached>> entries =
                byOrigin.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary =
                    Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            CRC32 crc = new CRC32();
            try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16), crc))) {
                out.write(MAGIC);
                out.writeInt(FORMAT);
                RuleLoadCodec.writeString(out, fingerprint);
                out.writeInt(entries.size());
                for (Map.Entry<String, Cached> entry : entries) {
                    Cached cached = entry.getValue();
                    // only loads parsed since the last write are at hand as bytes; the others are encoded again
                    byte[] bytes = cached.entry() != null
                            ? cached.entry()
                            : entry(entry.getKey(), cached.key(), cached.load());
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                out.flush();
                out.writeLong(crc.getValue());
            }
            move(temporary, file);
            // written: the bytes are not needed until the next change, which encodes the loads again
            byOrigin.replaceAll((origin, cached) ->
                    cached.entry() == null ? cached : new Cached(cached.key(), cached.load(), null));
            log.info(
                    "Rule load cache {}: wrote {} entries ({} read from it, {} parsed) in {} ms",
                    file,
                    entries.size(),
                    stats.hits(),
                    stats.parsed(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // tried again at the next change, not at every reload of the watcher
            log.warn("Rule load cache {} not written ({}); rules load without it", file, e.toString());
            try {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException ignored) {
                // a stray temporary file is harmless: the next save writes another
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The entry as written in the file, or null when it would not read back equal (then it is parsed every time). */
    private byte[] exactEntry(String origin, String key, RuleLoad load) {
        try {
            byte[] entry = entry(origin, key, load);
            ByteBuffer in = ByteBuffer.wrap(entry);
            if (RuleLoadCodec.readString(in).equals(origin)
                    && RuleLoadCodec.readString(in).equals(key)
                    && codec.read(in).equals(load)
                    && !in.hasRemaining()) {
                return entry;
            }
            log.debug("Rule load cache: {} does not read back unchanged; it is parsed on every load", origin);
        } catch (RuntimeException e) {
            log.debug("Rule load cache: {} cannot be cached ({})", origin, e.toString());
        }
        return null;
    }

    private byte[] entry(String origin, String key, RuleLoad load) {
        byte[] body = codec.write(load);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RuleLoadCodec.writeString(out, origin);
            RuleLoadCodec.writeString(out, key);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Length, CRC-32 and Adler-32 of the content's bytes (the origin and the loader are checked elsewhere). */
    static String key(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return bytes.length + ":" + Long.toHexString(crc.getValue()) + ":" + Long.toHexString(adler.getValue());
    }

    private void open() {
        if (opened) {
            return;
        }
        synchronized (this) {
            if (opened) {
                return;
            }
            codec = new RuleLoadCodec();
            fingerprint = LoaderFingerprint.of(FORMAT);
            read();
            opened = true;
        }
    }

    private void read() {
        long started = System.nanoTime();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.info("Rule load cache {} does not exist yet: every rule file is parsed and the cache written", file);
            return;
        } catch (IOException | SecurityException e) {
            log.warn("Rule load cache {} ignored: cannot read it ({})", file, e.toString());
            return;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException("it is not a rule load cache");
            }
            if (in.getInt() != FORMAT || !fingerprint.equals(RuleLoadCodec.readString(in))) {
                log.info("Rule load cache {} ignored: written by another version of Verdict's rule loader", file);
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - Long.BYTES);
            if (crc.getValue()
                    != ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES)
                            .getLong()) {
                throw new IllegalStateException("its checksum does not match");
            }
            int count = in.getInt();
            int[][] entries = new int[Math.max(0, Math.min(count, bytes.length))][];
            for (int i = 0; i < entries.length; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining() - Long.BYTES) {
                    throw new IllegalStateException("entry " + i + " runs past the end");
                }
                entries[i] = new int[] {in.position(), length};
                in.position(in.position() + length);
            }
            if (entries.length != count || in.remaining() != Long.BYTES) {
                throw new IllegalStateException("it does not hold the " + count + " entries it announces");
            }
            // entries decode independently; spread them over the cores like the parse they replace
            List<Map.Entry<String, Cached>> read = Arrays.stream(entries)
                    .parallel()
                    .map(at -> {
                        ByteBuffer entry = ByteBuffer.wrap(bytes, at[0], at[1]);
                        String origin = RuleLoadCodec.readString(entry);
                        Cached cached = new Cached(RuleLoadCodec.readString(entry), codec.read(entry), null);
                        if (entry.hasRemaining()) {
                            throw new IllegalStateException("entry " + origin + " has bytes left over");
                        }
                        return Map.entry(origin, cached);
                    })
                    .toList();
            read.forEach(e -> byOrigin.put(e.getKey(), e.getValue()));
            log.info(
                    "Rule load cache {}: read {} entries ({} KB) in {} ms",
                    file,
                    read.size(),
                    bytes.length / 1024,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            byOrigin.clear();
            log.warn(
                    "Rule load cache {} ignored: it is corrupt ({}); every rule file is parsed and the cache rewritten",
                    file,
                    e.toString());
        }
    }
}
