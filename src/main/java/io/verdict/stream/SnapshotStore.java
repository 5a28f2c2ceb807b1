package io.verdict.stream;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The changelogged store of a task's tracker state: a logged key-value store of snapshot chunks, which its owner
 * fills when Kafka Streams flushes it. A task flushes its stores at every commit before it commits its offsets (in
 * the same transaction under {@code exactly_once_v2}), so what the changelog holds is the state as of the offsets
 * committed: a task restored elsewhere, or after a crash, starts from exactly the state its replay expects.
 *
 * <p>Not a {@link KeyValueStore} itself, so that the processor is handed this object (and can tell it what to write
 * before a flush) rather than a decorated view of it.
 */
final class SnapshotStore implements StateStore, CachedStateStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private Runnable beforeFlush = () -> {};

    private SnapshotStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** Runs {@code save} at every flush, before the store's own: it writes what changed since the last one. */
    void beforeFlush(Runnable save) {
        this.beforeFlush = save;
    }

    KeyValueStore<Bytes, byte[]> entries() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void flush() {
        beforeFlush.run();
        inner.flush();
    }

    /**
     * Where the save must happen: a task flushes its caches before it commits (in the transaction of the commit
     * under {@code exactly_once_v2}), while it flushes its stores after the commit — under {@code exactly_once_v2}
     * only when it closes, into a transaction that is never committed. Saved here, the changelog holds the state
     * as of the offsets committed with it; a store is told through Kafka Streams' cached-store interface, the one
     * the task's commit calls.
     */
    @Override
    public void flushCache() {
        beforeFlush.run();
    }

    /** Nothing is cached: what is not saved yet is the task's memory, which a dirty close throws away with it. */
    @Override
    public void clearCache() {}

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void close() {
        beforeFlush = () -> {};
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return inner.getPosition();
    }

    /** Builds the store: a persistent key-value store, logged to a compacted changelog, uncached. */
    static final class Builder implements StoreBuilder<SnapshotStore> {

        private StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

        Builder(String name) {
            this.inner = Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withCachingDisabled()
                    .withLoggingEnabled(Map.of());
        }

        @Override
        public StoreBuilder<SnapshotStore> withCachingEnabled() {
            inner = inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<SnapshotStore> withCachingDisabled() {
            inner = inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<SnapshotStore> withLoggingEnabled(Map<String, String> config) {
            inner = inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<SnapshotStore> withLoggingDisabled() {
            inner = inner.withLoggingDisabled();
            return this;
        }

        @Override
        public SnapshotStore build() {
            return new SnapshotStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
