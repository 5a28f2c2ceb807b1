package io.verdict.eql.sample;

import io.verdict.eql.sequence.Footprint;
import io.verdict.eql.sequence.JoinKey;
import io.verdict.event.Event;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams events through one {@code sample} rule (eql-semantics.md §8). Per join key it keeps, for each filter, the
 * first {@code filters * maxSamplesPerKey} events that match it; a sample is one distinct event per filter, chosen as
 * Elasticsearch's backtracking does (depth first over the filters, an event used at most once per sample), at most
 * {@code maxSamplesPerKey} per key. Each {@link #offer(Event)} returns the samples it completed.
 *
 * <p>Not thread-safe: the caller serialises calls per rule.
 */
public final class SampleMatcher {

    private final SamplePlan plan;
    private final SampleLimits limits;
    /** Candidates kept per filter: as Elasticsearch fetches, filters x samples per key, since one event may match
     *  several filters and a sample needs distinct events. */
    private final int perFilter;

    private final LinkedHashMap<JoinKey, KeySamples> keys = new LinkedHashMap<>(16, 0.75f, true);
    private long seq;
    private long evicted;
    private long completed;
    private long candidates;
    /** Estimated bytes held (see {@link Footprint}), kept up to date as keys and candidates come and go. */
    private long bytes;
    /** A key without its candidates: its map entry, its object, and per filter a list with its first array. */
    private final long keyShell;
    /** Told every change of {@link #bytes}: the service's total over all rules. */
    private LongConsumer total = NO_TOTAL;
    /** Told every decision when explaining; null otherwise. */
    private final SampleTrace trace;

    public SampleMatcher(SamplePlan plan, SampleLimits limits) {
        this(plan, limits, null);
    }

    /** A matcher that tells {@code trace} (null: nobody) every decision it takes. */
    public SampleMatcher(SamplePlan plan, SampleLimits limits, SampleTrace trace) {
        this.plan = plan;
        this.limits = limits;
        this.perFilter = (int) Math.min(Integer.MAX_VALUE, (long) plan.filterCount() * limits.maxSamplesPerKey());
        this.trace = trace;
        this.keyShell = Footprint.LINKED_ENTRY
                + KEY_SAMPLES
                + Footprint.references(plan.filterCount())
                + plan.filterCount() * (Footprint.ARRAY_LIST + Footprint.references(1));
    }

    private static final LongConsumer NO_TOTAL = bytes -> {};
    /** A {@link KeySamples} object. */
    private static final int KEY_SAMPLES = 24;
    /** A {@link Candidate} record and its slot in a list. */
    private static final int CANDIDATE = 24 + 8;

    /**
     * Reports the state's estimated bytes to {@code total} from now on (a running sum over several states): what it
     * holds now at once, then every change. The previous receiver is told the state's bytes are gone.
     */
    public void countInto(LongConsumer total) {
        this.total.accept(-bytes);
        this.total = total == null ? NO_TOTAL : total;
        this.total.accept(bytes);
    }

    /** Estimated bytes the state holds. */
    public long memoryBytes() {
        return bytes;
    }

    /** Forgets the least recently used keys (each counted as evicted) until at most {@code maxBytes} are held. */
    public void shrinkTo(long maxBytes) {
        while (bytes > maxBytes && !keys.isEmpty()) {
            evictEldest();
        }
    }

    /** One key's candidate events per filter, and how many samples it has returned. */
    private static final class KeySamples {
        final List<Candidate>[] byFilter;
        int emitted;

        @SuppressWarnings("unchecked")
        KeySamples(int filters) {
            byFilter = new List[filters];
            for (int i = 0; i < filters; i++) {
                byFilter[i] = new ArrayList<>(1);
            }
        }
    }

    /** An event kept as JSON text, with its arrival number as its identity. */
    private record Candidate(long seq, String json) {}

    /** The whole state as plain data; {@link #restore} reads it back. */
    public SampleSnapshot snapshot() {
        List<SampleSnapshot.KeyEntry> entries = new ArrayList<>(keys.size());
        keys.forEach((key, k) -> {
            List<List<SampleSnapshot.Candidate>> filters = new ArrayList<>(k.byFilter.length);
            for (List<Candidate> candidates : k.byFilter) {
                filters.add(candidates.stream()
                        .map(c -> new SampleSnapshot.Candidate(c.seq(), c.json()))
                        .toList());
            }
            entries.add(new SampleSnapshot.KeyEntry(key.encode(), k.emitted, filters));
        });
        return new SampleSnapshot(SampleSnapshot.FORMAT, plan.fingerprint(), seq, evicted, completed, entries);
    }

    /**
     * A matcher holding the snapshot's state; {@link IllegalArgumentException} when it belongs to another query or
     * does not fit this one (a caller reports it and starts empty).
     */
    public static SampleMatcher restore(SamplePlan plan, SampleLimits limits, SampleSnapshot snapshot) {
        try {
            return rebuild(plan, limits, snapshot);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt sample snapshot: " + e, e);
        }
    }

    private static SampleMatcher rebuild(SamplePlan plan, SampleLimits limits, SampleSnapshot snapshot) {
        if (snapshot.format() != SampleSnapshot.FORMAT || !plan.fingerprint().equals(snapshot.plan())) {
            throw new IllegalArgumentException("sample snapshot of another query or format: " + snapshot.plan());
        }
        SampleMatcher matcher = new SampleMatcher(plan, limits);
        matcher.seq = snapshot.arrivals();
        matcher.evicted = snapshot.evicted();
        matcher.completed = snapshot.completed();
        for (SampleSnapshot.KeyEntry entry : snapshot.keys()) {
            if (entry.filters().size() != plan.filterCount()) {
                throw new IllegalArgumentException("sample snapshot key " + entry.key() + " does not fit the query");
            }
            KeySamples k = new KeySamples(plan.filterCount());
            k.emitted = entry.emitted();
            matcher.adopt(JoinKey.decode(entry.key()), k);
            for (int f = 0; f < plan.filterCount(); f++) {
                for (SampleSnapshot.Candidate c : entry.filters().get(f)) {
                    matcher.add(k, f, new Candidate(c.arrival(), c.event()));
                }
            }
        }
        return matcher;
    }

    /** Offers the next event; returns the samples it completed. */
    public List<SampleMatch> offer(Event event) {
        return offer(event, null);
    }

    /** Offers the next event to the keys {@code only} accepts (null: every key); the samples it completed. */
    public List<SampleMatch> offer(Event event, java.util.function.Predicate<JoinKey> only) {
        long id = ++seq;
        String json = null;
        List<JoinKey> touched = new ArrayList<>(0);
        for (int f = 0; f < plan.filterCount(); f++) {
            if (!plan.condition(f).matches(event)) {
                continue;
            }
            for (JoinKey key : plan.keys(f).keys(event)) {
                if (only != null && !only.test(key)) {
                    continue;
                }
                KeySamples k = getOrCreate(key);
                if (k.byFilter[f].size() < perFilter) {
                    json = json == null ? event.json() : json;
                    add(k, f, new Candidate(id, json));
                    if (!touched.contains(key)) {
                        touched.add(key);
                    }
                    if (trace != null) {
                        trace.step(new SampleTrace.Step(SampleTrace.Kind.CANDIDATE, f, key, id, List.of()));
                    }
                } else if (trace != null) {
                    trace.step(new SampleTrace.Step(SampleTrace.Kind.FULL, f, key, id, List.of()));
                }
            }
        }
        List<SampleMatch> out = new ArrayList<>(0);
        for (JoinKey key : touched) {
            KeySamples k = keys.get(key);
            List<List<Candidate>> all = combinations(k);
            for (int i = k.emitted; i < all.size(); i++) {
                out.add(toMatch(key, all.get(i)));
                if (trace != null) {
                    trace.step(new SampleTrace.Step(
                            SampleTrace.Kind.SAMPLE,
                            -1,
                            key,
                            id,
                            all.get(i).stream().map(Candidate::seq).toList()));
                }
            }
            completed += Math.max(0, all.size() - k.emitted);
            k.emitted = Math.max(k.emitted, all.size());
        }
        while (bytes > limits.maxBytes() && keys.size() > 1) {
            evictEldest();
        }
        return out;
    }

    /** Every sample the state holds now, ordered by join key as Elasticsearch's composite aggregation orders them. */
    public List<SampleMatch> samples() {
        List<JoinKey> sorted = new ArrayList<>(keys.keySet());
        sorted.sort(null);
        List<SampleMatch> out = new ArrayList<>();
        for (JoinKey key : sorted) {
            for (List<Candidate> combination : combinations(keys.get(key))) {
                out.add(toMatch(key, combination));
            }
        }
        return out;
    }

    public SampleStats stats() {
        return new SampleStats(keys.size(), candidates, bytes, evicted, completed);
    }

    /** Forgets everything (for tests and replays); counters restart too. */
    public void clear() {
        keys.clear();
        count(-bytes);
        seq = evicted = completed = candidates = 0;
    }

    private void add(KeySamples k, int filter, Candidate c) {
        k.byFilter[filter].add(c);
        candidates++;
        count(CANDIDATE + Footprint.string(c.json()));
    }

    private void adopt(JoinKey key, KeySamples k) {
        keys.put(key, k);
        count(keyShell + key.footprint());
    }

    private KeySamples getOrCreate(JoinKey key) {
        KeySamples k = keys.get(key);
        if (k == null) {
            if (keys.size() >= limits.maxKeys()) {
                evictEldest();
            }
            k = new KeySamples(plan.filterCount());
            adopt(key, k);
        }
        return k;
    }

    private void evictEldest() {
        Iterator<Map.Entry<JoinKey, KeySamples>> eldest = keys.entrySet().iterator();
        Map.Entry<JoinKey, KeySamples> victim = eldest.next();
        if (trace != null) {
            trace.step(new SampleTrace.Step(SampleTrace.Kind.EVICTED, -1, victim.getKey(), seq, List.of()));
        }
        long freed = keyShell + victim.getKey().footprint();
        for (List<Candidate> list : victim.getValue().byFilter) {
            candidates -= list.size();
            for (Candidate c : list) {
                freed += CANDIDATE + Footprint.string(c.json());
            }
        }
        eldest.remove();
        count(-freed);
        evicted++;
    }

    private void count(long delta) {
        bytes += delta;
        total.accept(delta);
    }

    private List<List<Candidate>> combinations(KeySamples k) {
        List<List<Candidate>> result = new ArrayList<>(1);
        for (List<Candidate> candidates : k.byFilter) {
            if (candidates.isEmpty()) {
                return result;
            }
        }
        choose(0, k.byFilter, new ArrayList<>(k.byFilter.length), result);
        return result;
    }

    // depth first: for each filter the first candidate not already in the partial sample
    private boolean choose(
            int filter, List<Candidate>[] byFilter, List<Candidate> partial, List<List<Candidate>> result) {
        for (Candidate c : byFilter[filter]) {
            if (partial.stream().anyMatch(p -> p.seq() == c.seq())) {
                continue;
            }
            partial.add(c);
            if (filter == byFilter.length - 1) {
                result.add(List.copyOf(partial));
            } else if (choose(filter + 1, byFilter, partial, result)) {
                return true;
            }
            partial.remove(partial.size() - 1);
            if (result.size() == limits.maxSamplesPerKey()) {
                return true;
            }
        }
        return false;
    }

    private static SampleMatch toMatch(JoinKey key, List<Candidate> combination) {
        return new SampleMatch(
                key, combination.stream().map(c -> Event.parse(c.json())).toList());
    }
}
