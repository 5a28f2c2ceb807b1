package io.verdict.engine;

import io.verdict.event.Envelopes;
import io.verdict.event.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Which of a plan's rules search the index an event names, decided once per index name and remembered. Shared by
 * a plan and every copy bound to a state store, so the service, which binds the cached plan to its store on each
 * request, works a name out once per rule set rather than once per request.
 *
 * <p>Rules are grouped by their index patterns (the corpus's 2,068 rules use a few hundred distinct lists), so a
 * new name is tested against each distinct list once.
 *
 * <p>An event's data stream is first looked up in a small table of recent streams compared by content (type,
 * dataset, namespace), which builds no key per event; a miss falls back to the map of every stream seen.
 */
final class Routes {

    /** Decisions kept per index name; past this many names they are worked out per event. */
    private static final int MAX_NAMES = 4096;
    /**
     * Slots of the table of recent data streams (a power of two): the 884 real documents of the corpus come from
     * 384 streams, and a stream that loses its slot costs a key record and a map lookup again.
     */
    private static final int RECENT = 1024;

    /** For one index name: which rules search it, and how many selected rules do and do not. */
    record Routing(boolean[] routed, int evaluated, int notRouted) {}

    private final boolean[] chosen;
    private final IndexPatterns[] distinct;
    /** Per rule position, its patterns' place in {@link #distinct}. */
    private final int[] patternsOf;

    private final Routing noIndex;
    private final Map<EventIndex.DataStream, Routing> byStream = new ConcurrentHashMap<>();
    private final Map<String, Routing> byRawIndex = new ConcurrentHashMap<>();
    /**
     * Recent data streams by their hash: direct-mapped, a new stream replacing the one in its slot. Threads race
     * on the slots harmlessly: an entry is immutable (final fields), so a thread sees it whole or not at all.
     */
    private final Recent[] recent = new Recent[RECENT];
    /** The routing of the alerts index, worked out on first use. */
    private volatile Routing alerts;

    /** A data stream's fields and its routing. */
    private record Recent(int hash, String type, String dataset, String namespace, Routing routing) {

        boolean is(int h, String t, String d, String ns) {
            return hash == h && dataset.equals(d) && type.equals(t) && namespace.equals(ns);
        }
    }

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
        // as EventIndex.DataStream.of, without its record: the type first, as most events without a stream lack it
        JsonNode typeValue = event.firstValue(EventIndex.TYPE);
        JsonNode datasetValue = typeValue == null ? null : event.firstValue(EventIndex.DATASET);
        if (datasetValue == null) {
            return noIndex;
        }
        JsonNode namespaceValue = event.firstValue(EventIndex.NAMESPACE);
        String type = typeValue.asString();
        String dataset = datasetValue.asString();
        String namespace = namespaceValue == null ? EventIndex.DEFAULT_NAMESPACE : namespaceValue.asString();
        int hash = (type.hashCode() * 31 + dataset.hashCode()) * 31 + namespace.hashCode();
        int slot = (hash ^ hash >>> 16) & (RECENT - 1);
        Recent seen = recent[slot];
        if (seen != null && seen.is(hash, type, dataset, namespace)) {
            return seen.routing();
        }
        EventIndex.DataStream stream = new EventIndex.DataStream(type, dataset, namespace);
        Routing known = byStream.get(stream);
        Routing routing = known != null ? known : remember(byStream, stream, route(stream.name()));
        recent[slot] = new Recent(hash, type, dataset, namespace, routing);
        return routing;
    }

    /**
     * Which rules search the alerts index Kibana writes its alerts to ({@link Envelopes#ALERTS_INDEX}): those with
     * a pattern that names it, as no other reaches a hidden index.
     */
    Routing alertsIndex() {
        Routing routing = alerts;
        if (routing == null) {
            routing = route(Envelopes.ALERTS_INDEX);
            alerts = routing;
        }
        return routing;
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
            accepted[i] =
                    indexName == null || (indexName.isEmpty() ? patterns.acceptsAll() : patterns.accepts(indexName));
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
