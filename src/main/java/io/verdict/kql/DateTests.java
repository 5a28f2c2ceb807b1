package io.verdict.kql;

import io.verdict.event.DateMath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.ValueTest;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/** Tests of date fields against a KQL date literal or date-math bound, read from a clock when they use now. */
final class DateTests {

    private final Clock clock;

    DateTests(Clock clock) {
        this.clock = clock;
    }

    /**
     * A date test: {@code field:date} is {@code gte date and lte date} (so a day matches the whole day), a range
     * one bound of it. {@code lower}/{@code upper}: null for no such bound, else whether it is inclusive. A bound
     * without {@code now} is resolved here; with {@code now}, at each evaluation.
     */
    ValueTest between(
            FieldType type, String text, String field, Consumer<String> problems, Boolean lower, Boolean upper) {
        DateMath math = DateMath.parse(text);
        if (math == null) {
            problems.accept(KqlMessage.BAD_DATE.format(field, text));
            return ValueTests.NEVER;
        }
        Clock at = clock;
        boolean fixed = !text.trim().startsWith("now");
        // a lower bound rounds down when inclusive (gte) and up when exclusive (gt); an upper bound the reverse
        boolean lowerRoundsUp = lower != null && !lower;
        boolean upperRoundsUp = upper != null && upper;
        Instant lowFixed = fixed && lower != null ? math.resolve(0, lowerRoundsUp) : null;
        Instant highFixed = fixed && upper != null ? math.resolve(0, upperRoundsUp) : null;
        return v -> {
            Instant actual = FieldValues.asInstant(v, type);
            if (actual == null) {
                return false;
            }
            long now = fixed ? 0 : at.millis();
            if (lower != null) {
                int c = actual.compareTo(fixed ? lowFixed : math.resolve(now, lowerRoundsUp));
                if (lower ? c < 0 : c <= 0) {
                    return false;
                }
            }
            if (upper != null) {
                int c = actual.compareTo(fixed ? highFixed : math.resolve(now, upperRoundsUp));
                return upper ? c <= 0 : c < 0;
            }
            return true;
        };
    }
}
