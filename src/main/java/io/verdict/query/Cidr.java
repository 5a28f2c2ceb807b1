package io.verdict.query;

import java.util.Objects;

/**
 * An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code fe80::/10}, or a single address), parsed once.
 * Addresses are held as 128 bits with IPv4 mapped into {@code ::ffff:0:0/96}, as Elasticsearch's {@code ip} type
 * stores them, so {@code 10.0.0.0/8} also contains {@code ::ffff:10.1.2.3}. {@link #contains(String)} of an IPv4
 * address allocates nothing. Immutable and thread-safe.
 */
public final class Cidr {

    private static final long V4_MAPPED_HI = 0L;
    private static final long V4_MAPPED_LO = 0x0000_ffff_0000_0000L;

    private final String text;
    private final long hi;
    private final long lo;
    private final long maskHi;
    private final long maskLo;

    private Cidr(String text, long hi, long lo, int prefix) {
        this.text = text;
        this.maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
        this.maskLo = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
        this.hi = hi & maskHi;
        this.lo = lo & maskLo;
    }

    /** The block of {@code address/prefix} or of a single address; {@link IllegalArgumentException} if malformed. */
    public static Cidr parse(String block) {
        Objects.requireNonNull(block, "block");
        String s = block.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        long[] bits = new long[2];
        boolean v4;
        long v4bits = parseV4(address, 0, address.length());
        if (v4bits >= 0) {
            v4 = true;
            bits[0] = V4_MAPPED_HI;
            bits[1] = V4_MAPPED_LO | v4bits;
        } else if (parseV6(address, bits)) {
            v4 = false;
        } else {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + block);
        }
        int max = v4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(Character::isDigit)
                    || (prefix = Integer.parseInt(p)) > max) {
                throw new IllegalArgumentException("not a valid prefix length in " + block);
            }
        }
        return new Cidr(block, bits[0], bits[1], v4 ? prefix + 96 : prefix);
    }

    /** True when {@code text} is an address or a block that {@link #parse} accepts. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code text} is an IPv4 or IPv6 address (no prefix). */
    public static boolean isAddress(String text) {
        return text.indexOf('/') < 0 && isValid(text);
    }

    /** True when {@code ip} is an address inside the block; false for anything that is not an address. */
    public boolean contains(String ip) {
        if (ip.indexOf(':') < 0) {
            long v4 = parseV4(ip, 0, ip.length());
            return v4 >= 0 && (V4_MAPPED_HI & maskHi) == hi && ((V4_MAPPED_LO | v4) & maskLo) == lo;
        }
        long[] bits = new long[2];
        return parseV6(ip, bits) && (bits[0] & maskHi) == hi && (bits[1] & maskLo) == lo;
    }

    /** Dotted quad in {@code s[from, to)} as an unsigned 32-bit value, or -1. */
    private static long parseV4(String s, int from, int to) {
        long result = 0;
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i++) - '0');
            }
            if (i == start || value > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            result = (result << 8) | value;
            octets++;
            if (octets < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? result : -1;
    }

    /** IPv6 text (optionally with a trailing dotted quad and a %zone) into {@code out[0..1]}. */
    private static boolean parseV6(String s, long[] out) {
        int end = s.indexOf('%');
        if (end < 0) {
            end = s.length();
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (end >= 2 && s.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (end > 0 && s.charAt(0) == ':') {
            return false;
        }
        while (i < end) {
            if (count >= 8) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < end && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                value = (value << 4) | Character.digit(s.charAt(i++), 16);
            }
            if (i < end && s.charAt(i) == '.') {
                long v4 = parseV4(s, start, end);
                if (v4 < 0 || count > 6) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = end;
                break;
            }
            if (i == start) {
                return false;
            }
            groups[count++] = value;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        out[0] = ((long) full[0] << 48) | ((long) full[1] << 32) | ((long) full[2] << 16) | full[3];
        out[1] = ((long) full[4] << 48) | ((long) full[5] << 32) | ((long) full[6] << 16) | full[7];
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other
                && hi == other.hi
                && lo == other.lo
                && maskHi == other.maskHi
                && maskLo == other.maskLo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo) + Long.hashCode(maskLo) * 7;
    }

    @Override
    public String toString() {
        return text;
    }
}
