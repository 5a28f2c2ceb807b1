package io.verdict.kql;

import io.verdict.event.EventPredicate;
import io.verdict.event.Schema;
import io.verdict.event.ValueTest;
import io.verdict.kql.KqlNode.RangeOperator;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles a rule's Kibana {@code filters} (as plain maps and lists, the way tomlj or Jackson give them) into one
 * predicate, as Kibana's {@code buildQueryFromFilters} does: a disabled filter ({@code meta.disabled}) is dropped;
 * a filter's query is its {@code query} object, or else the filter itself without {@code meta} and
 * {@code $state} (the older top-level {@code exists}/{@code range}/... form); a negated one ({@code meta.negate})
 * must not match, the others must.
 *
 * <p>The query DSL understood: {@code bool} (must, filter, should with minimum_should_match, must_not),
 * {@code match_phrase}, {@code match}, {@code term}, {@code terms}, {@code wildcard} (with
 * {@code case_insensitive}), {@code prefix}, {@code exists}, {@code range} and {@code match_all}; each leaf has the
 * same per-field-type meaning as the KQL it resembles. Anything else is reported as a problem.
 */
public final class KibanaFilters {

    private final String origin;
    private final Position at;
    private final FieldResolver resolver;
    private final ValueTests values;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> fields = new TreeSet<>();

    private KibanaFilters(String origin, Position at, Schema schema, Clock clock) {
        this.origin = origin;
        this.at = at;
        this.resolver = new FieldResolver(schema);
        this.values = new ValueTests(clock);
    }

    /** Compiles {@code filters} with the ECS field types; problems are located at {@code at} of {@code origin}. */
    public static CompiledFilters compile(List<Map<String, Object>> filters, String origin, Position at) {
        return compile(filters, origin, at, Schema.catalog(), Clock.systemUTC());
    }

    /**
     * Compiles {@code filters} (null or empty: every event passes).
     *
     * @throws QueryException with every problem found (unknown query types, malformed entries, bad literals)
     */
    public static CompiledFilters compile(
            List<Map<String, Object>> filters, String origin, Position at, Schema schema, Clock clock) {
        KibanaFilters compiler = new KibanaFilters(origin, at, schema, clock);
        List<EventPredicate> active = new ArrayList<>();
        if (filters != null) {
            for (int i = 0; i < filters.size(); i++) {
                EventPredicate p = compiler.filter(filters.get(i), "filters[" + i + "]");
                if (p != null) {
                    active.add(p);
                }
            }
        }
        if (!compiler.problems.isEmpty()) {
            throw new QueryException(compiler.problems);
        }
        EventPredicate all = active.isEmpty()
                ? EventPredicate.ALL
                : active.size() == 1 ? active.get(0) : new KqlPredicates.AllOf(active.toArray(EventPredicate[]::new));
        return new CompiledFilters(all, active.size(), compiler.fields);
    }

    // ---------------------------------------------------------------- filters

    private EventPredicate filter(Object raw, String where) {
        Map<String, Object> filter = object(raw, where);
        if (filter == null) {
            return null;
        }
        Map<String, Object> meta = filter.containsKey("meta") ? object(filter.get("meta"), where + ".meta") : Map.of();
        if (meta == null || Boolean.TRUE.equals(meta.get("disabled"))) {
            return null;
        }
        EventPredicate query;
        if (filter.containsKey("query")) {
            query = query(filter.get("query"), where + ".query");
        } else {
            Map<String, Object> rest = new java.util.LinkedHashMap<>(filter);
            rest.remove("meta");
            rest.remove("$state");
            query = query(rest, where);
        }
        return Boolean.TRUE.equals(meta.get("negate")) ? new KqlPredicates.Negation(query) : query;
    }

    // ---------------------------------------------------------------- query DSL

    private EventPredicate query(Object raw, String where) {
        Map<String, Object> query = object(raw, where);
        if (query == null) {
            return EventPredicate.ALL;
        }
        if (query.size() != 1) {
            return problem(where, "a query has exactly one type, found " + query.keySet());
        }
        Map.Entry<String, Object> entry = query.entrySet().iterator().next();
        String type = entry.getKey();
        String inner = where + "." + type;
        switch (type) {
            case "bool":
                return bool(entry.getValue(), inner);
            case "match_all":
                return EventPredicate.ALL;
            case "exists": {
                Map<String, Object> body = object(entry.getValue(), inner);
                Object field = body == null ? null : body.get("field");
                if (!(field instanceof String name)) {
                    return problem(inner, "exists needs a field name");
                }
                fields.add(name);
                FieldResolver.FieldRef ref = resolver.resolve(name, null);
                return ref.flattened()
                        ? KqlPredicates.AnyLeaf.of(ref.lookup(), v -> true)
                        : new KqlPredicates.Exists(ref.lookup());
            }
            case "match_phrase", "match", "term", "wildcard", "prefix", "range", "terms":
                return fieldQuery(type, entry.getValue(), inner);
            default:
                return problem(inner, "unsupported query type '" + type + "'");
        }
    }

