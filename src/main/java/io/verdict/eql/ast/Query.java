package io.verdict.eql.ast;

import java.time.Duration;
import java.util.List;

/**
 * A whole EQL query as written: an event query, a sequence or a sample, followed by pipes. Sequences and samples
 * keep everything a stateful evaluator needs (join keys per stage, maxspan, runs, until, missing events).
 */
public sealed interface Query {

    List<Pipe> pipes();

    int offset();

    /** {@code <category> where <condition>}; category null for {@code any}. */
    record EventFilter(String category, Expr condition, int offset) {}

    /** {@code category where condition | pipes}. */
    record EventQuery(EventFilter filter, List<Pipe> pipes, int offset) implements Query {
        public EventQuery {
            pipes = List.copyOf(pipes);
        }
    }

    /**
     * {@code sequence [by keys] [with maxspan=N unit] [stage] [by keys] [with runs=N] ... [until [stage] [by keys]]}.
     *
     * @param by      join keys shared by every stage (written after {@code sequence})
     * @param maxspan null when absent
     * @param stages  positive and missing ({@code ![...]}) stages in order, runs not expanded
     * @param until   null when absent
     */
    record SequenceQuery(List<Expr> by, Maxspan maxspan, List<Stage> stages, Stage until, List<Pipe> pipes, int offset)
            implements Query {
        public SequenceQuery {
            by = List.copyOf(by);
            stages = List.copyOf(stages);
            pipes = List.copyOf(pipes);
        }
    }

    /** {@code sample [by keys] [stage] [by keys] ...}. */
    record SampleQuery(List<Expr> by, List<Stage> stages, List<Pipe> pipes, int offset) implements Query {
        public SampleQuery {
            by = List.copyOf(by);
            stages = List.copyOf(stages);
            pipes = List.copyOf(pipes);
        }
    }

    /**
     * One bracketed term of a sequence or sample.
     *
     * @param by      the stage's own join keys (appended to the query-level ones)
     * @param runs    {@code with runs=N}; 1 when absent
     * @param missing written {@code ![...]}: a missing-event stage
     */
    record Stage(EventFilter filter, List<Expr> by, int runs, boolean missing, int offset) {
        public Stage {
            by = List.copyOf(by);
        }
    }

    /** {@code with maxspan=<amount><unit>}, units ms s m h d. */
    record Maxspan(long amount, String unit, Duration duration, int offset) {}

    /** {@code | head N}, {@code | tail N}. */
    record Pipe(String name, long count, int offset) {}
}
