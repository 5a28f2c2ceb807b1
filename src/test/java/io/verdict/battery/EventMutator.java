package io.verdict.battery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile variants of valid ECS events, each one a function of (seed, index) alone, so any input the battery
 * reports can be made again ({@link #mutant(int)}). Kinds: deep nesting, huge or odd numbers in {@code @timestamp},
 * invalid UTF-8 (CESU-8 surrogates, overlong forms, cut sequences), control characters, wrong value types, NaN and
 * other non-JSON numbers, duplicated keys, envelopes around the event, byte-level damage, oversized parts, dotted
 * and nested keys that disagree, byte-order marks.
 */
final class EventMutator {

    enum Kind {
        DEEP_NESTING,
        ODD_TIMESTAMP,
        INVALID_UTF8,
        CONTROL_CHARS,
        WRONG_TYPE,
        NAN,
        DUPLICATE_KEYS,
        ENVELOPE,
        BYTES,
        OVERSIZED,
        DOTTED_KEYS,
        BOM
    }

    /** One fuzzed event: how it was made, and its bytes. */
    record Mutant(int index, Kind kind, byte[] bytes) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] TIMESTAMPS = {
        "1e19",
        "-1e19",
        "1e308",
        "1e309",
        "-1e309",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "1.5e300",
        "1e-400",
        "-0",
        "0",
        "\"99999-12-31T00:00:00Z\"",
        "\"+1000000000-01-01T00:00:00Z\"",
        "\"-999999999-01-01T00:00:00Z\"",
        "\"\"",
        "\"now\"",
        "[]",
        "{}",
        "true",
        "null",
        "\"2026-13-45T99:99:99Z\"",
        "\"2026-12-01T00:00:00.123456789123Z\"",
        "[1e19]",
        "\"1e19\"",
        "18446744073709551616",
        "1.7976931348623157e308"
    };
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xB0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80},
        {(byte) 0xC0, (byte) 0x80},
        {(byte) 0xC1, (byte) 0xBF},
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFF},
        {(byte) 0xFE},
        {(byte) 0x80},
        {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}
    };
    private static final String[] FIELDS = {
        "@timestamp",
        "event.category",
        "event.type",
        "event.action",
        "event.outcome",
        "process.name",
        "process.args",
        "process.executable",
        "process.entity_id",
        "process.pid",
        "host.id",
        "host.os.type",
        "user.name",
        "source.ip",
        "destination.ip",
        "destination.port",
        "event.ingested",
        "_index",
        "data_stream.dataset",
        "host",
        "process",
        "event"
    };
    private static final String[] VALUES = {
        "123",
        "-1.5e300",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[[1]]",
        "{\"x\":{\"y\":1}}",
        "\"str\"",
        "[\"a\",1,null,{}]",
        "\"\"",
        "[null]",
        "1e19",
        "\"::ffff:1.2.3.4\"",
        "\"999.1.1.1\"",
        "\"1.2.3.4/33\"",
        "[\"process\",\"network\",\"process\"]",
        "-0",
        "0.1"
    };
    private static final String[] NON_JSON_NUMBERS = {
        "NaN",
        "Infinity",
        "-Infinity",
        "+1",
        "01",
        "1.",
        ".5",
        "0x10",
        "1e",
        "-",
        "1e+",
        "--1",
        "1_000",
        "nan",
        "undefined"
    };
    private static final String[] TOKENS = {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "\\u", "\\ud800", "/*x*/", "//"
    };

    private final List<String> bases;
    private final long seed;

    EventMutator(List<String> bases, long seed) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("the mutator needs at least one base event");
        }
        this.bases = List.copyOf(bases);
        this.seed = seed;
    }

    /** Input {@code index} of this seed: the same bytes every time. */
    Mutant mutant(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        String base = bases.get(random.nextInt(bases.size()));
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] bytes = apply(kind, base, random);
        // one in five gets a second, byte-level blow on top
        if (random.nextInt(5) == 0 && kind != Kind.OVERSIZED && kind != Kind.DEEP_NESTING) {
            bytes = damage(bytes, random);
        }
        return new Mutant(index, kind, bytes);
    }

    private byte[] apply(Kind kind, String base, SplittableRandom random) {
        return switch (kind) {
            case DEEP_NESTING -> {
                int depth = new int[] {63, 65, 200, 1_000, 5_000, 50_000}[random.nextInt(6)];
                boolean arrays = random.nextBoolean();
                String value = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
                yield utf8(set(base, FIELDS[random.nextInt(FIELDS.length)], value));
            }
            case ODD_TIMESTAMP ->
                utf8(set(
                        base,
                        random.nextInt(4) == 0 ? "event.ingested" : "@timestamp",
                        TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]));
            case INVALID_UTF8 -> insertInString(utf8(base), BAD_UTF8[random.nextInt(BAD_UTF8.length)], random);
            case CONTROL_CHARS -> {
                int which = random.nextInt(4);
                byte[] insert = which == 0
                        ? new byte[] {(byte) random.nextInt(32)}
                        : which == 1 ? ascii("\\u0000") : which == 2 ? ascii("\\ud800") : ascii("\\udc00\\ud800x");
                yield insertInString(utf8(base), insert, random);
            }
            case WRONG_TYPE ->
                utf8(set(base, FIELDS[random.nextInt(FIELDS.length)], VALUES[random.nextInt(VALUES.length)]));
            case NAN ->
                utf8(set(
                        base,
                        random.nextBoolean() ? "@timestamp" : FIELDS[random.nextInt(FIELDS.length)],
                        NON_JSON_NUMBERS[random.nextInt(NON_JSON_NUMBERS.length)]));
            case DUPLICATE_KEYS -> {
                String key = new String[] {
                            "\"@timestamp\":1e19",
                            "\"process\":{\"name\":\"battery.exe\"}",
                            "\"event\":\"x\"",
                            "\"@timestamp\":\"2026-12-01T00:00:00Z\"",
                            "\"host\":null"
                        }
                        [random.nextInt(5)];
                String trimmed = base.strip();
                yield utf8(
                        random.nextBoolean()
                                ? "{" + key + "," + trimmed.substring(1)
                                : trimmed.substring(0, trimmed.length() - 1) + "," + key + "}");
            }
            case ENVELOPE ->
                utf8(new String[] {
                            "{\"_source\":%s}",
                            "{\"event\":%s}",
                            "{\"events\":[%s]}",
                            "[%s]",
                            "[[%s]]",
                            "\"%s\"",
                            "null",
                            "123",
                            "{\"_index\":\"logs-x\",\"_source\":%s}",
                            "{\"hits\":{\"hits\":[{\"_source\":%s}]}}",
                            "%s %s",
                            "%s,",
                            "\"\"",
                            "[]",
                            "{}",
                            "true"
                        }
                        [random.nextInt(16)].replace("%s", base.strip()));
            case BYTES -> damage(utf8(base), random);
            case OVERSIZED ->
                utf8(
                        switch (random.nextInt(5)) {
                            case 0 ->
                                set(
                                        base,
                                        "process.command_line",
                                        "\"" + "A".repeat(100_000 + random.nextInt(1_100_000)) + "\"");
                            case 1 -> manyKeys(base, 5_000 + random.nextInt(30_000));
                            case 2 -> set(base, "k".repeat(10_000), "1");
                            case 3 ->
                                set(
                                        base,
                                        "process.args",
                                        "[" + "\"a\",".repeat(50_000 + random.nextInt(100_000)) + "\"z\"]");
                            default -> set(base, "a.".repeat(1_000) + "b", "1");
                        });
            case DOTTED_KEYS ->
                utf8(new String[] {
                            "{\"process.name\":\"battery.exe\",\"process\":{\"name\":\"other.exe\"},\"event.type\":\"start\"}",
                            "{\"process\":\"str\",\"process.name\":\"battery.exe\"}",
                            "{\"\":1,\".process.name\":\"x\",\"process..name\":\"y\",\"process.name.\":\"z\"}",
                            "{\"event\":{\"category\":\"process\"},\"event.category\":[\"network\"]}"
                        }
                        [random.nextInt(4)]);
            case BOM ->
                switch (random.nextInt(3)) {
                    case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(base));
                    case 1 -> concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, base.getBytes(StandardCharsets.UTF_16BE));
                    default -> utf8(" ".repeat(100_000) + base);
                };
        };
    }

    /** The base event with the field at a dotted path set to a raw JSON text (an invalid one too). */
    static String set(String base, String path, String rawValue) {
        String marker = "\"__battery_marker__\"";
        try {
            JsonNode tree = JSON.readTree(base);
            if (!(tree instanceof ObjectNode root)) {
                return base;
            }
            ObjectNode node = root;
            String[] parts = path.split("\\.", -1);
            if (path.startsWith("@") || parts.length > 50) {
                parts = new String[] {path};
            }
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                if (!(child instanceof ObjectNode)) {
                    child = node.putObject(parts[i]);
                }
                node = (ObjectNode) child;
            }
            node.put(parts[parts.length - 1], "__battery_marker__");
            return JSON.writeValueAsString(root).replace(marker, rawValue);
        } catch (RuntimeException e) {
            return base;
        }
    }

    private static String manyKeys(String base, int count) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append("\"f").append(i).append("\":").append(i).append(',');
        }
        return "{" + keys + base.strip().substring(1);
    }

    /** Puts bytes just after the opening quote of a string value chosen at random. */
    private static byte[] insertInString(byte[] text, byte[] insert, SplittableRandom random) {
        int quotes = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == ':' && i + 1 < text.length && text[i + 1] == '"') {
                quotes++;
            }
        }
        if (quotes == 0) {
            return concat(insert, text);
        }
        int target = random.nextInt(quotes);
        for (int i = 0; i < text.length; i++) {
            if (text[i] == ':' && i + 1 < text.length && text[i + 1] == '"' && target-- == 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(text, 0, i + 2);
                out.write(insert, 0, insert.length);
                out.write(text, i + 2, text.length - i - 2);
                return out.toByteArray();
            }
        }
        return text;
    }

    /** Byte-level damage: cut, delete a span, repeat a span, flip a byte, or insert a JSON token. */
    static byte[] damage(byte[] text, SplittableRandom random) {
        if (text.length < 2) {
            return concat(text, ascii(TOKENS[random.nextInt(TOKENS.length)]));
        }
        int at = random.nextInt(text.length);
        int span = 1 + random.nextInt(Math.min(64, text.length - at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> out.write(text, 0, at);
            case 1 -> {
                out.write(text, 0, at);
                out.write(text, at + span, text.length - at - span);
            }
            case 2 -> {
                out.write(text, 0, at + span);
                out.write(text, at, text.length - at);
            }
            case 3 -> {
                byte[] copy = text.clone();
                copy[at] = (byte) (copy[at] ^ (1 << random.nextInt(8)));
                return copy;
            }
            default -> {
                byte[] token = ascii(TOKENS[random.nextInt(TOKENS.length)]);
                out.write(text, 0, at);
                out.write(token, 0, token.length);
                out.write(text, at, text.length - at);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
