package io.verdict.output;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook POST: {@code sha256=} and the lower-case hex of HMAC-SHA256, keyed with the UTF-8 bytes
 * of the secret, over the ASCII timestamp (the {@code X-Verdict-Timestamp} header, Unix seconds), a {@code .}, then
 * the body's bytes exactly as sent. Signing the timestamp lets a receiver refuse a replayed request whose timestamp
 * is old.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Verdict-Signature";
    public static final String TIMESTAMP_HEADER = "X-Verdict-Timestamp";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value for {@code body} sent at {@code timestamp} (Unix seconds). */
    public String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
