package io.verdict.rule;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of a rule file, kept as the UTF-8 bytes it was read from and decoded when first asked for. Why: at
 * start-up every file is answered from the load cache, and decoding the corpus's 16 MB only to keep it for the
 * rare request for a rule's TOML ran in the interpreter at every start. Immutable in effect: the decoded text is a
 * cache, and a thread that misses another's write decodes the same text again.
 */
public final class RuleText {

    private final byte[] bytes;
    private String text;

    private RuleText(byte[] bytes, String text) {
        this.bytes = bytes;
        this.text = text;
    }

    /** Bytes known to be valid UTF-8 (they were decoded once to parse them, or are the key of a cached parse). */
    static RuleText ofValidUtf8(byte[] bytes) {
        return new RuleText(bytes, null);
    }

    public static RuleText of(String text) {
        return new RuleText(text.getBytes(StandardCharsets.UTF_8), text);
    }

    /** Whether the file's bytes are these. */
    boolean sameBytes(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    @Override
    public String toString() {
        String decoded = text;
        if (decoded == null) {
            decoded = new String(bytes, StandardCharsets.UTF_8);
            text = decoded;
        }
        return decoded;
    }
}
