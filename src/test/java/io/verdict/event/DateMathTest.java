package io.verdict.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateMathTest {

    private static final long NOW = Instant.parse("2024-03-15T10:20:30.456Z").toEpochMilli();

    /** A range bound on a date field: resolved at {@link #NOW}, rounded down, then rounded up. */
    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = ';', nullValues = "none", textBlock = """
            now                  ; 2024-03-15T10:20:30.456Z ; 2024-03-15T10:20:30.456Z
            now-30d/d            ; 2024-02-14T00:00:00Z     ; 2024-02-14T23:59:59.999Z
            now/M                ; 2024-03-01T00:00:00Z     ; 2024-03-31T23:59:59.999Z
            now/w                ; 2024-03-11T00:00:00Z     ; 2024-03-17T23:59:59.999Z
            now+1h/H             ; 2024-03-15T11:00:00Z     ; 2024-03-15T11:59:59.999Z
            2024-01-01           ; 2024-01-01T00:00:00Z     ; 2024-01-01T23:59:59.999Z
            2024-01              ; 2024-01-01T00:00:00Z     ; 2024-01-31T23:59:59.999Z
            2024-01-01||+1M      ; 2024-02-01T00:00:00Z     ; 2024-02-01T00:00:00Z
            2024-01-01||+1M/y    ; 2024-01-01T00:00:00Z     ; 2024-12-31T23:59:59.999Z
            2024-01-01T05:06:07Z ; 2024-01-01T05:06:07Z     ; 2024-01-01T05:06:07.999Z
            yesterday            ; none                     ; none
            now-1x               ; none                     ; none
            """)
    void bound(String text, String down, String up) {
        DateMath math = DateMath.parse(text);
        if (down == null) {
            assertThat(math).isNull();
            return;
        }
        assertThat(math.resolve(NOW, false)).isEqualTo(Instant.parse(down));
        assertThat(math.resolve(NOW, true)).isEqualTo(Instant.parse(up));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            now-9m     | PT9M
            now-7d     | PT168H
            now-48h/h  | PT48H
            now        | PT0S
            now-1w     | PT168H
            yesterday  | none
            now+1d     | none
            now-       | none
            """)
    void lookBack(String expression, String expected) {
        assertThat(DateMath.valid(expression)).isEqualTo(expected != null);
        assertThat(DateMath.lookBack(expression).map(Duration::toString).orElse(null))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            5m   | PT5M
            60s  | PT1M
            1h   | PT1H
            2d   | PT48H
            5    | none
            m5   | none
            1w   | none
            """)
    void interval(String interval, String expected) {
        assertThat(DateMath.validInterval(interval)).isEqualTo(expected != null);
        assertThat(DateMath.interval(interval).map(Duration::toString).orElse(null))
                .isEqualTo(expected);
    }
}
