package io.verdict.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A stream of JSON elements (an array body) whose bytes are checked as UTF-8 (see {@link StrictUtf8}) on their
 * way to the parser. Each invalid sequence is noted with its offset and handed on as {@code '?'} bytes, which are
 * valid inside a JSON string: the element holding it still parses, and its reader, asking
 * {@link #invalidBefore} once the element is read, makes that element alone an error. Outside a string the stand-in
 * is a syntax error, as the invalid bytes were. Not thread-safe.
 */
public final class Utf8CheckingInput extends InputStream {

    /** An invalid sequence: its offset in the stream and what it is. */
    public record Invalid(long offset, String what) {}

    /** Stands in for each invalid byte: ASCII, neither a quote nor a backslash. */
    private static final byte STAND_IN = '?';
    /**
     * Invalid sequences noted and not yet asked for: those of the element being read and of the parser's read-ahead.
     * Beyond this many, the body is not text and the read fails.
     */
    static final int MAX_PENDING = 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private final ArrayDeque<Invalid> pending = new ArrayDeque<>();
    /** Stream offset of {@code buffer[0]}. */
    private long base;
    /** Next byte to hand on. */
    private int position;
    /** End of the checked bytes; after them, at most a sequence the next read may complete. */
    private int checked;
    /** End of the bytes read. */
    private int filled;

    private boolean ended;

    public Utf8CheckingInput(InputStream in) {
        this.in = in;
    }

    /**
     * The first invalid sequence noted before stream offset {@code end}, or null; forgets every one before it.
     * Asked once per element with the offset after it, so each answer is about that element alone.
     */
    public Invalid invalidBefore(long end) {
        Invalid first = null;
        while (!pending.isEmpty() && pending.peekFirst().offset() < end) {
            Invalid next = pending.pollFirst();
            first = first == null ? next : first;
        }
        return first;
    }

    @Override
    public int read() throws IOException {
        if (position == checked && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == checked && !fill()) {
            return -1;
        }
        int n = Math.min(length, checked - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads and checks until there are bytes to hand on; false at the end. */
    private boolean fill() throws IOException {
        while (position == checked) {
            // the held-back start of a sequence moves to the front, to be completed by the next read
            int tail = filled - checked;
            System.arraycopy(buffer, checked, buffer, 0, tail);
            base += checked;
            position = 0;
            checked = 0;
            filled = tail;
            if (ended) {
                if (tail == 0) {
                    return false;
                }
                check(true);
                continue;
            }
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                ended = true;
            } else {
                filled += read;
                check(false);
            }
        }
        return true;
    }

    private void check(boolean atEnd) throws IOException {
        int p = checked;
        while (p < filled) {
            int bad = StrictUtf8.firstInvalid(buffer, p, filled);
            if (bad < 0) {
                p = filled;
                break;
            }
            // the next read may complete the sequence, or show how much of what follows belongs to it
            if (!atEnd && bad + 4 > filled) {
                p = bad;
                break;
            }
            if (pending.size() == MAX_PENDING) {
                // a malformed-input exception, not an I/O failure: readers say the body is not UTF-8
                throw new java.io.CharConversionException(
                        "Invalid UTF-8: more than " + MAX_PENDING + " invalid sequences in one element");
            }
            int n = StrictUtf8.invalidLength(buffer, bad, filled);
            pending.addLast(new Invalid(base + bad, StrictUtf8.describe(buffer, bad, filled)));
            Arrays.fill(buffer, bad, bad + n, STAND_IN);
            p = bad + n;
        }
        checked = p;
    }
}
