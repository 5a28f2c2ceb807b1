package io.verdict.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an NDJSON stream one line at a time into a reused buffer, holding at most {@code maxLength} bytes of a
 * line: a longer line is skipped to its end and reported as too long, so one huge line costs no memory. Reads the
 * stream in blocks and scans them for {@code \n} itself: a byte-at-a-time {@code read()} on a
 * {@code BufferedInputStream} takes a lock per byte, which cost more than evaluating the event.
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
    private final byte[] block = new byte[64 * 1024];
    private int blockStart;
    private int blockEnd;
    private boolean ended;
    private byte[] line = new byte[8 * 1024];
    private int number;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line without its {@code \n} (and {@code \r}), or null at the end of the stream. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (blockStart == blockEnd) {
                if (!fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int newline = -1;
            for (int i = blockStart; i < blockEnd; i++) {
                if (block[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? blockEnd : newline;
            int take = Math.min(end - blockStart, maxLength - length);
            if (take < end - blockStart) {
                tooLong = true;
            }
            if (take > 0) {
                if (length + take > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLength, Math.max(line.length * 2, length + take)));
                }
                System.arraycopy(block, blockStart, line, length, take);
                length += take;
            }
            blockStart = newline < 0 ? blockEnd : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Line(++number, line, length, tooLong);
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int read = in.read(block, 0, block.length);
        if (read < 0) {
            ended = true;
            return false;
        }
        blockStart = 0;
        blockEnd = read;
        return true;
    }
}
