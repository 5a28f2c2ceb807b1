package io.verdict.engine;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlOptions;
import io.verdict.eql.ast.Expr;
import io.verdict.eql.check.References;
import io.verdict.event.FieldSuggestions;
import io.verdict.event.Schema;
import io.verdict.kql.CompiledFilters;
import io.verdict.kql.KqlField;
import io.verdict.kql.KqlNode;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import io.verdict.query.Wildcards;
import io.verdict.rule.ExceptionEntry;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleQuery;
import io.verdict.rule.Threshold;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields a rule reads that no known field set has — a misspelt {@code proces.name} loads and never
 * matches — and says so with the nearest known names: "'proces.name' is not a known field; did you mean
 * 'process.name'?". Each field once per rule, at its first line and column in the rule file where the query says
 * it (KQL, EQL), else where the filters or the query start. Immutable and thread-safe.
 *
 * <p>Read: every field of the KQL or EQL query (EQL join keys and function arguments too; an EQL {@code ?field}
 * is optional by its author's word and is not checked), of the Kibana filters, of threshold, new_terms and alert
 * suppression settings, and of exception items. A field is known when:
 * <ul>
 *   <li>the catalog knows it ({@link Schema#knows}: a field, a multi-field, a name below a {@code flattened}
 *       field), or it names an object of the catalog (a prefix of catalog names: {@code process}, for exists);</li>
 *   <li>it is {@code <known keyword>.caseless}, which the KQL resolver reads as its base field lower-cased;</li>
 *   <li>it is a KQL wildcard name matching at least one catalog name;</li>
 *   <li>it lies below an <em>open</em> object: one the catalog maps {@code object} whose catalog children, if any,
 *       are all leaves right below it. That is how the field tables write an object of keys chosen by the data
 *       (ECS {@code labels}, {@code container.labels}, the windows integration's {@code winlog.event_data}, whose
 *       known keys are listed beside a dynamic keyword mapping); an object with sub-objects
 *       ({@code process.Ext}) is a structure, and a name below it that the catalog lacks is reported;</li>
 *   <li>it is an Elasticsearch metadata field ({@code _id}, {@code _index}, …), or the rule's timestamp, event
 *       category or tiebreaker field.</li>
 * </ul>
 */
public final class UnknownFields {

    /** {@code verdict.rules.unknown-fields}: a warning of the rule, an error of it (it does not load), or nothing. */
    public enum Mode {
        WARN,
        REFUSE,
        IGNORE
    }

    private static final Set<String> METADATA_FIELDS =
            Set.of("_id", "_index", "_source", "_ignored", "_routing", "_tier", "_version", "_seq_no", "@timestamp");
    private static final String CASELESS = ".caseless";
    private static final int MAX_REMEMBERED = 1024;

    private final Schema schema;
    private final Mode mode;
    private final Set<String> objects;
    private final Set<String> openObjects;
    private final List<String> names;
    private final FieldSuggestions suggestions;
    private final Map<String, Boolean> wildcards = new ConcurrentHashMap<>();

    public UnknownFields(Schema schema, Mode mode) {
        this.schema = schema;
        this.mode = mode;
        NavigableSet<String> sorted = new TreeSet<>(schema.names());
        this.names = List.copyOf(sorted);
        Set<String> prefixes = new HashSet<>();
        for (String name : sorted) {
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                prefixes.add(name.substring(0, dot));
            }
        }
        this.objects = Set.copyOf(prefixes);
        Set<String> open = new HashSet<>();
        for (String name : sorted) {
            if ("object".equals(schema.mappingOf(name).mappingType()) && leavesOnlyBelow(sorted, name)) {
                open.add(name);
            }
        }
        this.openObjects = Set.copyOf(open);
        this.suggestions = mode == Mode.IGNORE ? null : new FieldSuggestions(sorted);
    }

    private boolean leavesOnlyBelow(NavigableSet<String> sorted, String object) {
        String prefix = object + ".";
        for (String child : sorted.subSet(prefix, true, object + "/", false)) {
            if (child.indexOf('.', prefix.length()) >= 0 && schema.multiFieldParent(child) == null) {
                return false;
            }
        }
        return true;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether {@code name} is a field (or a KQL wildcard name) some known field set has; see the class comment. */
    public boolean known(String name) {
        if (schema.knows(name) || objects.contains(name) || METADATA_FIELDS.contains(name)) {
            return true;
        }
        if (name.endsWith(CASELESS)
                && name.length() > CASELESS.length()
                && schema.knows(name.substring(0, name.length() - CASELESS.length()))) {
            return true;
        }
        if (name.indexOf('*') >= 0) {
            Boolean matches = wildcards.get(name);
            if (matches == null) {
                matches = matchesAny(name);
                if (wildcards.size() < MAX_REMEMBERED) {
                    wildcards.put(name, matches);
                }
            }
            return matches;
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            if (openObjects.contains(name.substring(0, dot))) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAny(String wildcard) {
        Wildcards pattern = Wildcards.kql(wildcard, false);
        return names.stream().anyMatch(pattern::matches);
    }

    /** "'proces.name' is not a known field; did you mean 'process.name'?" */
    public String message(String name) {
        String message = "'" + name + "' is not a known field";
        List<String> near = name.indexOf('*') >= 0 || suggestions == null ? List.of() : suggestions.nearest(name);
        if (near.isEmpty()) {
            return message;
        }
        return message + "; did you mean "
                + String.join(", ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
    }

    /**
     * One problem per field of the rule no known field set has (nothing in {@link Mode#IGNORE}).
     *
     * @param kql     the parsed KQL query; null for EQL or no query
     * @param eql     the compiled EQL query; null for KQL
     * @param filters the compiled Kibana filters; null when none compiled
     */
    public List<Problem> check(Rule rule, KqlNode kql, CompiledEql eql, CompiledFilters filters) {
        if (mode == Mode.IGNORE) {
            return List.of();
        }
        Map<String, Problem> found = new LinkedHashMap<>();
        RuleQuery query = rule.query();
        SourceText text = query == null ? null : query.text();
        if (kql != null && text != null) {
            kql(kql, text, found);
        }
        if (eql != null) {
            Set<String> special = eqlFields(eql.options());
            for (Expr.Field field : References.fieldReferences(eql.ast())) {
                if (!field.optional() && !special.contains(field.name())) {
                    add(field.name(), () -> Problem.at(eql.source(), field.offset(), message(field.name())), found);
                }
            }
        }
        if (filters != null) {
            Position at = query.filtersAt() == null ? new Position(1, 1) : query.filtersAt();
            for (String name : filters.fields()) {
                add(
                        name,
                        () -> new Problem(rule.file(), at.line(), at.column(), "filters: " + message(name), null, 0),
                        found);
            }
        }
        for (String name : settingFields(rule)) {
            add(name, () -> RuleCompiler.problemAtQuery(rule, message(name)), found);
        }
        return List.copyOf(found.values());
    }

    private void kql(KqlNode node, SourceText text, Map<String, Problem> found) {
        // a wide and or or is walked with a loop: a long chain is a wide node, not a deep tree
        List<KqlNode> pending = new ArrayList<>(List.of(node));
        while (!pending.isEmpty()) {
            KqlNode next = pending.remove(pending.size() - 1);
            if (next instanceof KqlNode.Or or) {
                pushReversed(or.operands(), pending);
            } else if (next instanceof KqlNode.And and) {
                pushReversed(and.operands(), pending);
            } else if (next instanceof KqlNode.Not not) {
                pending.add(not.operand());
            } else if (next instanceof KqlNode.Nested nested) {
                kqlField(nested.path(), text, found);
                pending.add(nested.query());
            } else {
                KqlField field = next.testedField();
                if (field != null) {
                    kqlField(field, text, found);
                }
            }
        }
    }

    /** Pushed last first, so that the operands are taken in the order written. */
    private static void pushReversed(List<KqlNode> operands, List<KqlNode> pending) {
        for (int i = operands.size() - 1; i >= 0; i--) {
            pending.add(operands.get(i));
        }
    }

    private void kqlField(KqlField field, SourceText text, Map<String, Problem> found) {
        // a name with an empty part has its own warning (no document can hold it)
        if (!field.unmappable()) {
            add(field.name(), () -> Problem.at(text, field.offset(), message(field.name())), found);
        }
    }

    private void add(String name, java.util.function.Supplier<Problem> problem, Map<String, Problem> found) {
        if (!found.containsKey(name) && found.size() < QueryLimits.MAX_PROBLEMS && !known(name)) {
            found.put(name, problem.get());
        }
    }

    private static Set<String> eqlFields(EqlOptions options) {
        Set<String> fields = new HashSet<>();
        fields.add(options.eventCategoryField());
        fields.add(options.timestampField());
        if (options.tiebreakerField() != null) {
            fields.add(options.tiebreakerField());
        }
        return fields;
    }

    /** The fields the rule's settings group or count by, and those its exception items compare. */
    private static List<String> settingFields(Rule rule) {
        List<String> names = new ArrayList<>();
        if (rule.alert().alertSuppression() != null) {
            names.addAll(rule.alert().alertSuppression().groupBy());
        }
        rule.typeBlock(Threshold.class).ifPresent(t -> {
            names.addAll(t.field());
            t.cardinality().forEach(c -> names.add(c.field()));
        });
        rule.typeBlock(NewTerms.class).ifPresent(t -> names.addAll(t.fields()));
        rule.exceptions().forEach(item -> item.entries().forEach(entry -> exceptionFields(entry, names)));
        names.removeIf(name -> name == null || name.isBlank());
        return names;
    }

    private static void exceptionFields(ExceptionEntry entry, List<String> names) {
        if (entry.type() == ExceptionEntry.Type.NESTED) {
            entry.entries().forEach(inner -> names.add(entry.field() + "." + inner.field()));
        } else {
            names.add(entry.field());
        }
    }
}
