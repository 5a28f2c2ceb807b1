package io.verdict.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 as RFC 3629 defines it: no overlong form, no encoded surrogate (CESU-8), nothing above U+10FFFF, no
 * stray continuation byte, no sequence cut short. Jackson decodes some of these (an overlong {@code C0 AF} becomes
 * {@code /}, four bytes above U+10FFFF become two low surrogates) and skips others unchecked, so an event in such
 * bytes would be read differently, or fail only when its whole document is built later; it is refused up front.
 */
public final class StrictUtf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;

    private StrictUtf8() {}

    /** Throws {@link InvalidUtf8Exception} at the first invalid sequence of {@code bytes}, if any. */
    public static void check(byte[] bytes) {
        int at = firstInvalid(bytes, 0, bytes.length);
        if (at >= 0) {
            throw InvalidUtf8Exception.at(bytes, at, bytes.length);
        }
    }

    /** The offset of the first byte of the first invalid sequence in {@code bytes[from, to)}, or -1. */
    public static int firstInvalid(byte[] bytes, int from, int to) {
        int p = from;
        while (p < to) {
            // ASCII runs 8 bytes a step: most events are ASCII throughout
            if (p + Long.BYTES <= to && ((long) LONGS.get(bytes, p) & HIGHS) == 0) {
                p += Long.BYTES;
                continue;
            }
            if (bytes[p] >= 0) {
                p++;
                continue;
            }
            int next = sequenceEnd(bytes, p, to);
            if (next < 0) {
                return p;
            }
            p = next;
        }
        return -1;
    }

    /**
     * After the well-formed sequence whose first byte (0x80 or more) is at {@code p}, or -1 when the sequence
     * starting there is not well-formed within {@code end}.
     */
    static int sequenceEnd(byte[] in, int p, int end) {
        int c = in[p] & 0xFF;
        if (c < 0xC2 || c > 0xF4) {
            return -1;
        }
        int length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (p + length > end) {
            return -1;
        }
        int second = in[p + 1] & 0xFF;
        int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
            return -1;
        }
        for (int i = p + 2; i < p + length; i++) {
            if ((in[i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return p + length;
    }

    /**
     * The length of the invalid bytes at {@code p} (where {@link #sequenceEnd} fails): its first byte and the
     * continuation bytes after it, as many as that byte announces. What follows is read afresh, so a sequence cut
     * short by a quote still lets the quote close its string.
     */
    static int invalidLength(byte[] in, int p, int end) {
        int c = in[p] & 0xFF;
        int length = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c <= 0xF7 ? 4 : 1;
        int n = 1;
        while (n < length && p + n < end && (in[p + n] & 0xC0) == 0x80) {
            n++;
        }
        return n;
    }

    /** The invalid bytes at {@code p} and what they are, e.g. {@code ED A0 80 (an encoded surrogate, CESU-8)}. */
    public static String describe(byte[] in, int p, int end) {
        int n = invalidLength(in, p, end);
        StringBuilder text = new StringBuilder();
        for (int i = p; i < p + n; i++) {
            text.append(i == p ? "" : " ").append(String.format("%02X", in[i] & 0xFF));
        }
        int c = in[p] & 0xFF;
        int second = p + 1 < end ? in[p + 1] & 0xFF : -1;
        String what;
        if (c < 0xC0) {
            what = "a continuation byte without a lead byte";
        } else if (c == 0xC0
                || c == 0xC1
                || c == 0xE0 && second >= 0x80 && second < 0xA0
                || c == 0xF0 && second >= 0x80 && second < 0x90) {
            what = "an overlong form";
        } else if (c == 0xED && second >= 0xA0 && second <= 0xBF) {
            what = "an encoded surrogate, CESU-8";
        } else if (c >= 0xF5 && c <= 0xF7 || c == 0xF4 && second >= 0x90 && second <= 0xBF) {
            what = "a code point above U+10FFFF";
        } else if (c > 0xF7) {
            what = "a byte UTF-8 never uses";
        } else {
            what = "a sequence cut short";
        }
        return text + " (" + what + ")";
    }
}