    // bool: must and filter all hold, must_not none, should at least minimum_should_match (1 when alone)
    private EventPredicate bool(Object raw, String where) {
        Map<String, Object> bool = object(raw, where);
        if (bool == null) {
            return EventPredicate.ALL;
        }
        List<EventPredicate> all = new ArrayList<>();
        for (String key : List.of("must", "filter")) {
            for (Object clause : clauses(bool.get(key))) {
                all.add(query(clause, where + "." + key));
            }
        }
        for (Object clause : clauses(bool.get("must_not"))) {
            all.add(new KqlPredicates.Negation(query(clause, where + ".must_not")));
        }
        List<EventPredicate> should = new ArrayList<>();
        for (Object clause : clauses(bool.get("should"))) {
            should.add(query(clause, where + ".should"));
        }
        Object minimum = bool.get("minimum_should_match");
        int min = minimum instanceof Number n
                ? n.intValue()
                : minimum instanceof String s && s.matches("\\d+")
                        ? Integer.parseInt(s)
                        : all.isEmpty() && !should.isEmpty() ? 1 : 0;
        if (min > 0) {
            EventPredicate[] options = should.toArray(EventPredicate[]::new);
            int required = min;
            all.add(event -> {
                int holding = 0;
                for (EventPredicate option : options) {
                    if (option.matches(event) && ++holding >= required) {
                        return true;
                    }
                }
                return false;
            });
        }
        return all.isEmpty()
                ? EventPredicate.ALL
                : all.size() == 1 ? all.get(0) : new KqlPredicates.AllOf(all.toArray(EventPredicate[]::new));
    }

    private static List<?> clauses(Object raw) {
        if (raw == null) {
            return List.of();
        }
        return raw instanceof List<?> list ? list : List.of(raw);
    }

    /** {@code {type: {field: value}}} or {@code {type: {field: {value|query|wildcard: v, case_insensitive: b}}}}. */
    private EventPredicate fieldQuery(String type, Object raw, String where) {
        Map<String, Object> body = object(raw, where);
        if (body == null || body.size() != 1) {
            return problem(where, type + " names exactly one field");
        }
        Map.Entry<String, Object> entry = body.entrySet().iterator().next();
        String name = entry.getKey();
        fields.add(name);
        FieldResolver.FieldRef field = resolver.resolve(name, null);
        String at = where + "." + name;
        java.util.function.Consumer<String> report = message -> problem(at, message);
        Object spec = entry.getValue();
        Map<String, Object> options = spec instanceof Map<?, ?> ? object(spec, at) : Map.of();
        boolean caseInsensitive = Boolean.TRUE.equals(options.get("case_insensitive"));
        Object value = spec instanceof Map<?, ?> ? firstOf(options, "value", "query", "wildcard") : spec;
        switch (type) {
            case "range":
                return range(field, options, at, report);
            case "terms": {
                if (!(spec instanceof List<?> list)) {
                    return problem(at, "terms needs a list of values");
                }
                List<ValueTest> tests = new ArrayList<>();
                for (Object v : list) {
                    tests.add(values.is(field, field.caseless(), literal(v, true), report));
                }
                return KqlCompiler.onField(field, v -> tests.stream().anyMatch(t -> t.test(v)));
            }
            default:
                break;
        }
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            return problem(at, type + " needs a value");
        }
        String text = String.valueOf(value);
        ValueTest test;
        switch (type) {
            case "wildcard":
                test = values.wildcardQuery(field, text, caseInsensitive, report);
                break;
            case "prefix":
                test = values.wildcardQuery(field, escapeLucene(text) + "*", caseInsensitive, report);
                break;
            case "match":
                test = values.is(field, field.caseless(), literal(value, false), report);
                break;
            default: // match_phrase, term: one phrase, one exact term
                test = values.is(field, field.caseless() || caseInsensitive, literal(value, true), report);
                break;
        }
        return KqlCompiler.onField(field, test);
    }

    private EventPredicate range(
            FieldResolver.FieldRef field,
            Map<String, Object> bounds,
            String where,
            java.util.function.Consumer<String> report) {
        List<ValueTest> tests = new ArrayList<>();
        for (RangeOperator op : RangeOperator.values()) {
            Object bound = bounds.get(op.name().toLowerCase(Locale.ROOT));
            if (bound != null) {
                tests.add(values.range(field, op, literal(bound, true), report));
            }
        }
        if (tests.isEmpty()) {
            return problem(where, "range needs gt, gte, lt or lte");
        }
        // all bounds hold for the same value, as Elasticsearch's range on a multi-valued field
        ValueTest[] all = tests.toArray(ValueTest[]::new);
        return KqlCompiler.onField(field, v -> {
            for (ValueTest t : all) {
                if (!t.test(v)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static String escapeLucene(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    /** A DSL value as a KQL literal without wildcards (quoted: a phrase on text fields). */
    private static KqlValue literal(Object value, boolean phrase) {
        return new KqlValue(List.of(String.valueOf(value)), phrase, 0);
    }

    private static Object firstOf(Map<String, Object> map, String... keys) {
        for (String key : keys) {
            if (map.containsKey(key)) {
                return map.get(key);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object raw, String where) {
        if (raw instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        problem(
                where,
                "expected an object, found "
                        + (raw == null ? "nothing" : raw.getClass().getSimpleName()));
        return null;
    }

    private EventPredicate problem(String where, String message) {
        problems.add(new Problem(origin, at.line(), at.column(), where + ": " + message, null, 0));
        return EventPredicate.ALL;
    }
}
