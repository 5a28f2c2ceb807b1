package io.verdict.engine.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the work of a large batch on every core while its items are still being read, and hands the results back
 * in input order: items are grouped into chunks (of {@code chunkSize} items or {@code chunkBytes} of input,
 * whichever comes first), each chunk is worked on by the shared worker pool, and results are handed to the sink
 * (on the calling thread) chunk by chunk in the order the chunks were made. At most {@code maxInFlight} chunks are
 * read ahead, so memory stays bounded (twice the cores times a chunk's bytes, plus one item each) whatever the
 * batch size. A batch smaller than one chunk is worked on by the calling thread, with no hand-over. Not
 * thread-safe: one per request.
 */
final class ChunkedPipeline<I, O> {

    /** Shared by all requests: one thread per core, so concurrent batches share the cores instead of piling up. */
    private static final ExecutorService WORKERS =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), new ThreadFactory());

    private final Function<I, O> work;
    private final Consumer<O> sink;
    private final Runnable afterChunk;
    private final int chunkSize;
    private final long chunkBytes;
    private final int maxInFlight;
    private final ArrayDeque<Future<List<O>>> inFlight = new ArrayDeque<>();
    private List<I> chunk;
    private long bytes;

    /**
     * @param work       what to do with one item; runs on a worker thread, so it must be thread-safe
     * @param sink       receives each result in input order, on the calling thread
     * @param afterChunk runs on the calling thread after the results of a chunk (flushing a stream)
     */
    ChunkedPipeline(Function<I, O> work, Consumer<O> sink, Runnable afterChunk, int chunkSize, long chunkBytes) {
        this.work = work;
        this.sink = sink;
        this.afterChunk = afterChunk;
        this.chunkSize = chunkSize;
        this.chunkBytes = chunkBytes;
        this.maxInFlight = 2 * Runtime.getRuntime().availableProcessors();
        this.chunk = new ArrayList<>(chunkSize);
    }

    /** Adds an item that took {@code itemBytes} of the input. */
    void add(I item, long itemBytes) {
        chunk.add(item);
        bytes += itemBytes;
        if (chunk.size() == chunkSize || bytes >= chunkBytes) {
            submit();
        }
    }

    /** Works on what is left and hands over every remaining result. */
    void finish() {
        if (!chunk.isEmpty()) {
            if (inFlight.isEmpty()) {
                deliver(map(chunk));
                chunk = new ArrayList<>(0);
            } else {
                submit();
            }
        }
        while (!inFlight.isEmpty()) {
            deliver(await(inFlight.poll()));
        }
    }

    /** Gives up on the chunks in flight (the batch failed); their results are dropped. */
    void abandon() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
    }

    private void submit() {
        List<I> full = chunk;
        chunk = new ArrayList<>(chunkSize);
        bytes = 0;
        inFlight.add(WORKERS.submit(() -> map(full)));
        while (inFlight.size() > maxInFlight
                || !inFlight.isEmpty() && inFlight.peek().isDone()) {
            deliver(await(inFlight.poll()));
        }
    }

    private List<O> map(List<I> items) {
        List<O> out = new ArrayList<>(items.size());
        for (I item : items) {
            out.add(work.apply(item));
        }
        return out;
    }

    private void deliver(List<O> results) {
        results.forEach(sink);
        afterChunk.run();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Daemon threads named {@code verdict-batch-N}. */
    private static final class ThreadFactory implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "verdict-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
