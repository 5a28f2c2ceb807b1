package io.verdict.kql;

import io.verdict.event.EventPredicate;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.Schema;
import io.verdict.event.ValueTest;
import io.verdict.query.CompileBudget;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import io.verdict.query.Wildcards;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Compiles a KQL text into a {@link CompiledKql}: parse, then plan an immutable tree of small predicates in which
 * every field path is split once and every literal is read once for its field's type (see {@link ValueTests}).
 * Field types come from a {@link Schema} (ECS by default). All problems of a query are reported together.
 */
public final class KqlCompiler {

    /** Known fields of a wildcard existence test looked up one by one; a pattern matching more is walked only. */
    private static final int MAX_KNOWN = 32;

    private final SourceText source;
    private final Schema schema;
    private final FieldResolver resolver;
    private final ValueTests values;
    private final CompileBudget budget;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> fields = new TreeSet<>();
    private int unreported;
    private final List<Problem> warnings = new ArrayList<>(0);

    private KqlCompiler(SourceText source, Schema schema, Clock clock, CompileBudget budget) {
        this.source = source;
        this.schema = schema;
        this.resolver = new FieldResolver(schema);
        this.values = new ValueTests(clock);
        this.budget = budget;
    }

    /** Compiles {@code source} with the ECS field types and the system clock (UTC). */
    public static CompiledKql compile(SourceText source) {
        return compile(source, Schema.catalog(), Clock.systemUTC());
    }

    /**
     * Compiles {@code source} with these field types and this clock (read for {@code now} in date bounds).
     *
     * @throws QueryException with every problem found: a syntax error, or literals the fields cannot hold
     */
    public static CompiledKql compile(SourceText source, Schema schema, Clock clock) {
        return compile(KqlParser.parse(source), source, schema, clock);
    }

    /**
     * Compiles {@code tree}, parsed from {@code source} by {@link KqlParser#parse}, for a caller that reads the tree
     * too (the rule index reads its required literals) and so parses once.
     *
     * @throws QueryException with every problem found: literals the fields cannot hold
     */
    public static CompiledKql compile(KqlNode tree, SourceText source, Schema schema, Clock clock) {
        return compile(tree, source, schema, clock, CompileBudget.NONE);
    }

    /**
     * {@link #compile(KqlNode, SourceText, Schema, Clock)} within a compile budget.
     *
     * @throws CompileBudget.Exceeded when the budget ran out first
     */
    public static CompiledKql compile(
            KqlNode tree, SourceText source, Schema schema, Clock clock, CompileBudget budget) {
        KqlCompiler compiler = new KqlCompiler(source, schema, clock, budget);
        EventPredicate predicate = compiler.plan(tree, null);
        if (!compiler.problems.isEmpty()) {
            List<Problem> problems = new ArrayList<>(compiler.problems);
            if (compiler.unreported > 0) {
                problems.add(
                        Problem.at(source, 0, "\u2026 and " + compiler.unreported + " more problems in this query"));
            }
            throw new QueryException(problems);
        }
        return new CompiledKql(source, predicate, compiler.fields, compiler.warnings);
    }

    private EventPredicate plan(KqlNode node, String scope) {
        budget.check();
        if (node.unmappable()) {
            // as Elasticsearch answers a query on a field no document can have: no match (not of it: every event)
            KqlField field = node.testedField();
            if (warnings.size() < io.verdict.query.QueryLimits.MAX_PROBLEMS) {
                warnings.add(Problem.at(
                        source,
                        field.offset(),
                        "field '" + String.join(".", field.parts())
                                + "' has an empty part: no document can hold it, so this clause never matches"));
            }
            return EventPredicate.NONE;
        }
        if (node instanceof KqlNode.Or or) {
            return planOr(or, scope);
        }
        if (node instanceof KqlNode.And and) {
            return new KqlPredicates.AllOf(planAll(and.operands(), scope));
        }
        if (node instanceof KqlNode.Not not) {
            return new KqlPredicates.Negation(plan(not.operand(), scope));
        }
        if (node instanceof KqlNode.Match match) {
            return planMatch(match, scope);
        }
        if (node instanceof KqlNode.Exists exists) {
            fields.add(exists.field().name());
            if (exists.field().isWildcard()) {
                List<ValueTest> any = new ArrayList<>();
                for (FieldType ignored : FieldType.values()) {
                    any.add(v -> true);
                }
                Wildcards names = fieldNames(exists.field());
                EventPredicate anyField = new KqlPredicates.AnyField(names, schema, any);
                // the known fields of the pattern are looked up first, one by one, so that an event holding one
                // answers without its whole document; the walk of every leaf finds the others
                List<String> known = schema.names().stream()
                        .filter(names::matches)
                        .sorted()
                        .limit(MAX_KNOWN)
                        .toList();
                if (known.isEmpty() || known.size() == MAX_KNOWN) {
                    return anyField;
                }
                return new KqlPredicates.KnownFieldsFirst(
                        known.stream().map(io.verdict.event.FieldPath::of).toArray(io.verdict.event.FieldPath[]::new),
                        anyField);
            }
            FieldResolver.FieldRef field = resolve(exists.field(), scope);
            return field.flattened()
                    ? KqlPredicates.AnyLeaf.of(field.lookup(), v -> true)
                    : new KqlPredicates.Exists(field.lookup());
        }
        if (node instanceof KqlNode.Range range) {
            return planRange(range, scope);
        }
        if (node instanceof KqlNode.Nested nested) {
            String path = nested.path().name();
            fields.add(path);
            String relative = relative(path, scope);
            return new KqlPredicates.Nested(relative.split("\\.", -1), plan(nested.query(), path));
        }
        if (node instanceof KqlNode.FreeText text) {
            if (text.value().isLoneWildcard()) {
                return EventPredicate.ALL;
            }
            return new KqlPredicates.AnyField(null, schema, byType(text.value(), "*"));
        }
        return EventPredicate.ALL;
    }

