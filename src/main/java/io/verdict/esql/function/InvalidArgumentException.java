package io.verdict.esql.function;

/**
 * A value a function cannot take ({@code [2147483648] out of [integer] range}); ES names this failure
 * {@code org.elasticsearch.xpack.esql.core.InvalidArgumentException} in its warning, which {@link #esName()} gives.
 */
public final class InvalidArgumentException extends IllegalArgumentException {

    public InvalidArgumentException(String message) {
        super(message);
    }

    /** The class name ES prints in the warning line. */
    public static String esName() {
        return "org.elasticsearch.xpack.esql.core.InvalidArgumentException";
    }

    static InvalidArgumentException outOfRange(Object value, String type) {
        return new InvalidArgumentException("[" + value + "] out of [" + type + "] range");
    }
}
