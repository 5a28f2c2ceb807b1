package io.verdict.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured API keys, held only as SHA-256 hashes. A presented key is hashed and compared with every
 * configured hash in constant time ({@link MessageDigest#isEqual}), always against all of them, so neither the
 * position of a match nor a common prefix shows in the timing.
 */
public final class ApiKeys {

    /** The id of the key generated when none is configured. */
    public static final String GENERATED_ID = "generated";

    /** One key: its id (named in the audit log), the hash of the key, and what it may do. */
    public record Key(String id, byte[] sha256, Set<Scope> scopes) {
        public Key {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("an API key needs an id");
            }
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("API key " + id + ": sha256 must be 64 hex digits");
            }
            sha256 = sha256.clone();
            scopes = Set.copyOf(scopes);
        }

        /** A key from its id, the hex SHA-256 of the key, and its scopes ({@code read}, {@code write}). */
        public static Key ofHex(String id, String sha256Hex, List<String> scopes) {
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(sha256Hex == null ? "" : sha256Hex.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("API key " + id + ": sha256 must be 64 hex digits", e);
            }
            return new Key(
                    id,
                    hash,
                    scopes.stream().map(s -> Scope.parse(s, "API key " + id)).collect(Collectors.toUnmodifiableSet()));
        }

        /** A key with both scopes, as the generated one. */
        public static Key generated(String sha256Hex) {
            return ofHex(GENERATED_ID, sha256Hex, List.of(Scope.READ.value(), Scope.WRITE.value()));
        }
    }

    private final List<Key> keys;

    public ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<Key> keys() {
        return keys;
    }

    /** The key whose hash equals the hash of {@code presented}, if any. */
    public Optional<Key> find(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        Key found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** A new random key: 32 bytes from a {@link SecureRandom}, base64url without padding. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "vk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