    private EventPredicate[] planAll(List<KqlNode> operands, String scope) {
        EventPredicate[] planned = new EventPredicate[operands.size()];
        for (int i = 0; i < planned.length; i++) {
            planned[i] = plan(operands.get(i), scope);
        }
        return planned;
    }

    /**
     * {@code field:(a or b or c)} on a keyword field becomes one hash-set lookup per value rather than one test
     * per literal; the other operands keep their order.
     */
    private EventPredicate planOr(KqlNode.Or or, String scope) {
        Map<String, List<KqlNode.Match>> byField = new LinkedHashMap<>();
        List<KqlNode> rest = new ArrayList<>();
        for (KqlNode operand : or.operands()) {
            if (operand instanceof KqlNode.Match m
                    && !m.field().isWildcard()
                    && !m.field().unmappable()
                    && !m.value().isWildcard()
                    && !m.value().isNull()
                    && groups(resolve(m.field(), scope), m.value())) {
                byField.computeIfAbsent(m.field().name(), k -> new ArrayList<>())
                        .add(m);
            } else {
                rest.add(operand);
            }
        }
        List<EventPredicate> planned = new ArrayList<>();
        for (List<KqlNode.Match> group : byField.values()) {
            if (group.size() == 1) {
                planned.add(planMatch(group.get(0), scope));
                continue;
            }
            FieldResolver.FieldRef field = resolve(group.get(0).field(), scope);
            fields.add(field.name());
            if (field.type() == FieldType.TEXT) {
                // each literal matches when the value holds one of its words: together, one of all their words
                Set<String> words = new HashSet<>();
                group.forEach(
                        m -> words.addAll(field.analyzer().tokens(m.value().text())));
                planned.add(new KqlPredicates.AnyValue(field.lookup(), ValueTests.anyWord(field.analyzer(), words)));
                continue;
            }
            Set<String> set = new HashSet<>();
            for (KqlNode.Match m : group) {
                set.add(
                        field.caseless()
                                ? m.value().text().toLowerCase(Locale.ROOT)
                                : m.value().text());
            }
            boolean caseless = field.caseless();
            planned.add(new KqlPredicates.AnyValue(field.lookup(), v -> {
                String s = FieldValues.asString(v);
                return s != null && set.contains(caseless ? s.toLowerCase(Locale.ROOT) : s);
            }));
        }
        for (KqlNode operand : rest) {
            planned.add(plan(operand, scope));
        }
        if (planned.size() == 1) {
            return planned.get(0);
        }
        EventPredicate any = new KqlPredicates.AnyOf(planned.toArray(EventPredicate[]::new));
        // wildcard existence tests as alternatives: every one's known fields before any one's walk of the event
        List<io.verdict.event.FieldPath> known = new ArrayList<>();
        int wildcards = 0;
        for (EventPredicate p : planned) {
            if (p instanceof KqlPredicates.KnownFieldsFirst first) {
                known.addAll(List.of(first.known()));
                wildcards++;
            }
        }
        return wildcards < 2
                ? any
                : new KqlPredicates.KnownFieldsFirst(known.toArray(io.verdict.event.FieldPath[]::new), any);
    }

