package io.verdict.esql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.conformance.SpecFiles;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every in-scope query of Elasticsearch's csv-spec cases (cases.tsv {@code feature_in_scope}) parses. */
class EsqlParserSpecTest {

    @Test
    void everyInScopeSpecQueryParses() {
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        List<SpecFiles.Listed> all = SpecFiles.all();
        assertEquals(1797, all.stream().filter(l -> l.entry() != null).count(), "cases matched to cases.tsv");
        for (SpecFiles.Listed listed : all) {
            if (!listed.inScope()) {
                continue;
            }
            try {
                EsqlParser.parse(SourceText.at(
                        listed.spec().query(),
                        listed.spec().file(),
                        listed.spec().line() + 1,
                        1));
                parsed++;
            } catch (QueryException e) {
                failures.add(listed.spec().file() + " " + listed.spec().name() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
        assertEquals(1597, parsed);
    }
}
