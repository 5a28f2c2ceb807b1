package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashing and byte-measuring string functions: {@code HASH(algorithm, s)}, {@code MD5}, {@code SHA1},
 * {@code SHA256} (lower-case hex of the UTF-8 bytes' digest), {@code BYTE_LENGTH}, {@code BIT_LENGTH}.
 */
final class Digests {

    private Digests() {}

    static List<ScalarFunction> all() {
        return List.of(
                new Scalar("HASH", Digests::hash),
                Scalar.of("MD5", DataType.KEYWORD, a -> hex("MD5", (String) a[0]), Scalar.STRING),
                Scalar.of("SHA1", DataType.KEYWORD, a -> hex("SHA-1", (String) a[0]), Scalar.STRING),
                Scalar.of("SHA256", DataType.KEYWORD, a -> hex("SHA-256", (String) a[0]), Scalar.STRING),
                Scalar.of(
                        "BYTE_LENGTH",
                        DataType.INTEGER,
                        a -> ((String) a[0]).getBytes(StandardCharsets.UTF_8).length,
                        Scalar.STRING),
                Scalar.of(
                        "BIT_LENGTH",
                        DataType.INTEGER,
                        a -> ((String) a[0]).getBytes(StandardCharsets.UTF_8).length * 8,
                        Scalar.STRING));
    }

    private static ScalarFunction.Bound hash(List<DataType> types, List<Object> constants) {
        Scalar.check("HASH", types, 2, Scalar.STRING, Scalar.STRING);
        if (Arguments.constant(constants, 0)) {
            String algorithm = (String) constants.get(0);
            digest(algorithm);
            return ScalarFunction.Bound.of(DataType.KEYWORD, a -> hex(algorithm, (String) a[1]));
        }
        return ScalarFunction.Bound.of(DataType.KEYWORD, a -> hex((String) a[0], (String) a[1]));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidArgumentException("invalid algorithm for [" + algorithm + "]: " + e.getMessage());
        }
    }

    private static String hex(String algorithm, String s) {
        return HexFormat.of().formatHex(digest(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
