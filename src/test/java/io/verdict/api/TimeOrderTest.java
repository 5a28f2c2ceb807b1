package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.verdict.event.Event;

/** The batch's time order never fails on a time field, whatever it holds. */
class TimeOrderTest {

    @Test
    void timestampOf1e19SortsLastInsteadOfOverflowing() {
        assertThat(TimeOrder.of(Event.parse("{\"@timestamp\": 1e19}"))).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeOrder.of(Event.parse("{\"@timestamp\": -1e19}"))).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeOrder.of(Event.parse("{\"event\": {\"ingested\": \"+999999999-12-31\"}}"))).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeOrder.of(Event.parse("{\"@timestamp\": 1.5e3}"))).isEqualTo(1500L);
        assertThat(TimeOrder.of(Event.parse("{\"@timestamp\": \"1970-01-01T00:00:02Z\", \"event.ingested\": 3000}")))
                .isEqualTo(3000L);
    }
}
