package io.verdict.esql.run;

import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs queries in tests and writes their results as text: a header of {@code name:type}, then a line per row. */
final class Table {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private Table() {}

    static FieldTypes types(Map<String, DataType> types) {
        return new FieldTypes() {
            @Override
            public DataType typeOf(String field) {
                return types.get(field);
            }

            @Override
            public Set<String> names() {
                return types.keySet();
            }
        };
    }

    static EsqlResult run(FieldTypes types, String query, String... events) {
        List<EsqlDocument> docs = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            docs.add(new EsqlDocument(Event.parse(events[i]), "id" + i, "index", 1));
        }
        return new EsqlCompiler(types)
                .compile(SourceText.of(query))
                .run(docs, new EsqlContext(NOW, EsqlContext.DEFAULT_LIMIT, false));
    }

    /** The result as text, and its warnings each on a line of its own after {@code warning:}. */
    static String render(EsqlResult result) {
        StringBuilder out = new StringBuilder();
        out.append(result.columns().stream()
                .map(c -> c.name() + ":" + c.type().esName())
                .collect(Collectors.joining(" | ")));
        for (List<Object> row : result.rows()) {
            out.append('\n').append(row.stream().map(String::valueOf).collect(Collectors.joining(" | ")));
        }
        for (String w : result.warnings()) {
            out.append("\nwarning:").append(w);
        }
        return out.toString();
    }
}
