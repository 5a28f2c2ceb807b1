package io.verdict.event;

/**
 * The event time fields: {@code @timestamp} and {@code event.ingested}, which every ECS index maps as dates and
 * by which events are ordered and windowed. Elasticsearch refuses a document whose date field it cannot parse,
 * so an event whose time field holds something other than a date (see {@link Dates}) is not an event at all.
 */
public final class TimeFields {

    public static final FieldPath TIMESTAMP = FieldPath.of("@timestamp");
    public static final FieldPath INGESTED = FieldPath.of("event.ingested");
    private static final ValueTest NOT_A_DATE = value -> FieldValues.asInstant(value, FieldType.DATE) == null;
    /** How much of a bad value a message quotes. */
    private static final int QUOTED = 64;

    private TimeFields() {}

    /**
     * Why the event's time fields are not dates, e.g. {@code @timestamp 1.0E19 is not a date}, or null when each
     * of their values is one (or they have none).
     */
    public static String invalid(Event event) {
        String timestamp = invalid(event, TIMESTAMP);
        return timestamp != null ? timestamp : invalid(event, INGESTED);
    }

    private static String invalid(Event event, FieldPath field) {
        if (!event.anyValue(field, NOT_A_DATE)) {
            return null;
        }
        String[] bad = new String[1];
        event.anyValue(field, value -> {
            bad[0] = value.toString();
            return NOT_A_DATE.test(value);
        });
        String text = bad[0].length() > QUOTED ? bad[0].substring(0, QUOTED) + "..." : bad[0];
        return field.name() + " " + text + " is not a date: Elasticsearch reads strict_date_optional_time or epoch"
                + " milliseconds, within the range of a date field";
    }
}
