package io.verdict.engine;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.SchemaFieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.query.SourceText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Runs an ES|QL query a person typed over events they posted, as Elasticsearch's {@code _query} would over an
 * index holding them: the documents are the events whose index the query's {@code FROM} names (an event that names
 * none is taken as in every index). A field the catalogue does not type is typed by the JSON values the events
 * hold. Stateless and thread-safe.
 */
public final class EsqlQueries {

    /** The run's answer, and what a person would want said about it. */
    public record Answer(EsqlResult result, int documents, List<String> notices) {}

    private final Schema schema;
    private final Clock clock;

    public EsqlQueries(Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /** @throws io.verdict.query.QueryException when the query does not compile (problems with line and column) */
    public Answer run(String query, List<Event> events) {
        CompiledEsql compiled =
                new EsqlCompiler(new PostedTypes(new SchemaFieldTypes(schema), events)).compile(SourceText.of(query));
        List<String> notices = new ArrayList<>();
        compiled.warnings()
                .forEach(w -> notices.add("line " + w.line() + ", column " + w.column() + ": " + w.message()));
        if (compiled.unsupported() != null) {
            throw new UnsupportedOperationException("The query uses "
                    + compiled.unsupported().toUpperCase(java.util.Locale.ROOT).replace('_', ' ')
                    + ", which Verdict does not run.");
        }
        IndexPatterns patterns = IndexPatterns.of(compiled.indexPatterns());
        List<EsqlDocument> documents = new ArrayList<>(events.size());
        Set<String> passedOver = new TreeSet<>();
        for (Event event : events) {
            String index = EventIndex.of(event);
            if (compiled.indexPatterns().isEmpty() || index == null || patterns.accepts(index)) {
                documents.add(EsqlAlerts.document(event));
            } else if (passedOver.size() < 10) {
                passedOver.add(index);
            }
        }
        if (!events.isEmpty()
                && documents.isEmpty()
                && !compiled.indexPatterns().isEmpty()) {
            notices.add("FROM " + String.join(", ", compiled.indexPatterns()) + " names none of the indices of the "
                    + events.size() + " posted events (" + String.join(", ", passedOver) + ").");
        }
        List<String> absent = new ArrayList<>();
        for (String field : compiled.sourceFields()) {
            boolean held = false;
            io.verdict.event.FieldPath path = io.verdict.event.FieldPath.of(field);
            for (EsqlDocument d : documents) {
                if (d.event().has(path)) {
                    held = true;
                    break;
                }
            }
            if (!held && absent.size() < 20) {
                absent.add(field);
            }
        }
        if (!documents.isEmpty() && !absent.isEmpty()) {
            notices.add("No posted event holds " + String.join(", ", absent) + ", which the query reads: "
                    + (absent.size() == 1 ? "it is" : "they are") + " null in every row.");
        }
        EsqlResult result = compiled.run(documents, new EsqlContext(clock.instant(), EsqlContext.DEFAULT_LIMIT, false));
        return new Answer(result, documents.size(), notices);
    }

    /** The catalogue's types, and for a field it lacks, the type of the JSON values the posted events hold. */
    private static final class PostedTypes implements FieldTypes {

        private final FieldTypes catalogue;
        private final Map<String, DataType> posted = new HashMap<>();

        PostedTypes(FieldTypes catalogue, List<Event> events) {
            this.catalogue = catalogue;
            for (Event event : events) {
                collect("", event.root());
            }
        }

        private void collect(String prefix, JsonNode node) {
            if (node.isObject()) {
                for (var member : node.properties()) {
                    collect(prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey(), member.getValue());
                }
                return;
            }
            if (node.isArray()) {
                for (JsonNode element : node) {
                    collect(prefix, element);
                }
                return;
            }
            DataType type = node.isBoolean()
                    ? DataType.BOOLEAN
                    : node.isIntegralNumber()
                            ? (node.canConvertToInt() ? DataType.INTEGER : DataType.LONG)
                            : node.isNumber() ? DataType.DOUBLE : node.isNull() ? null : DataType.KEYWORD;
            if (type != null && !prefix.isEmpty()) {
                posted.merge(prefix, type, PostedTypes::wider);
            }
        }

        private static DataType wider(DataType a, DataType b) {
            if (a == b) {
                return a;
            }
            if (a.numeric() && b.numeric()) {
                return a == DataType.DOUBLE || b == DataType.DOUBLE ? DataType.DOUBLE : DataType.LONG;
            }
            return DataType.KEYWORD;
        }

        @Override
        public DataType typeOf(String field) {
            DataType known = catalogue.typeOf(field);
            return known != null ? known : posted.get(field);
        }

        @Override
        public Set<String> names() {
            return new TreeSet<>(posted.keySet());
        }
    }
}
