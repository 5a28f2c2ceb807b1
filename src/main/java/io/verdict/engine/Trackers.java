package io.verdict.engine;

import io.verdict.engine.state.EsqlWindow;
import io.verdict.engine.state.NewTermsTracker;
import io.verdict.engine.state.ThresholdTracker;
import io.verdict.engine.threat.ThreatTracker;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sequence.SequenceMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * What the {@link StateStore} does alike with the four kinds of tracker (threshold, new_terms, sequence, sample),
 * each under the tracker's own lock: the threshold and new_terms trackers lock themselves, a sequence or sample
 * matcher is locked by its caller, here as in {@link StatefulRules}. Never called with another tracker's lock held.
 */
final class Trackers {

    private Trackers() {}

    /** Estimated bytes the tracker holds. */
    static long memoryBytes(Object tracker) {
        synchronized (tracker) {
            if (tracker instanceof ThresholdTracker t) {
                return t.memoryBytes();
            }
            if (tracker instanceof NewTermsTracker n) {
                return n.memoryBytes();
            }
            if (tracker instanceof SequenceMatcher m) {
                return m.state().memoryBytes();
            }
            if (tracker instanceof EsqlWindow w) {
                return w.memoryBytes();
            }
            if (tracker instanceof ThreatTracker t) {
                return t.memoryBytes();
            }
            return ((SampleMatcher) tracker).memoryBytes();
        }
    }

    /** Forgets the tracker's least recently used entries until it holds at most {@code maxBytes}. */
    static void shrinkTo(Object tracker, long maxBytes) {
        synchronized (tracker) {
            if (tracker instanceof ThresholdTracker t) {
                t.shrinkTo(maxBytes);
            } else if (tracker instanceof NewTermsTracker n) {
                n.shrinkTo(maxBytes);
            } else if (tracker instanceof SequenceMatcher m) {
                m.state().shrinkTo(maxBytes);
            } else if (tracker instanceof EsqlWindow w) {
                w.shrinkTo(maxBytes);
            } else if (tracker instanceof ThreatTracker t) {
                t.shrinkTo(maxBytes);
            } else {
                ((SampleMatcher) tracker).shrinkTo(maxBytes);
            }
        }
    }

    /** Has the tracker report its bytes to {@code total} (null: to nobody) from now on. */
    static void countInto(Object tracker, LongConsumer total) {
        synchronized (tracker) {
            if (tracker instanceof ThresholdTracker t) {
                t.countInto(total);
            } else if (tracker instanceof NewTermsTracker n) {
                n.countInto(total);
            } else if (tracker instanceof SequenceMatcher m) {
                m.state().countInto(total);
            } else if (tracker instanceof EsqlWindow w) {
                w.countInto(total);
            } else if (tracker instanceof ThreatTracker t) {
                t.countInto(total);
            } else {
                ((SampleMatcher) tracker).countInto(total);
            }
        }
    }

    /** The tracker's kind as the snapshot names it. */
    static String kind(Object tracker) {
        if (tracker instanceof ThresholdTracker) {
            return "threshold";
        }
        if (tracker instanceof NewTermsTracker) {
            return "new_terms";
        }
        if (tracker instanceof EsqlWindow) {
            return "esql_window";
        }
        if (tracker instanceof ThreatTracker) {
            return "threat_match";
        }
        return tracker instanceof SequenceMatcher ? "eql_sequence" : "eql_sample";
    }

    /**
     * What the tracker remembers, how many entries it evicted to stay within its bounds and its estimated bytes:
     * {@code groups} (threshold), {@code terms} (new_terms), {@code keys} and {@code pending} (sequences),
     * {@code keys} (samples), {@code evictions}, {@code memory_bytes}.
     */
    static Map<String, Long> stats(Object tracker) {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (tracker) {
            if (tracker instanceof ThresholdTracker t) {
                out.put("groups", (long) t.groups());
                out.put("evictions", t.evictions());
                out.put("memory_bytes", t.memoryBytes());
            } else if (tracker instanceof NewTermsTracker n) {
                out.put("terms", (long) n.terms());
                out.put("evictions", n.evictions());
                out.put("memory_bytes", n.memoryBytes());
            } else if (tracker instanceof EsqlWindow w) {
                out.put("documents", (long) w.documents());
                out.put("ticks", w.ticksRun());
                out.put("late", w.late());
                out.put("evictions", w.evictions());
                out.put("memory_bytes", w.memoryBytes());
            } else if (tracker instanceof ThreatTracker t) {
                out.put("indicators", (long) t.indicators());
                out.put("waiting_events", (long) t.waiting());
                out.put("expired", t.expired());
                out.put("evictions", t.evictions());
                out.put("memory_bytes", t.memoryBytes());
            } else if (tracker instanceof SequenceMatcher m) {
                var stats = m.state().stats();
                out.put("keys", (long) stats.keys());
                out.put("pending", stats.pending());
                out.put("evictions", stats.evicted());
                out.put("memory_bytes", stats.memoryEstimate());
            } else {
                var stats = ((SampleMatcher) tracker).stats();
                out.put("keys", (long) stats.keys());
                out.put("evictions", stats.evicted());
                out.put("memory_bytes", stats.memoryEstimate());
            }
        }
        return out;
    }

    /** Entries the tracker remembers: groups, terms or keys. */
    static long entries(Map<String, Long> stats) {
        return stats.getOrDefault(
                "groups",
                stats.getOrDefault(
                        "terms",
                        stats.getOrDefault(
                                "keys", stats.getOrDefault("documents", stats.getOrDefault("indicators", 0L)))));
    }
}
