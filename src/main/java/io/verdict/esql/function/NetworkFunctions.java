package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import io.verdict.esql.value.Ip;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ip functions: {@code TO_IP} (with its {@code leading_zeros} option), {@code CIDR_MATCH}, {@code IP_PREFIX}. */
final class NetworkFunctions {

    private NetworkFunctions() {}

    static List<ScalarFunction> all() {
        return List.of(
                new Scalar("TO_IP", NetworkFunctions::toIp),
                new Scalar("CIDR_MATCH", NetworkFunctions::cidrMatch),
                Scalar.of(
                        "IP_PREFIX",
                        DataType.IP,
                        a -> prefix((Ip) a[0], ((Number) a[1]).intValue(), ((Number) a[2]).intValue()),
                        new Scalar.Param("ip", Arguments.IP),
                        Scalar.INTEGER,
                        Scalar.INTEGER));
    }

    /**
     * {@code TO_IP(x[, {"leading_zeros": "reject"|"octal"|"decimal"}])}: the options map comes as the last argument,
     * a constant {@link Map} (its type is not checked).
     */
    private static ScalarFunction.Bound toIp(List<DataType> types, List<Object> constants) {
        Arguments.count("TO_IP", types, 1, 2);
        Arguments.check(types, 0, "ip or string", t -> t == DataType.IP || t.string());
        String zeros = "reject";
        if (types.size() == 2) {
            if (!(constants.get(1) instanceof Map<?, ?> options)) {
                throw new IllegalArgumentException("second argument of [TO_IP] must be a map of options");
            }
            for (Map.Entry<?, ?> option : options.entrySet()) {
                if (!"leading_zeros".equals(option.getKey())) {
                    throw new IllegalArgumentException(
                            "Invalid option [" + option.getKey() + "] in [TO_IP], expected one of [leading_zeros]");
                }
                zeros = String.valueOf(option.getValue()).toLowerCase(Locale.ROOT);
                if (!List.of("reject", "octal", "decimal").contains(zeros)) {
                    throw new IllegalArgumentException("Illegal leading_zeros [" + option.getValue() + "]");
                }
            }
        }
        String mode = zeros;
        return new ScalarFunction.Bound(
                DataType.IP,
                a -> Conversions.eachElement(a[0], v -> v instanceof Ip ip ? ip : parse((String) v, mode)),
                true,
                false);
    }

    /** An address; dotted IPv4 parts with leading zeros are refused, or read as octal or decimal. */
    static Ip parse(String text, String leadingZeros) {
        String[] parts = text.split("\\.", -1);
        boolean zeros = false;
        if (parts.length == 4 && text.indexOf(':') < 0) {
            for (String part : parts) {
                zeros |= part.length() > 1
                        && part.charAt(0) == '0'
                        && part.chars().allMatch(Character::isDigit);
            }
        }
        if (!zeros) {
            return Ip.parse(text);
        }
        if (leadingZeros.equals("reject")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            int radix = leadingZeros.equals("octal") && part.length() > 1 && part.charAt(0) == '0' ? 8 : 10;
            int value;
            try {
                value = Integer.parseInt(part, radix);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
            }
            if (value > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IP string literal.");
            }
            bytes[i] = (byte) value;
        }
        return Ip.of(bytes);
    }

    /** A CIDR block: the address's first {@code bits} of its 16 bytes. */
    record Block(byte[] bytes, int bits) {

        static Block parse(String text) {
            int slash = text.indexOf('/');
            Ip address = Ip.parse(slash < 0 ? text : text.substring(0, slash));
            int max = address.v4() ? 32 : 128;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("invalid CIDR [" + text + "]");
                }
            }
            return new Block(address.bytes(), address.v4() ? bits + 96 : bits);
        }

        boolean contains(Ip ip) {
            for (int i = 0; i < bits; i += 8) {
                int mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff;
                if ((ip.byteAt(i / 8) & mask) != (bytes[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static ScalarFunction.Bound cidrMatch(List<DataType> types, List<Object> constants) {
        Arguments.count("CIDR_MATCH", types, 2, Integer.MAX_VALUE);
        Arguments.check(types, 0, "ip", Arguments.IP);
        boolean allConstant = true;
        for (int i = 1; i < types.size(); i++) {
            Arguments.check(types, i, "string", Arguments.STRING);
            allConstant &= Arguments.constant(constants, i) && constants.get(i) instanceof String;
        }
        if (allConstant) {
            List<Block> blocks = new ArrayList<>();
            for (int i = 1; i < constants.size(); i++) {
                blocks.add(Block.parse((String) constants.get(i)));
            }
            return ScalarFunction.Bound.of(
                    DataType.BOOLEAN, a -> blocks.stream().anyMatch(b -> b.contains((Ip) a[0])));
        }
        return ScalarFunction.Bound.of(DataType.BOOLEAN, a -> {
            for (int i = 1; i < a.length; i++) {
                if (Block.parse((String) a[i]).contains((Ip) a[0])) {
                    return true;
                }
            }
            return false;
        });
    }

    private static Ip prefix(Ip ip, int v4, int v6) {
        if (v4 < 0 || v4 > 32) {
            throw new IllegalArgumentException("Prefix length v4 must be in range [0, 32], found " + v4);
        }
        if (v6 < 0 || v6 > 128) {
            throw new IllegalArgumentException("Prefix length v6 must be in range [0, 128], found " + v6);
        }
        byte[] bytes = ip.bytes();
        int bits = ip.v4() ? 96 + v4 : v6;
        for (int i = 0; i < 16; i++) {
            int kept = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - kept)));
        }
        return Ip.of(bytes);
    }
}
