package io.verdict.event;

import java.util.Locale;

/**
 * How Elasticsearch indexes a field, reduced to what changes a query's meaning: the type decides whether
 * {@code "443"} is a string or a number, whether a value is a date, an address or text to analyse.
 */
public enum FieldType {
    /** keyword, constant_keyword, wildcard: exact strings (a JSON number is indexed as its text). */
    KEYWORD,
    /** text, match_only_text: analysed full text (EQL reads them as strings, KQL analyses them). */
    TEXT,
    /** long, integer, short, byte, unsigned_long: exact integers (a numeric string is parsed). */
    LONG,
    /** double, float, half_float, scaled_float. */
    DOUBLE,
    BOOLEAN,
    IP,
    /** date: epoch millis precision; ISO-8601 strings and epoch millis numbers. */
    DATE,
    /** date_nanos: like DATE, nanosecond precision. */
    DATE_NANOS,
    /** version: semantic-version order. */
    VERSION,
    GEO_POINT,
    /** object, nested, flattened, group: a container, not a value. */
    OBJECT,
    /** Not in the schema: a value is typed by its JSON form (string, number, boolean). */
    UNKNOWN;

    /** The type for an Elasticsearch mapping type name; {@link #UNKNOWN} for a name it does not know. */
    public static FieldType ofMappingType(String esType) {
        return switch (esType.toLowerCase(Locale.ROOT)) {
            case "keyword", "constant_keyword", "wildcard" -> KEYWORD;
            case "text", "match_only_text" -> TEXT;
            case "long", "integer", "short", "byte", "unsigned_long" -> LONG;
            case "double", "float", "half_float", "scaled_float" -> DOUBLE;
            case "boolean" -> BOOLEAN;
            case "ip" -> IP;
            case "date" -> DATE;
            case "date_nanos" -> DATE_NANOS;
            case "version" -> VERSION;
            case "geo_point" -> GEO_POINT;
            case "object", "nested", "flattened", "group" -> OBJECT;
            default -> UNKNOWN;
        };
    }

    public boolean isNumeric() {
        return this == LONG || this == DOUBLE;
    }

    public boolean isDate() {
        return this == DATE || this == DATE_NANOS;
    }

    /** Strings compared as written: keyword family and text read as a string. */
    public boolean isString() {
        return this == KEYWORD || this == TEXT;
    }
}
