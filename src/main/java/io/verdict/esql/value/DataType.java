package io.verdict.esql.value;

import java.util.Locale;

/**
 * ES|QL's types for the part of the language Verdict runs. Each has one Java representation, which every value of
 * the type takes (see {@link Values}): a value's type is known statically from the query, never guessed from
 * its Java class.
 */
public enum DataType {
    /** The type of a bare {@code null} literal; its only value is {@code null}. */
    NULL("null"),
    /** {@link Boolean}. */
    BOOLEAN("boolean"),
    /** {@link Integer}: 32-bit, as ES's integer, short and byte fields. */
    INTEGER("integer"),
    /** {@link Long}. */
    LONG("long"),
    /** {@link Double}: also float, half_float and scaled_float fields. */
    DOUBLE("double"),
    /** {@link String}: keyword, constant_keyword, wildcard fields and every string function's result. */
    KEYWORD("keyword"),
    /** {@link String}: text and match_only_text fields. */
    TEXT("text"),
    /** {@link java.time.Instant} with millisecond precision, UTC. ES|QL answers name it {@code date}. */
    DATETIME("date"),
    /** {@link Ip}. */
    IP("ip"),
    /** {@link GeoPoint}. */
    GEO_POINT("geo_point"),
    /** {@link java.time.Duration}: literals such as {@code 1 hour}; never a column. */
    TIME_DURATION("time_duration"),
    /** {@link java.time.Period}: literals such as {@code 1 month}; never a column. */
    DATE_PERIOD("date_period"),
    /** A field of a type ES|QL cannot read (nested, binary, version, date_nanos here): its values are null. */
    UNSUPPORTED("unsupported");

    private final String esName;

    DataType(String esName) {
        this.esName = esName;
    }

    /** The name an ES|QL answer gives the type ({@code date} for {@link #DATETIME}). */
    public String esName() {
        return esName;
    }

    public boolean numeric() {
        return this == INTEGER || this == LONG || this == DOUBLE;
    }

    public boolean string() {
        return this == KEYWORD || this == TEXT;
    }

    /** Whether values of the type are whole numbers. */
    public boolean whole() {
        return this == INTEGER || this == LONG;
    }

    /**
     * The type a name in a query or a csv-spec header stands for: ES|QL names ({@code datetime}, {@code date},
     * {@code keyword} ...), the short forms of csv-spec headers ({@code i}, {@code l}, {@code k} ...) and the
     * Elasticsearch mapping types that fold onto one ({@code short} is an integer, {@code float} a double); null
     * for a name it does not know.
     */
    public static DataType named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "null", "n" -> NULL;
            case "boolean", "bool" -> BOOLEAN;
            case "integer", "int", "i", "short", "byte" -> INTEGER;
            case "long", "l" -> LONG;
            case "double", "d", "float", "half_float", "scaled_float" -> DOUBLE;
            case "keyword", "k", "s", "string", "constant_keyword", "wildcard" -> KEYWORD;
            case "text", "match_only_text" -> TEXT;
            case "date", "datetime", "dt" -> DATETIME;
            case "ip" -> IP;
            case "geo_point" -> GEO_POINT;
            case "time_duration" -> TIME_DURATION;
            case "date_period" -> DATE_PERIOD;
            case "unsupported" -> UNSUPPORTED;
            default -> null;
        };
    }
}
