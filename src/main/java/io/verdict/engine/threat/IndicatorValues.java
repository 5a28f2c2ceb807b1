package io.verdict.engine.threat;

import io.verdict.query.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import tools.jackson.databind.JsonNode;

/**
 * The text a mapped value is compared by: a string as written (case-sensitive, as a keyword term), a number or a
 * boolean as its JSON text, an IPv6 address in one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are one
 * address, as on an {@code ip} field). Objects and nulls compare with nothing.
 */
final class IndicatorValues {

    private IndicatorValues() {}

    /** The value's comparison text, or null when it has none. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        if (value.isString()) {
            String s = value.stringValue();
            return s.indexOf(':') >= 0 && looksLikeIpv6(s) ? canonicalAddress(s) : s;
        }
        return value.asString();
    }

    private static boolean looksLikeIpv6(String s) {
        if (s.length() < 2 || s.length() > 45) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == ':' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return Cidr.isAddress(s);
    }

    private static String canonicalAddress(String s) {
        try {
            // a valid literal (checked above): parsed, never looked up
            return InetAddress.getByName(s).getHostAddress();
        } catch (UnknownHostException e) {
            return s;
        }
    }
}
