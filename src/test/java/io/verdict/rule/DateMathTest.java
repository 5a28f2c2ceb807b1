package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateMathTest {

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
        assertThat(DateMath.lookBack(expression).map(Duration::toString).orElse(null)).isEqualTo(expected);
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
        assertThat(DateMath.interval(interval).map(Duration::toString).orElse(null)).isEqualTo(expected);
    }
}
