package io.verdict.esql.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.EsqlDocument;
import io.verdict.esql.value.DataType;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDataTest {

    private static final String CSV = """
            _id:keyword,   name:keyword , tags:keyword,n:integer,ns:long,h:double,h.float:float,h.half_float:half_float,h.scaled_float:scaled_float,ok:boolean,at:date,ips:ip,t:text,v:version
            a1,Georgi     ,[b,a,b],3,[5,-1,5],2.03,2.03,2.03,2.03,true ,2023-10-23T12:15:03.360Z,[127.0.0.1,::1],[z\\, y,x],1.2.3
            a2,, [] ,,[7],,,,,,,,,
            """;

    private static String json(EsqlDocument document) {
        return document.event().json();
    }

    @Test
    void loadsDocumentsAsElasticsearchIndexesThem() {
        SpecData.Index index = SpecData.load("x", CSV);
        assertEquals(DataType.KEYWORD, index.types().typeOf("name"));
        assertEquals(DataType.INTEGER, index.types().typeOf("n"));
        assertEquals(DataType.DOUBLE, index.types().typeOf("h.half_float"));
        assertEquals(DataType.UNSUPPORTED, index.types().typeOf("v"));
        assertFalse(index.types().names().contains("_id"));
        assertEquals(2, index.documents().size());

        EsqlDocument first = index.documents().get(0);
        assertEquals("a1", first.id());
        assertEquals("x", first.index());
        Event e = first.event();
        assertEquals("Georgi", e.firstValue(FieldPath.of("name")).asString());
        assertEquals("[\"a\",\"b\"]", e.root().get("tags").toString(), "keywords sorted and de-duplicated");
        assertEquals("[-1,5,5]", e.root().get("ns").toString(), "numbers sorted, duplicates kept");
        assertEquals("[\"::1\",\"127.0.0.1\"]", e.root().get("ips").toString(), "ips in byte order");
        assertEquals("[\"z, y\",\"x\"]", e.root().get("t").toString(), "text as written, \\, a comma");
        assertEquals(2.0299999713897705, e.firstValue(FieldPath.of("h.float")).asDouble());
        assertEquals(2.029296875, e.firstValue(FieldPath.of("h.half_float")).asDouble());
        assertEquals(2.03, e.firstValue(FieldPath.of("h.scaled_float")).asDouble());
        assertEquals(2.03, e.firstValue(FieldPath.of("h")).asDouble());
        assertTrue(e.firstValue(FieldPath.of("ok")).asBoolean());

        String second = json(index.documents().get(1));
        assertEquals("{\"ns\":7}", second, "blank cells and [] are missing, [x] is x");
    }

    @Test
    void aTextFieldWithAKeywordSubfieldIsReadFromItsDocValues() {
        Map<String, String> subfields = SpecData.keywordSubfields(
                "{\"properties\": {"
                        + "\"author\": {\"type\": \"text\", \"fields\": {\"keyword\": {\"type\": \"keyword\"}}},"
                        + "\"title\": {\"type\": \"text\"},"
                        + "\"city\": {\"properties\": {\"name\": {\"type\": \"text\", \"fields\": {\"raw\": {\"type\": \"keyword\"}}}}}}}");
        assertEquals(Map.of("author", "author.keyword", "city.name", "city.name.raw"), subfields);
        SpecData.Index books =
                SpecData.load("books", "author:text,title:text\n[Mott, Byers, Mott],[b, a]\n", subfields);
        assertEquals(DataType.TEXT, books.types().typeOf("author"));
        assertEquals(DataType.KEYWORD, books.types().typeOf("author.keyword"));
        Event e = books.documents().get(0).event();
        assertEquals("[\"Byers\",\"Mott\"]", e.root().get("author").toString());
        assertEquals("[\"Byers\",\"Mott\"]", e.root().get("author.keyword").toString());
        assertEquals("[\"b\",\"a\"]", e.root().get("title").toString());
    }

    @Test
    void halfFloatsKeepElevenSignificantBits() {
        assertEquals(2.05078125, SpecData.halfFloat(2.05f));
        assertEquals(1.6298828125, SpecData.halfFloat(1.63f));
        assertEquals(0.0, SpecData.halfFloat(0f));
    }

    @Test
    void theShippedIndicesLoad() {
        Map<String, SpecData.Index> all = SpecData.all(SpecFiles.root().resolve("data"));
        assertEquals(
                List.of("addresses", "books", "employees", "hosts", "languages", "sample_data"),
                List.copyOf(all.keySet()));
        assertEquals(100, all.get("employees").documents().size());
        assertEquals(79, all.get("books").documents().size());
        assertEquals(DataType.DATETIME, all.get("sample_data").types().typeOf("@timestamp"));
        assertEquals(DataType.TEXT, all.get("books").types().typeOf("author"));
        EsqlDocument georgi = all.get("employees").documents().get(0);
        assertEquals(
                "[\"Accountant\",\"Senior Python Developer\"]",
                georgi.event().root().get("job_positions").toString());
    }
}
