package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.DoubleNode;

/** Time fields that hold something other than a date make the event an error, never an overflow later. */
class TimeFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FieldSet FIELDS = FieldSet.of(List.of("@timestamp", "event.ingested", "user.name"));

    private static Event event(String json) {
        return Event.parse(JSON, json.getBytes(StandardCharsets.UTF_8), FIELDS);
    }

    @Test
    void timestampOf1e19IsAnErrorOfItsOwnLine() {
        assertNull(Dates.ofEpochMillis(1e19), "epoch millis beyond a long are no date");
        assertNull(Dates.ofEpochMillis(-1e19));
        assertNull(Dates.ofEpochMillis(Double.NaN));
        assertNull(FieldValues.asInstant(DoubleNode.valueOf(1e19), FieldType.DATE));
        String invalid = TimeFields.invalid(event("{\"@timestamp\": 1e19, \"user\": {\"name\": \"a\"}}"));
        assertNotNull(invalid);
        assertTrue(invalid.startsWith("@timestamp 1.0E19 is not a date"), invalid);
    }

    @Test
    void datesBeyondTheRangeOfADateFieldAreNoDates() {
        assertNull(Dates.parse("+999999999-12-31T00:00:00Z"), "the year 999999999 is beyond epoch millis in a long");
        assertNull(Dates.parse("-999999999-01-01"));
        assertEquals(Instant.ofEpochMilli(Long.MAX_VALUE), Dates.parse(Long.toString(Long.MAX_VALUE)));
        assertEquals(Instant.ofEpochMilli(Long.MIN_VALUE), Dates.ofEpochMillis(-0x1p63));
        assertEquals(Instant.parse("+292278994-08-17T07:12:55.807Z"), Dates.parse("+292278994-08-17T07:12:55.807Z"));
        assertNull(Dates.parse("+292278994-08-17T07:12:55.808Z"));
    }

    @Test
    void everyTimeFieldValueMustBeADate() {
        assertNull(TimeFields.invalid(
                event("{\"@timestamp\": \"2026-11-27T10:00:00Z\", \"event.ingested\": 1700000000000}")));
        assertNull(TimeFields.invalid(event("{\"user\": {\"name\": \"no time at all\"}, \"@timestamp\": null}")));
        assertTrue(
                TimeFields.invalid(event("{\"@timestamp\": \"yesterday\"}")).startsWith("@timestamp \"yesterday\" "));
        assertTrue(TimeFields.invalid(event("{\"@timestamp\": [\"2026-11-27\", true]}"))
                .startsWith("@timestamp true "));
        assertTrue(TimeFields.invalid(event("{\"event\": {\"ingested\": \"+999999999-12-31\"}}"))
                .startsWith("event.ingested \"+999999999-12-31\" "));
        String long_ = TimeFields.invalid(event("{\"@timestamp\": \"" + "x".repeat(500) + "\"}"));
        assertTrue(long_.length() < 250, "a bad value is quoted in part: " + long_);
    }
}
