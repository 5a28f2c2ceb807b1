package io.verdict.esql;

import io.verdict.event.Event;
import io.verdict.query.Problem;
import java.util.List;
import java.util.Set;

/**
 * An ES|QL query compiled once: checked against the field types, every expression bound. Immutable and
 * thread-safe: any number of runs, from any number of threads; each run keeps its state to itself.
 */
public interface CompiledEsql {

    /** The query as written. */
    String text();

    /**
     * Whether the query aggregates in Kibana's sense: a top-level {@code STATS} command ({@code INLINE STATS} is
     * not one). Kibana alerts once per row of such a query, per run, and on each source document otherwise.
     */
    boolean aggregating();

    /**
     * Whether every command after the source works on one row at a time ({@code WHERE}, {@code EVAL},
     * {@code KEEP}, {@code DROP}, {@code RENAME}, {@code MV_EXPAND}, {@code DISSECT}, {@code GROK}): then a document's
     * rows depend on that document alone and {@link #run} over one document decides it.
     */
    boolean perDocument();

    /** The index patterns of {@code FROM}; empty for {@code ROW}. */
    List<String> indexPatterns();

    /** The {@code METADATA} fields {@code FROM} asks for. */
    List<String> metadata();

    /** The source fields the query reads (not the columns it computes), for projection and evidence. */
    Set<String> sourceFields();

    /**
     * The first command the query has that Verdict does not run, in lower case with {@code _} for spaces
     * ({@code completion}, {@code lookup_join}); null when it runs every command.
     */
    String unsupported();

    /** What compiles but deserves a word: a source field no field set knows (read as keyword), a constant null. */
    List<Problem> warnings();

    /**
     * Whether a document can yield a row: its event passes the first {@code WHERE} when that command comes right
     * after {@code FROM} (else every document passes). Cheap; used to keep only the documents that matter.
     */
    boolean passesLeadingFilter(Event event);

    /**
     * Whether the document yields at least one row through the whole pipeline (for a query that works row by row),
     * run at {@code now}. A document the first filter drops is answered from that filter alone, without a run.
     */
    default boolean yieldsRow(EsqlDocument document, java.time.Instant now) {
        return !run(List.of(document), new EsqlContext(now, 1, false)).rows().isEmpty();
    }

    /** Runs the whole pipeline over the documents, in the order given. */
    EsqlResult run(List<EsqlDocument> documents, EsqlContext context);
}
