package io.verdict.esql.value;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address as Elasticsearch indexes it: 16 bytes, IPv4 held as IPv4-mapped IPv6, so that every address
 * compares with every other by unsigned bytes (all IPv4 addresses sort together, in numeric order).
 */
public final class Ip implements Comparable<Ip> {

    private final byte[] bytes;

    private Ip(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The address written as {@code text} (dotted IPv4 or IPv6 in any valid form); no host names are looked up.
     *
     * @throws IllegalArgumentException when the text is not an address
     */
    public static Ip parse(String text) {
        if (text.isEmpty() || !literal(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
        }
        try {
            return of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
        }
    }

    /** Whether the text is written as an address (so that {@link InetAddress#getByName} does not resolve names). */
    private static boolean literal(String text) {
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%' || c == '[' || c == ']')) {
                    return false;
                }
            }
            return true;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The address of 4 (IPv4) or 16 bytes. */
    public static Ip of(byte[] address) {
        byte[] b = new byte[16];
        if (address.length == 4) {
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(address, 0, b, 12, 4);
        } else if (address.length == 16) {
            System.arraycopy(address, 0, b, 0, 16);
        } else {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        return new Ip(b);
    }

    /** The 16 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether it is an IPv4 address (held IPv4-mapped). */
    public boolean v4() {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** The unsigned byte at {@code i} of the 16. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    @Override
    public int compareTo(Ip o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip ip && Arrays.equals(bytes, ip.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted for IPv4, the compressed form of RFC 5952 for IPv6, as ES prints addresses. */
    @Override
    public String toString() {
        try {
            if (v4()) {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16))
                        .getHostAddress();
            }
            return compressed((Inet6Address) Inet6Address.getByAddress(null, bytes, -1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compressed(Inet6Address address) {
        int[] groups = new int[8];
        byte[] b = address.getAddress();
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
