package io.verdict.esql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Query;
import io.verdict.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every ES|QL query of the detection-rules corpus parses, with the commands the corpus inventory counts. */
class EsqlParserCorpusTest {

    @Test
    void everyCorpusQueryParses() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> rulesByCommand = new TreeMap<>();
        int parsed = 0;
        for (EsqlCorpus.Rule rule : EsqlCorpus.rules()) {
            try {
                Query query = EsqlParser.parse(rule.query());
                parsed++;
                query.commands().stream()
                        .map(Command::keyword)
                        .distinct()
                        .forEach(k -> rulesByCommand.merge(k, 1, Integer::sum));
            } catch (QueryException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
        assertEquals(209, parsed);
        assertEquals(209, rulesByCommand.get("FROM"));
        assertEquals(7, rulesByCommand.get("COMPLETION"));
        assertEquals(8, rulesByCommand.get("INLINE STATS"));
        assertEquals(22, rulesByCommand.get("GROK"));
        assertEquals(12, rulesByCommand.get("DISSECT"));
        assertEquals(19, rulesByCommand.get("MV_EXPAND"));
        assertEquals(1, rulesByCommand.get("RENAME"));
    }
}