    /**
     * Whether {@code field:value} can join others on its field as one set lookup: an exact value of a keyword, or
     * on a text field a match of any of its words (unquoted) or a phrase of a single word.
     */
    private static boolean groups(FieldResolver.FieldRef field, KqlValue value) {
        if (field.flattened()) {
            return false;
        }
        if (field.type() == FieldType.KEYWORD) {
            return true;
        }
        return field.type() == FieldType.TEXT
                && (!value.quoted() || field.analyzer().tokens(value.text()).size() == 1);
    }

    private EventPredicate planMatch(KqlNode.Match match, String scope) {
        fields.add(match.field().name());
        KqlValue value = match.value();
        if (value.isNull()) {
            problem(value.offset(), KqlMessage.NULL_VALUE.format(match.field().name()));
            return EventPredicate.ALL;
        }
        if (match.field().isWildcard()) {
            return new KqlPredicates.AnyField(
                    fieldNames(match.field()),
                    schema,
                    byType(value, match.field().name()));
        }
        FieldResolver.FieldRef field = resolve(match.field(), scope);
        ValueTest test = values.is(field, field.caseless(), value, at(value.offset()));
        return onField(field, test);
    }

    private EventPredicate planRange(KqlNode.Range range, String scope) {
        fields.add(range.field().name());
        KqlValue value = range.value();
        if (range.field().isWildcard()) {
            List<ValueTest> tests = new ArrayList<>();
            for (FieldType type : FieldType.values()) {
                tests.add(values.range(
                        type, false, range.operator(), value, range.field().name(), ignored -> {}));
            }
            return new KqlPredicates.AnyField(fieldNames(range.field()), schema, tests);
        }
        FieldResolver.FieldRef field = resolve(range.field(), scope);
        ValueTest test = values.range(field, range.operator(), value, at(value.offset()));
        return onField(field, test);
    }

    /** The test on each value of the field; on a {@code flattened} root, on each leaf of its objects. */
    static EventPredicate onField(FieldResolver.FieldRef field, ValueTest test) {
        return field.flattened()
                ? KqlPredicates.AnyLeaf.of(field.lookup(), test)
                : new KqlPredicates.AnyValue(field.lookup(), test);
    }

    /** One value test per field type, for fields chosen at evaluation time; literals a type cannot read are skipped. */
    private List<ValueTest> byType(KqlValue value, String field) {
        List<ValueTest> tests = new ArrayList<>();
        for (FieldType type : FieldType.values()) {
            boolean[] unusable = {false};
            ValueTest test = values.is(type, false, value, field, ignored -> unusable[0] = true);
            tests.add(unusable[0] ? null : test);
        }
        return tests;
    }

    /**
     * The known fields (of {@code schema}) that the wildcard existence tests of {@code tree} look up one by one
     * before walking the event: the field set events are parsed with should hold them, or each lookup reads the
     * whole document.
     */
    public static Set<String> knownWildcardFields(KqlNode tree, Schema schema) {
        Set<String> out = new TreeSet<>();
        collectKnown(tree, schema, out);
        return out;
    }

    private static void collectKnown(KqlNode node, Schema schema, Set<String> out) {
        if (node instanceof KqlNode.Exists exists && exists.field().isWildcard()) {
            Wildcards names = fieldNames(exists.field());
            List<String> known = schema.names().stream()
                    .filter(names::matches)
                    .sorted()
                    .limit(MAX_KNOWN)
                    .toList();
            if (known.size() < MAX_KNOWN) {
                out.addAll(known);
            }
        } else if (node instanceof KqlNode.And and) {
            and.operands().forEach(o -> collectKnown(o, schema, out));
        } else if (node instanceof KqlNode.Or or) {
            or.operands().forEach(o -> collectKnown(o, schema, out));
        } else if (node instanceof KqlNode.Not not) {
            collectKnown(not.operand(), schema, out);
        }
    }

    private static Wildcards fieldNames(KqlField field) {
        return Wildcards.kql(ValueTests.pattern(new KqlValue(field.parts(), false, field.offset())), false);
    }

    private FieldResolver.FieldRef resolve(KqlField field, String scope) {
        return resolver.resolve(field.name(), scope);
    }

    private static String relative(String name, String scope) {
        return FieldResolver.relative(name, scope);
    }

    private Consumer<String> at(int offset) {
        return message -> problem(offset, message);
    }

    private void problem(int offset, String message) {
        if (problems.size() >= QueryLimits.MAX_PROBLEMS) {
            unreported++; // counted only: placing each costs a scan of the text
            return;
        }
        problems.add(Problem.at(source, offset, message));
    }

    @Override
    public String toString() {
        return "KqlCompiler[" + source + ", " + Arrays.toString(problems.toArray()) + "]";
    }
}
