package io.verdict.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an NDJSON stream one line at a time into a reused buffer, holding at most {@code maxLength} bytes of a
 * line: a longer line is skipped to its end and reported as too long, so one huge line costs no memory.
 */
final class LineReader {

    /** A line as read; its bytes are valid until the next call to {@link LineReader#next()}. */
    record Line(int number, byte[] bytes, int length, boolean tooLong) {
        boolean blank() {
            for (int i = 0; i < length; i++) {
                if (!Character.isWhitespace(bytes[i])) {
                    return false;
                }
            }
            return !tooLong;
        }
    }

    private final InputStream in;
    private final int maxLength;
    private byte[] buffer = new byte[8 * 1024];
    private int number;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line without its {@code \n} (and {@code \r}), or null at the end of the stream. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (length < maxLength) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(maxLength, buffer.length * 2));
                }
                buffer[length++] = (byte) b;
            } else {
                tooLong = true;
            }
            b = in.read();
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        return new Line(++number, buffer, length, tooLong);
    }
}
