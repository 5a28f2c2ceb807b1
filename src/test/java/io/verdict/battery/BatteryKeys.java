package io.verdict.battery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The battery's two API keys, random per run and configured on the service by id and SHA-256 only: a writer
 * ({@code read}, {@code write}) and a reader ({@code read}). Every request carries one of them, reads too, so the
 * battery works whether or not reads are protected.
 */
record BatteryKeys(String writer, String reader) {

    static final String WRITER_ID = "battery-writer";
    static final String READER_ID = "battery-reader";
    static final String HEADER = "X-API-Key";

    static BatteryKeys random() {
        SecureRandom random = new SecureRandom();
        byte[] a = new byte[24];
        byte[] b = new byte[24];
        random.nextBytes(a);
        random.nextBytes(b);
        return new BatteryKeys(
                "bw_" + HexFormat.of().formatHex(a), "br_" + HexFormat.of().formatHex(b));
    }

    List<String> properties() {
        return List.of(
                "--verdict.security.keys[0].id=" + WRITER_ID,
                "--verdict.security.keys[0].sha256=" + sha256Hex(writer),
                "--verdict.security.keys[0].scopes[0]=read",
                "--verdict.security.keys[0].scopes[1]=write",
                "--verdict.security.keys[1].id=" + READER_ID,
                "--verdict.security.keys[1].sha256=" + sha256Hex(reader),
                "--verdict.security.keys[1].scopes[0]=read");
    }

    String writeHeader() {
        return HEADER + ": " + writer;
    }

    String readHeader() {
        return HEADER + ": " + reader;
    }

    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
