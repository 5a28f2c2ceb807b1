package io.verdict.rule;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact binary form of a {@link RuleLoad} for the {@link RuleLoadCache}, derived from the records themselves:
 * each record is its components in declaration order, read back through its canonical constructor. Strings are
 * Latin-1 or UTF-8 with a length (see {@link #writeString}), lists a count, enums an ordinal, a {@link TypeBlock} the index of its kind
 * among the permitted ones, TOML's untyped values ({@code extra}, filters, ECS mappings) a tag per value. Made for
 * start-up: no reflection per value after the first of a type, nothing to parse but lengths, and no text
 * conversion of numbers — reading the corpus this way costs a fraction of reading it as JSON.
 *
 * <p>Writes throw {@link IllegalArgumentException} for a value the model should not hold (then the load is not
 * cached); reads throw on anything malformed. Thread-safe.
 */
final class RuleLoadCodec {

    /** Writes one value of a declared type. */
    private interface Writer {
        void write(DataOutputStream out, Object value) throws IOException;
    }

    /** Reads one value of a declared type. */
    private interface Reader {
        Object read(ByteBuffer in);
    }

    private record Codec(Writer writer, Reader reader) {}

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOLEAN = 4;
    private static final byte LIST = 5;
    private static final byte MAP = 6;
    /** The length written for a null string ({@code ~length} of a Latin-1 string is never this low). */
    private static final int NO_STRING = Integer.MIN_VALUE;

    private final Map<Type, Codec> codecs = new ConcurrentHashMap<>();
    private final Codec load = codec(RuleLoad.class);

    byte[] write(RuleLoad value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            load.writer().write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    RuleLoad read(ByteBuffer in) {
        return (RuleLoad) load.reader().read(in);
    }

    /**
     * A string as its length and bytes: Latin-1 when every char fits (the length then as {@code ~length}), else
     * UTF-8. Why two forms: reading is what start-up pays for, and a Latin-1 string is made by copying its bytes,
     * where UTF-8 is decoded byte by byte in the interpreter before the JIT has compiled the decoder (rule notes
     * make up most of the cache's 15 MB).
     */
    static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(NO_STRING);
            return;
        }
        if (isLatin1(value)) {
            out.writeInt(~value.length());
            out.write(value.getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static boolean isLatin1(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length == NO_STRING) {
            return null;
        }
        boolean latin1 = length < 0;
        if (latin1) {
            length = ~length;
        }
        if (length > in.remaining()) {
            throw new IllegalStateException("a string runs past the end of its entry");
        }
        int from = in.arrayOffset() + in.position();
        String value = latin1
                ? new String(in.array(), from, length, StandardCharsets.ISO_8859_1)
                : new String(in.array(), from, length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private Codec codec(Type type) {
        Codec known = codecs.get(type);
        if (known != null) {
            return known;
        }
        Codec made = make(type);
        codecs.put(type, made);
        return made;
    }

    private Codec make(Type type) {
        if (type == String.class) {
            return new Codec((out, v) -> writeString(out, (String) v), RuleLoadCodec::readString);
        }
        if (type == int.class) {
            return new Codec((out, v) -> out.writeInt((Integer) v), ByteBuffer::getInt);
        }
        if (type == long.class) {
            return new Codec((out, v) -> out.writeLong((Long) v), ByteBuffer::getLong);
        }
        if (type == boolean.class) {
            return new Codec((out, v) -> out.writeBoolean((Boolean) v), in -> in.get() != 0);
        }
        if (type == Integer.class || type == Long.class || type == Boolean.class) {
            return nullable(make(primitive(type)));
        }
        if (type == Instant.class) {
            return nullable(new Codec(
                    (out, v) -> {
                        out.writeLong(((Instant) v).getEpochSecond());
                        out.writeInt(((Instant) v).getNano());
                    },
                    in -> Instant.ofEpochSecond(in.getLong(), in.getInt())));
        }
        if (type == int[].class) {
            return nullable(new Codec(
                    (out, v) -> {
                        out.writeInt(((int[]) v).length);
                        for (int i : (int[]) v) {
                            out.writeInt(i);
                        }
                    },
                    in -> {
                        int[] out = new int[count(in)];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = in.getInt();
                        }
                        return out;
                    }));
        }
        if (type == Object.class) {
            return new Codec(RuleLoadCodec::writePlain, RuleLoadCodec::readPlain);
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            return list(generic.getActualTypeArguments()[0]);
        }
        if (type instanceof ParameterizedType generic
                && generic.getRawType() == Map.class
                && generic.getActualTypeArguments()[0] == String.class
                && generic.getActualTypeArguments()[1] == Object.class) {
            return new Codec(RuleLoadCodec::writePlain, RuleLoadCodec::readPlain);
        }
        if (type instanceof Class<?> kind && kind.isEnum()) {
            Object[] constants = kind.getEnumConstants();
            return new Codec((out, v) -> out.writeShort(v == null ? -1 : ((Enum<?>) v).ordinal()), in -> {
                short ordinal = in.getShort();
                return ordinal < 0 ? null : constants[ordinal];
            });
        }
        if (type instanceof Class<?> kind && kind.isRecord()) {
            return nullable(record(kind));
        }
        if (type instanceof Class<?> kind && kind.isSealed()) {
            return sealed(kind);
        }
        throw new IllegalArgumentException("the rule load cache cannot hold a " + type);
    }

    /** The primitive type of a boxed one. */
    private static Type primitive(Type type) {
        return type == Integer.class ? int.class : type == Long.class ? long.class : boolean.class;
    }

    private static Codec nullable(Codec inner) {
        return new Codec(
                (out, v) -> {
                    out.writeBoolean(v != null);
                    if (v != null) {
                        inner.writer().write(out, v);
                    }
                },
                in -> in.get() == 0 ? null : inner.reader().read(in));
    }

    private Codec list(Type element) {
        Codec each = codec(element);
        return new Codec(
                (out, v) -> {
                    List<?> list = (List<?>) v;
                    out.writeInt(list.size());
                    for (Object item : list) {
                        each.writer().write(out, item);
                    }
                },
                in -> {
                    int size = count(in);
                    List<Object> out = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        out.add(each.reader().read(in));
                    }
                    return Collections.unmodifiableList(out);
                });
    }

    private Codec record(Class<?> kind) {
        RecordComponent[] components = kind.getRecordComponents();
        Method[] accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Codec[] parts = new Codec[components.length];
        // placed first so that a record that contains itself (ExceptionEntry) finds its codec while it is made
        Codec[] self = new Codec[1];
        codecs.put(
                kind,
                new Codec(
                        (out, v) -> self[0].writer().write(out, v),
                        in -> self[0].reader().read(in)));
        for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            types[i] = components[i].getType();
            parts[i] = codec(components[i].getGenericType());
        }
        Constructor<?> canonical;
        try {
            canonical = kind.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record has its canonical constructor", e);
        }
        self[0] = new Codec(
                (out, v) -> {
                    for (int i = 0; i < parts.length; i++) {
                        parts[i].writer().write(out, invoke(accessors[i], v));
                    }
                },
                in -> {
                    Object[] values = new Object[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        values[i] = parts[i].reader().read(in);
                    }
                    try {
                        return canonical.newInstance(values);
                    } catch (InvocationTargetException e) {
                        throw new IllegalStateException(
                                "a cached " + kind.getSimpleName() + " is invalid: " + e.getCause(), e);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
        codecs.remove(kind);
        return self[0];
    }

    private Codec sealed(Class<?> kind) {
        Class<?>[] permitted = kind.getPermittedSubclasses();
        Codec[] kinds = new Codec[permitted.length];
        for (int i = 0; i < permitted.length; i++) {
            kinds[i] = codec(permitted[i]);
        }
        return new Codec(
                (out, v) -> {
                    if (v == null) {
                        out.writeByte(-1);
                        return;
                    }
                    for (int i = 0; i < permitted.length; i++) {
                        if (permitted[i] == v.getClass()) {
                            out.writeByte(i);
                            kinds[i].writer().write(out, v);
                            return;
                        }
                    }
                    throw new IllegalArgumentException("not a permitted " + kind.getSimpleName() + ": " + v.getClass());
                },
                in -> {
                    byte index = in.get();
                    return index < 0 ? null : kinds[index].reader().read(in);
                });
    }

    private static Object invoke(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalStateException("a count of " + count + " does not fit its entry");
        }
        return count;
    }

    /** TOML's untyped values, as {@link TomlValues#plain} makes them. */
    private static void writePlain(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object item : list) {
                writePlain(out, item);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writeString(out, (String) entry.getKey());
                writePlain(out, entry.getValue());
            }
        } else {
            throw new IllegalArgumentException("not a plain TOML value: " + value.getClass());
        }
    }

    /**
     * Nesting of plain values a cache entry may hold: loaded rules nest far less ({@link TomlBounds}), so a deeper
     * entry is corrupt, and is refused before it could exhaust the stack.
     */
    private static final int MAX_PLAIN_DEPTH = 256;

    private static Object readPlain(ByteBuffer in) {
        return readPlain(in, 0);
    }

    private static Object readPlain(ByteBuffer in, int depth) {
        if (depth > MAX_PLAIN_DEPTH) {
            throw new IllegalStateException("values nested deeper than " + MAX_PLAIN_DEPTH);
        }
        byte tag = in.get();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return readString(in);
            case LONG:
                return in.getLong();
            case DOUBLE:
                return Double.longBitsToDouble(in.getLong());
            case BOOLEAN:
                return in.get() != 0;
            case LIST: {
                int size = count(in);
                List<Object> out = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    out.add(readPlain(in, depth + 1));
                }
                return Collections.unmodifiableList(out);
            }
            case MAP: {
                int size = count(in);
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    out.put(readString(in), readPlain(in, depth + 1));
                }
                return Collections.unmodifiableMap(out);
            }
            default:
                throw new IllegalStateException("unknown value tag " + tag);
        }
    }
}
