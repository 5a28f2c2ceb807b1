package io.verdict.esql.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FROM: reading source documents into rows, as Elasticsearch's doc values give them. */
class EsqlSourceTest {

    private static final FieldTypes TYPES = Table.types(Map.of(
            "process.name", DataType.KEYWORD,
            "process.args", DataType.KEYWORD,
            "message", DataType.TEXT,
            "source.ip", DataType.IP,
            "event.code", DataType.INTEGER,
            "@timestamp", DataType.DATETIME,
            "bytes", DataType.LONG,
            "source.geo.location", DataType.GEO_POINT));

    @Test
    void keywordMultivaluesAreSortedAndDeduplicatedTextKeepsItsOrder() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM logs-* | KEEP process.args, message, bytes",
                "{\"process\": {\"args\": [\"b\", \"a\", \"b\"]}, \"message\": [\"z\", \"y\", \"z\"], \"bytes\": [3, 1, 3]}");
        assertEquals(
                "process.args:keyword | message:text | bytes:long\n[a, b] | [z, y, z] | [1, 3, 3]", Table.render(r));
    }

    @Test
    void jsonValuesAreConvertedToTheFieldsTypeAndDottedKeysAreRead() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM logs-* METADATA _id, _index | EVAL local = source.ip == \"10.0.0.1\" | KEEP event.code, source.ip, local, @timestamp, _id",
                "{\"event.code\": \"4688\", \"source\": {\"ip\": \"10.0.0.1\"}, \"@timestamp\": \"2025-01-01T00:00:00.123456Z\"}");
        assertEquals(
                "event.code:integer | source.ip:ip | local:boolean | @timestamp:date | _id:keyword\n"
                        + "4688 | 10.0.0.1 | true | 2025-01-01T00:00:00.123Z | id0",
                Table.render(r));
    }

    @Test
    void withoutKeepEveryKnownFieldComesOutSortedByNameThenTheMetadata() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM logs-* METADATA _id | WHERE process.name == \"cmd.exe\"",
                "{\"process\": {\"name\": \"cmd.exe\"}}",
                "{\"process\": {\"name\": \"sh\"}}");
        assertEquals(
                List.of(
                        "@timestamp",
                        "bytes",
                        "event.code",
                        "message",
                        "process.args",
                        "process.name",
                        "source.geo.location",
                        "source.ip",
                        "_id"),
                r.columns().stream().map(EsqlResult.Column::name).toList());
        assertEquals(1, r.rows().size());
    }

    @Test
    void aGeoPointWithCoordinatesWrittenAsStringsIsReadNotThrown() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM x | KEEP source.geo.location",
                "{\"source\": {\"geo\": {\"location\": {\"lat\": \"40.5\", \"lon\": \"-120.25\"}}}}",
                "{\"source\": {\"geo\": {\"location\": {\"lat\": \"north\", \"lon\": 1}}}}");
        assertEquals("source.geo.location:geo_point\nPOINT (-120.25 40.5)\nnull", Table.render(r));
    }

    @Test
    void columnsNoCommandBeforeTheFirstFilterReadsAreThereForTheRowsThatPassIt() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM x | EVAL n = LENGTH(process.name) | WHERE n > 2 | KEEP n, bytes, process.args",
                "{\"process\": {\"name\": \"cmd.exe\", \"args\": [\"/c\", \"dir\"]}, \"bytes\": 7}",
                "{\"process\": {\"name\": \"sh\"}, \"bytes\": 1}");
        assertEquals("n:integer | bytes:long | process.args:keyword\n7 | 7 | [/c, dir]", Table.render(r));
        EsqlResult all = Table.run(
                TYPES,
                "FROM x | EVAL n = LENGTH(process.name) | WHERE n > 2",
                "{\"process\": {\"name\": \"cmd.exe\"}, \"bytes\": 7, \"message\": [\"b\", \"a\"]}");
        List<String> names = all.columns().stream().map(EsqlResult.Column::name).toList();
        assertEquals(7L, all.rows().get(0).get(names.indexOf("bytes")));
        assertEquals("[b, a]", String.valueOf(all.rows().get(0).get(names.indexOf("message"))));
    }

    @Test
    void manyColumnsAreReadInOneWalkOverTheDocumentWithTheSameValues() {
        java.util.Map<String, DataType> many = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("f" + i + ".v", i % 2 == 0 ? DataType.KEYWORD : DataType.LONG);
        }
        EsqlResult r = Table.run(
                Table.types(many),
                "FROM x | WHERE f2.v == \"a\"",
                "{\"f2\": {\"v\": \"a\"}, \"f3.v\": [\"9\", 4], \"f4\": {\"v\": [\"z\", \"y\", \"z\"]}, \"f5\": [{\"v\": 1}, {\"v\": 2}]}");
        List<String> names = r.columns().stream().map(EsqlResult.Column::name).toList();
        List<Object> row = r.rows().get(0);
        assertEquals(40, names.size());
        assertEquals("a", row.get(names.indexOf("f2.v")));
        assertEquals("[4, 9]", String.valueOf(row.get(names.indexOf("f3.v"))));
        assertEquals("[y, z]", String.valueOf(row.get(names.indexOf("f4.v"))));
        assertEquals("[1, 2]", String.valueOf(row.get(names.indexOf("f5.v"))));
        assertEquals(null, row.get(names.indexOf("f6.v")));
    }

    @Test
    void anUnknownFieldANumberIsComparedWithOrAggregatedIntoOneIsReadAsANumber() {
        EsqlResult r = Table.run(
                Table.types(Map.of()),
                "FROM x | STATS m = MAX(tokens) BY code | WHERE m > 5000 AND code == 401",
                "{\"tokens\": 999, \"code\": \"401\"}",
                "{\"tokens\": \"6000\", \"code\": 401}",
                "{\"tokens\": 7000, \"code\": 403}");
        assertEquals("m:long | code:long\n6000 | 401", Table.render(r));
        CompiledEsql q = new EsqlCompiler(Table.types(Map.of()))
                .compile(SourceText.of("FROM x | STATS m = MAX(tokens) BY code | WHERE m > 5000 AND code == 401"));
        assertTrue(q.warnings().stream().allMatch(w -> w.message().contains("is read as long")));
    }

    @Test
    void anUnknownFieldIsReadAsKeywordWithACompileWarning() {
        CompiledEsql q =
                new EsqlCompiler(TYPES).compile(SourceText.of("FROM x | WHERE user.name == \"root\" | KEEP user.name"));
        assertEquals(
                "unknown field [user.name] is read as keyword",
                q.warnings().get(0).message());
        assertTrue(q.passesLeadingFilter(Event.parse("{\"user\": {\"name\": \"root\"}}")));
        assertEquals(java.util.Set.of("user.name"), q.sourceFields());
    }

    @Test
    void theLeadingFilterDecidesOneEventWithoutWarnings() {
        CompiledEsql q = new EsqlCompiler(TYPES)
                .compile(SourceText.of(
                        "FROM x | WHERE process.args == \"-enc\" | EVAL n = LENGTH(process.name) | KEEP n"));
        assertFalse(q.passesLeadingFilter(Event.parse("{\"process\": {\"args\": [\"-enc\", \"x\"]}}")));
        assertTrue(q.passesLeadingFilter(Event.parse("{\"process\": {\"args\": \"-enc\"}}")));
        assertTrue(q.perDocument());
        assertFalse(q.aggregating());
        assertEquals(java.util.Set.of("process.args", "process.name"), q.sourceFields());
    }

    @Test
    void aTopLevelStatsAggregatesAndInlineStatsDoesNot() {
        EsqlCompiler compiler = new EsqlCompiler(TYPES);
        assertTrue(compiler.compile(SourceText.of("FROM x | STATS c = COUNT(*) BY process.name"))
                .aggregating());
        CompiledEsql inline = compiler.compile(SourceText.of("FROM x | INLINE STATS c = COUNT(*) BY process.name"));
        assertFalse(inline.aggregating());
        assertFalse(inline.perDocument());
    }

    @Test
    void kqlRunsOnTheRawEventWithAnyElementSemantics() {
        EsqlResult r = Table.run(
                TYPES,
                "FROM x | WHERE KQL(\"process.args: -enc\") | KEEP process.name",
                "{\"process\": {\"name\": \"a\", \"args\": [\"x\", \"-enc\"]}}",
                "{\"process\": {\"name\": \"b\", \"args\": [\"x\"]}}");
        assertEquals("process.name:keyword\na", Table.render(r));
    }

    @Test
    void aCommandVerdictDoesNotRunIsNamedAndTheRunRefuses() {
        CompiledEsql q = new EsqlCompiler(TYPES)
                .compile(
                        SourceText.of(
                                "FROM x | COMPLETION answer = process.name WITH {\"inference_id\": \"x\"} | WHERE answer == \"yes\""));
        assertEquals("completion", q.unsupported());
        org.junit.jupiter.api.Assertions.assertThrows(
                io.verdict.esql.EsqlRunException.class,
                () -> q.run(List.of(), new EsqlContext(Instant.EPOCH, 10, false)));
    }

    @Test
    void tracesCountRowsInAndOutPerCommand() {
        CompiledEsql q = new EsqlCompiler(TYPES)
                .compile(SourceText.of("FROM x\n| WHERE bytes > 1\n| STATS c = COUNT(*) BY process.name"));
        EsqlResult r = q.run(
                List.of(
                        new io.verdict.esql.EsqlDocument(
                                Event.parse("{\"bytes\": 5, \"process\": {\"name\": \"a\"}}"), "1", "i", 1),
                        new io.verdict.esql.EsqlDocument(Event.parse("{\"bytes\": 0}"), "2", "i", 1)),
                new EsqlContext(Instant.EPOCH, 10, true));
        assertEquals(
                List.of(
                        new EsqlResult.Step("FROM x", 1, 1, 2, 2, -1),
                        new EsqlResult.Step("WHERE bytes > 1", 2, 3, 2, 1, -1),
                        new EsqlResult.Step("STATS c = COUNT(*) BY process.name", 3, 3, 1, 1, 1)),
                r.steps());
    }
}
