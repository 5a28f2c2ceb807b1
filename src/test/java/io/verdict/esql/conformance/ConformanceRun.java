package io.verdict.esql.conformance;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Query;
import io.verdict.esql.parser.EsqlParser;
import io.verdict.esql.value.DataType;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs one csv-spec case against the shipped indices and compares its result. */
public final class ConformanceRun {

    /** What became of a case: passed, or the first difference (a problem or an exception counts as one). */
    public record Outcome(SpecCase spec, boolean passed, String difference) {}

    /**
     * Spec files stored at older upstream versions (see the conformance README): written before Elasticsearch warned
     * on multivalued fields in filters it pushes to Lucene, so a case of theirs that lists no warning does not say
     * that none is given today.
     */
    private static final Set<String> OLDER_SNAPSHOTS = Set.of("string.csv-spec", "eval.csv-spec", "ints.csv-spec");

    private ConformanceRun() {}

    /** Whether the compiler is there to run cases at all (it is a stub throwing UnsupportedOperationException until built). */
    public static boolean engineBuilt() {
        try {
            new EsqlCompiler(new SpecData.Types(Map.of())).compile(SourceText.of("ROW a = 1"));
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    public static Outcome run(SpecCase spec, Map<String, SpecData.Index> indices, Instant now) {
        try {
            // warnings quote positions in the query itself, so it is compiled as a text of its own
            SourceText text = SourceText.of(spec.query());
            Query query = EsqlParser.parse(text);
            Map<String, DataType> types = new LinkedHashMap<>();
            List<EsqlDocument> documents = new ArrayList<>();
            if (query.commands().stream()
                            .filter(c -> !(c instanceof Command.Unsupported))
                            .findFirst()
                            .orElse(null)
                    instanceof Command.From from) {
                for (String pattern : from.patterns()) {
                    SpecData.Index index = indices.get(pattern);
                    if (index == null) {
                        return new Outcome(spec, false, "index " + pattern + " is not shipped");
                    }
                    index.types()
                            .byName()
                            .forEach((k, v) -> types.merge(k, v, (a, b) -> a == b ? a : DataType.UNSUPPORTED));
                    documents.addAll(index.documents());
                }
            }
            CompiledEsql compiled = new EsqlCompiler(new SpecData.Types(types)).compile(text);
            EsqlResult result = compiled.run(documents, new EsqlContext(now, EsqlContext.DEFAULT_LIMIT, false));
            String difference = ResultComparator.firstDifference(spec, result, !OLDER_SNAPSHOTS.contains(spec.file()));
            return new Outcome(spec, difference == null, difference);
        } catch (QueryException e) {
            return new Outcome(spec, false, "problem: " + e.problems().get(0));
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(spec, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
