package io.verdict.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's ring: bounded by count and by bytes, paged by cursor, and saying what a reader missed. */
class AlertFeedTest {

    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    static ReleasedAlert append(AlertFeed feed, long bytes) {
        return feed.append(seq -> new ReleasedAlert(seq, T.plusSeconds(seq), null, null, bytes));
    }

    static List<Long> seqs(AlertFeed.Page page) {
        return page.alerts().stream().map(ReleasedAlert::seq).toList();
    }

    @Test
    void theRingKeepsTheNewestByCount() {
        AlertFeed feed = new AlertFeed(3, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) {
            append(feed, 10);
        }
        assertThat(feed.stats()).isEqualTo(new AlertFeed.Stats(3, 30, 3, 5, 2, 3, Long.MAX_VALUE));
        assertThat(seqs(feed.read(0L, 100, a -> true))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void theRingKeepsTheNewestByBytesAndAlwaysTheNewestOne() {
        AlertFeed feed = new AlertFeed(100, 100);
        for (int i = 0; i < 10; i++) {
            append(feed, 30);
        }
        assertThat(feed.stats().size()).isEqualTo(3);
        assertThat(feed.stats().bytes()).isEqualTo(90);
        append(feed, 500);
        assertThat(feed.stats().size())
                .as("one alert larger than the bound is still kept")
                .isEqualTo(1);
        assertThat(feed.stats().oldest()).isEqualTo(11);
    }

    @Test
    void aCursorPagesOverAWrapAroundAndCountsWhatWentBeforeItWasRead() {
        AlertFeed feed = new AlertFeed(4, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            append(feed, 1);
        }
        AlertFeed.Page first = feed.read(0L, 2, a -> true);
        assertThat(seqs(first)).containsExactly(1L, 2L);
        assertThat(first.next()).isEqualTo(2);
        for (int i = 0; i < 6; i++) {
            append(feed, 1); // 4..9: the ring (4) now holds 6..9, and 3, 4, 5 went unread
        }
        AlertFeed.Page second = feed.read(first.next(), 2, a -> true);
        assertThat(second.missed()).isEqualTo(3);
        assertThat(seqs(second)).containsExactly(6L, 7L);
        AlertFeed.Page third = feed.read(second.next(), 10, a -> true);
        assertThat(third.missed()).isZero();
        assertThat(seqs(third)).containsExactly(8L, 9L);
        assertThat(third.next()).isEqualTo(9);
        AlertFeed.Page idle = feed.read(third.next(), 10, a -> true);
        assertThat(idle.alerts()).isEmpty();
        assertThat(idle.next()).isEqualTo(9);
    }

    @Test
    void aFilteredReadMovesTheCursorPastWhatItLookedAt() {
        AlertFeed feed = new AlertFeed(100, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            append(feed, 1);
        }
        AlertFeed.Page even = feed.read(0L, 2, a -> a.seq() % 2 == 0);
        assertThat(seqs(even)).containsExactly(2L, 4L);
        assertThat(even.next()).isEqualTo(4);
        AlertFeed.Page none = feed.read(even.next(), 2, a -> false);
        assertThat(none.alerts()).isEmpty();
        assertThat(none.next())
                .as("nothing more matched: the cursor is at the newest")
                .isEqualTo(10);
    }

    @Test
    void withoutACursorTheNewestComeOldestFirst() {
        AlertFeed feed = new AlertFeed(100, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            append(feed, 1);
        }
        AlertFeed.Page newest = feed.read(null, 3, a -> a.seq() != 9);
        assertThat(seqs(newest)).containsExactly(7L, 8L, 10L);
        assertThat(newest.next()).isEqualTo(10);
    }

    @Test
    void aCursorFromBeforeARestartReadsFromTheOldestAndSaysSo() {
        AlertFeed feed = new AlertFeed(100, Long.MAX_VALUE);
        append(feed, 1);
        append(feed, 1);
        AlertFeed.Page page = feed.read(5_000L, 10, a -> true);
        assertThat(page.restarted()).isTrue();
        assertThat(seqs(page)).containsExactly(1L, 2L);
        assertThat(page.missed()).isZero();
    }

    @Test
    void anEmptyFeedAnswersNothingAndKeepsTheCursor() {
        AlertFeed feed = new AlertFeed(100, Long.MAX_VALUE);
        AlertFeed.Page page = feed.read(0L, 10, a -> true);
        assertThat(page.alerts()).isEmpty();
        assertThat(page.next()).isZero();
        assertThat(page.oldest()).isGreaterThan(page.newest());
    }

    @Test
    void theRingGrowsPastItsFirstArrayInOrder() {
        AlertFeed feed = new AlertFeed(5_000, Long.MAX_VALUE);
        for (int i = 0; i < 3_000; i++) {
            append(feed, 1);
        }
        AlertFeed.Page page = feed.read(1_020L, 10, a -> true);
        assertThat(seqs(page)).containsExactly(1021L, 1022L, 1023L, 1024L, 1025L, 1026L, 1027L, 1028L, 1029L, 1030L);
    }
}
