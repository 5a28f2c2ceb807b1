package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The syntax tree of sequences, samples and pipes, which a stateful evaluator will plan from; error positions. */
class EqlParserTest {

    private final EqlCompiler compiler = new EqlCompiler();

    @Test
    void sequenceKeepsEverythingAStatefulEvaluatorNeeds() {
        CompiledEql q = compiler.compile("""
                sequence by host.id with maxspan=5m
                  [process where event.type == "start"] by process.entity_id with runs=2
                  ![file where true] by process.entity_id
                  [network where true] by process.entity_id
                until [process where event.type == "end"] by process.entity_id
                | head 3""");
        assertEquals(QueryKind.SEQUENCE, q.kind());
        assertTrue(q.needsStatefulEvaluation());
        assertThrows(IllegalStateException.class, () -> q.matches(Event.parse("{}")));
        Query.SequenceQuery seq = (Query.SequenceQuery) q.ast();
        assertEquals(
                List.of("host.id"),
                seq.by().stream().map(k -> ((Expr.Field) k).name()).toList());
        assertEquals(Duration.ofMinutes(5), seq.maxspan().duration());
        assertEquals(3, seq.stages().size());
        assertEquals(2, seq.stages().get(0).runs());
        assertFalse(seq.stages().get(0).missing());
        assertTrue(seq.stages().get(1).missing());
        assertEquals("file", seq.stages().get(1).filter().category());
        assertEquals("process.entity_id", ((Expr.Field) seq.stages().get(2).by().get(0)).name());
        assertEquals("process", seq.until().filter().category());
        assertEquals(List.of(new Query.Pipe("head", 3, seq.pipes().get(0).offset())), seq.pipes());
        assertEquals(4, q.stageConditions().size());
        assertTrue(q.stageConditions()
                .get(0)
                .matches(Event.parse("{\"event\":{\"category\":\"process\",\"type\":\"start\"}}")));
        assertEquals(List.of("host.id", "event.category", "event.type", "process.entity_id"), q.fieldNames());
    }

    @Test
    void withAndByInEitherOrder() {
        Query.SequenceQuery seq = (Query.SequenceQuery)
                compiler.compile("sequence with maxspan=500ms by user.name [process where true] [file where true]")
                        .ast();
        assertEquals(Duration.ofMillis(500), seq.maxspan().duration());
        assertEquals(1, seq.by().size());
        assertNull(seq.until());
    }

    @Test
    void sample() {
        CompiledEql q =
                compiler.compile("sample by host.id [process where true] by user.name [file where true] by user.id");
        assertEquals(QueryKind.SAMPLE, q.kind());
        Query.SampleQuery sample = (Query.SampleQuery) q.ast();
        assertEquals(2, sample.stages().size());
        assertEquals("user.id", ((Expr.Field) sample.stages().get(1).by().get(0)).name());
    }

    @Test
    void pipesOnAnEventQuery() {
        CompiledEql q = compiler.compile("process where true | head 5 | tail 2");
        assertEquals(QueryKind.EVENT, q.kind());
        assertEquals(
                List.of("head", "tail"),
                q.pipes().stream().map(Query.Pipe::name).toList());
        assertEquals(2, q.pipes().get(1).count());
    }

    @Test
    void categoryOverride() {
        CompiledEql q = compiler.compile(
                SourceText.of("start where process.name == \"x\""),
                EqlOptions.defaults().withEventCategoryField("event.type"));
        assertTrue(q.matches(Event.parse("{\"event\":{\"type\":[\"start\"]},\"process\":{\"name\":\"x\"}}")));
        assertFalse(q.matches(Event.parse("{\"event\":{\"category\":[\"start\"]},\"process\":{\"name\":\"x\"}}")));
        assertEquals(List.of("event.type", "process.name"), q.fieldNames());
    }

    @Test
    void problemsAreInFileCoordinatesWithSourceLineAndCaret() {
        // the query text starts at line 27, column 9 of the rule file
        SourceText text = SourceText.at("process where process.name = \"x\"", "rules/x.toml", 27, 9);
        QueryException e = assertThrows(QueryException.class, () -> compiler.compile(text, EqlOptions.defaults()));
        Problem p = e.problems().get(0);
        assertEquals("rules/x.toml:27:36", p.location());
        assertEquals(
                "rules/x.toml:27:36: use '==' to compare, not '='\n"
                        + "process where process.name = \"x\"\n"
                        + "                           ^",
                p.render());

        SourceText twoLines = SourceText.at("process where true and\n  foo(process.name)", "rules/y.toml", 40, 1);
        QueryException e2 = assertThrows(QueryException.class, () -> compiler.compile(twoLines, EqlOptions.defaults()));
        assertEquals("rules/y.toml:41:3", e2.problems().get(0).location());
        assertTrue(e2.getMessage().contains("  foo(process.name)\n  ^"), e2.getMessage());
    }
}
