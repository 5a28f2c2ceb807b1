package io.verdict.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.verdict.event.Event;

/**
 * Which of a plan's rules search the index an event names, decided once per index name and remembered. Shared by
 * a plan and every copy bound to a state store, so the service, which binds the cached plan to its store on each
 * request, works a name out once per rule set rather than once per request.
 *
 * <p>Rules are grouped by their index patterns (the corpus's 2,068 rules use a few hundred distinct lists), so a
 * new name is tested against each distinct list once.
 */
final class Routes {

    /** Decisions kept per index name; past this many names they are worked out per event. */
    private static final int MAX_NAMES = 4096;

    /** For one index name: which rules search it, and how many selected rules do and do not. */
    record Routing(boolean[] routed, int evaluated, int notRouted) {
    }

    private final boolean[] chosen;
    private final IndexPatterns[] distinct;
    /** Per rule position, its patterns' place in {@link #distinct}. */
    private final int[] patternsOf;
    private final Routing noIndex;
    private final Map<EventIndex.DataStream, Routing> byStream = new ConcurrentHashMap<>();
    private final Map<String, Routing> byRawIndex = new ConcurrentHashMap<>();

    Routes(CompiledRule[] all, boolean[] chosen, Plan.Unrouted unrouted) {
        this.chosen = chosen;
        Map<IndexPatterns, Integer> ids = new HashMap<>();
        this.patternsOf = new int[all.length];
        for (int p = 0; p < all.length; p++) {
            patternsOf[p] = ids.computeIfAbsent(all[p].index(), k -> ids.size());
        }
        this.distinct = new IndexPatterns[ids.size()];
        ids.forEach((patterns, id) -> distinct[id] = patterns);
        this.noIndex = route(unrouted == Plan.Unrouted.ALL_RULES ? null : "");
    }

    Routing of(Event event) {
        // a client's _index is looked up as sent, so a backing index name is parsed once, not per event
        String raw = EventIndex.rawIndex(event);
        if (raw != null) {
            Routing known = byRawIndex.get(raw);
            return known != null ? known : remember(byRawIndex, raw, route(EventIndex.named(raw)));
        }
        EventIndex.DataStream stream = EventIndex.DataStream.of(event);
        if (stream == null) {
            return noIndex;
        }
        Routing known = byStream.get(stream);
        return known != null ? known : remember(byStream, stream, route(stream.name()));
    }

    private static <K> Routing remember(Map<K, Routing> cache, K key, Routing routing) {
        if (cache.size() < MAX_NAMES) {
            cache.putIfAbsent(key, routing);
        }
        return routing;
    }

    /** For an index name, or (name null or empty) for an event with none: null routes to every rule. */
    private Routing route(String indexName) {
        boolean[] accepted = new boolean[distinct.length];
        for (int i = 0; i < distinct.length; i++) {
            IndexPatterns patterns = distinct[i];
            accepted[i] = indexName == null || (indexName.isEmpty() ? patterns.acceptsAll() : patterns.accepts(indexName));
        }
        boolean[] routed = new boolean[patternsOf.length];
        int in = 0;
        int out = 0;
        for (int p = 0; p < patternsOf.length; p++) {
            if (!chosen[p]) {
                continue;
            }
            routed[p] = accepted[patternsOf[p]];
            if (routed[p]) {
                in++;
            } else {
                out++;
            }
        }
        return new Routing(routed, in, out);
    }
}
