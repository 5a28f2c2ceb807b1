package io.verdict.engine;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.event.FieldType;
import io.verdict.event.Schema;
import io.verdict.kql.KqlNode;
import io.verdict.kql.KqlValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The literals a query requires, read from its syntax tree: conjuncts ({@code and}, and an EQL event category)
 * that test a field against literals with an exact or case-folded comparison. A requirement is derived only where
 * it provably holds for every matching event, under the compiled query's own semantics:
 * <ul>
 * <li>nothing under {@code not}, {@code !=}, {@code not in}, ranges, functions, nested KQL or wildcard field
 *     names; an {@code or} yields a requirement only when each side has one (then it is their union);</li>
 * <li>EQL {@code ==} only on fields compared as text (keyword, text, object), with a string literal; {@code :} and
 *     {@code like(~)} only for patterns without {@code *} or {@code ?}, folded as {@link String#equalsIgnoreCase}
 *     when case-insensitive; {@code in} / {@code in~} of string literals on fields it hashes as text;</li>
 * <li>KQL {@code field:value} only on keyword-like fields (not text, numbers, dates, IPs, or fields outside the
 *     schema, where numbers compare by value), or lower-cased on Elastic's {@code .caseless} fields.</li>
 * </ul>
 * Values are keyed by their text as {@code FieldValues.asString} gives it, as the compiled tests read them.
 * Where no literal can be keyed, a test of a field against constants still requires the field to have a value
 * ({@link KeyFold#ANY}).
 */
final class RequiredLiterals {

    private final Schema schema;

    RequiredLiterals(Schema schema) {
        this.schema = schema;
    }

    /**
     * What an EQL query requires, as alternatives: one for a single-event query; for a sequence or a sample, one
     * per stage (missing-event and {@code until} stages too), since any stage's event changes its state. Empty
     * when some alternative requires nothing.
     */
    List<List<Requirement>> of(CompiledEql eql) {
        List<Query.EventFilter> filters = new ArrayList<>();
        if (eql.ast() instanceof Query.EventQuery query) {
            filters.add(query.filter());
        } else if (eql.ast() instanceof Query.SequenceQuery sequence) {
            sequence.stages().forEach(stage -> filters.add(stage.filter()));
            if (sequence.until() != null) {
                filters.add(sequence.until().filter());
            }
        } else if (eql.ast() instanceof Query.SampleQuery sample) {
            sample.stages().forEach(stage -> filters.add(stage.filter()));
        }
        List<List<Requirement>> alternatives = new ArrayList<>();
        for (Query.EventFilter filter : filters) {
            List<Requirement> out = new ArrayList<>();
            if (filter.category() != null) {
                // the planner tests category.equals(asString(value)) on the category field
                out.add(single(eql.options().eventCategoryField(), KeyFold.EXACT, Set.of(filter.category())));
            }
            out.addAll(eql(filter.condition()));
            if (out.isEmpty()) {
                return List.of();
            }
            alternatives.add(sorted(out));
        }
        return alternatives;
    }

    /** Requirements of a KQL query: one alternative, or none when nothing is required. */
    List<List<Requirement>> of(KqlNode kql) {
        List<Requirement> found = kql(kql);
        List<Requirement> required = found == null ? List.of() : sorted(found);
        return required.isEmpty() ? List.of() : List.of(required);
    }

    private static List<Requirement> sorted(List<Requirement> requirements) {
        List<Requirement> out = new ArrayList<>(requirements);
        out.sort(Comparator.comparingInt(Requirement::cost));
        return out;
    }

    // ---- EQL ---------------------------------------------------------------------------------------------

    private List<Requirement> eql(Expr e) {
        if (e instanceof Expr.And a) {
            List<Requirement> out = new ArrayList<>();
            a.operands().forEach(operand -> out.addAll(eql(operand)));
            return out;
        }
        if (e instanceof Expr.Or o) {
            return either(o.operands().stream().map(this::eql).toList());
        }
        Requirement.Value value = eqlValue(e);
        if (value == null) {
            value = eqlHasValue(e);
        }
        return value == null ? List.of() : List.of(new Requirement(List.of(value)));
    }

    /**
     * A test of a field against constants that the planner turns into a field test ({@code FieldTests}): it can
     * only pass on a value, so the field must have one. Not {@code != } or {@code == null} (must_not / missing).
     */
    private static Requirement.Value eqlHasValue(Expr e) {
        Expr.Field field = null;
        if (e instanceof Expr.Comparison c && c.op() != Expr.CompareOp.NEQ) {
            if (c.left() instanceof Expr.Field f && c.right() instanceof Expr.Literal l && l.value() != null) {
                field = f;
            } else if (c.right() instanceof Expr.Field f && c.left() instanceof Expr.Literal l && l.value() != null) {
                field = f;
            }
        } else if (e instanceof Expr.Match m
                && m.value() instanceof Expr.Field f
                && m.patterns().stream().allMatch(p -> p instanceof Expr.Literal)) {
            field = f;
        } else if (e instanceof Expr.In in
                && !in.negated()
                && in.value() instanceof Expr.Field f
                && in.list().stream().allMatch(i -> i instanceof Expr.Literal)) {
            field = f;
        }
        return field == null ? null : new Requirement.Value(field.name(), KeyFold.ANY, Set.of());
    }

    private Requirement.Value eqlValue(Expr e) {
        if (e instanceof Expr.Comparison c && c.op() == Expr.CompareOp.EQ) {
            Expr.Field field = c.left() instanceof Expr.Field f ? f : c.right() instanceof Expr.Field f ? f : null;
            Expr other = field == c.left() ? c.right() : c.left();
            if (field != null && other instanceof Expr.Literal l && l.value() instanceof String s) {
                FieldType type = schema.typeOf(field.name());
                // FieldTests.strings: c.equals(asString(value)) for these types only
                if (type == FieldType.KEYWORD
                        || type == FieldType.TEXT
                        || type == FieldType.OBJECT
                        || type == FieldType.GEO_POINT) {
                    return new Requirement.Value(field.name(), KeyFold.EXACT, Set.of(s));
                }
            }
            return null;
        }
        if (e instanceof Expr.Match m && m.op() != Expr.MatchOp.REGEX && m.value() instanceof Expr.Field field) {
            KeyFold fold = m.caseInsensitive() ? KeyFold.CHARS : KeyFold.EXACT;
            Set<String> keys = new LinkedHashSet<>();
            for (Expr p : m.patterns()) {
                if (!(p instanceof Expr.Literal l && l.value() instanceof String s)
                        || s.indexOf('*') >= 0
                        || s.indexOf('?') >= 0
                        || fold.key(s) == null) {
                    return null;
                }
                keys.add(fold.key(s));
            }
            return new Requirement.Value(field.name(), fold, keys);
        }
        if (e instanceof Expr.In in && !in.negated() && in.value() instanceof Expr.Field field) {
            FieldType type = schema.typeOf(field.name());
            // FieldTests.in hashes asString(value) (lower-cased for in~) for these types when all are strings
            if (type != FieldType.KEYWORD
                    && type != FieldType.TEXT
                    && type != FieldType.GEO_POINT
                    && type != FieldType.UNKNOWN) {
                return null;
            }
            KeyFold fold = in.caseInsensitive() ? KeyFold.LOWER : KeyFold.EXACT;
            Set<String> keys = new LinkedHashSet<>();
            for (Expr item : in.list()) {
                if (!(item instanceof Expr.Literal l && l.value() instanceof String s)) {
                    return null;
                }
                keys.add(fold.key(s));
            }
            return new Requirement.Value(field.name(), fold, keys);
        }
        return null;
    }

    // ---- KQL ---------------------------------------------------------------------------------------------

    /**
     * What a KQL node requires; null when it can match no event (a test of a field no document can hold, see
     * {@link io.verdict.kql.KqlField#unmappable()}), which an {@code or} drops: no event reads that field for it.
     */
    private List<Requirement> kql(KqlNode node) {
        if (node instanceof KqlNode.And and) {
            List<Requirement> out = new ArrayList<>();
            for (KqlNode operand : and.operands()) {
                List<Requirement> required = kql(operand);
                if (required == null) {
                    return null;
                }
                out.addAll(required);
            }
            return out;
        }
        if (node instanceof KqlNode.Or or) {
            List<List<Requirement>> operands = new ArrayList<>();
            for (KqlNode operand : or.operands()) {
                List<Requirement> required = kql(operand);
                if (required != null) {
                    operands.add(required);
                }
            }
            return operands.isEmpty() ? null : either(operands);
        }
        if (node instanceof KqlNode.Not) {
            // not of a test that never holds holds for every event: it requires nothing
            return List.of();
        }
        if (node.unmappable()) {
            return null;
        }
        if (node.testedField() != null && flattenedRoot(node.testedField().name())) {
            // a test of a flattened root reads the leaves of its objects, not a value at its path
            return List.of();
        }
        if (node instanceof KqlNode.Match match
                && !match.field().isWildcard()
                && !match.value().isNull()) {
            Requirement.Value value = kqlValue(match.field().name(), match.value());
            return List.of(new Requirement(
                    List.of(value != null ? value : kqlHasValue(match.field().name()))));
        }
        if (node instanceof KqlNode.Range range && !range.field().isWildcard()) {
            return List.of(new Requirement(List.of(kqlHasValue(range.field().name()))));
        }
        if (node instanceof KqlNode.Exists exists && !exists.field().isWildcard()) {
            return List.of(new Requirement(List.of(kqlHasValue(exists.field().name()))));
        }
        return List.of();
    }

    private boolean flattenedRoot(String name) {
        io.verdict.event.Schema.Mapping mapping = schema.mappingOf(name);
        return mapping != null && mapping.mappingType().equals("flattened");
    }

    /** A KQL test reads one field's values (FieldResolver's lookup path) and passes only on one of them. */
    private Requirement.Value kqlHasValue(String name) {
        String parent = schema.multiFieldParent(name);
        String path = parent != null
                ? parent
                : name.endsWith(".caseless") && name.length() > ".caseless".length() && !schema.knows(name)
                        ? name.substring(0, name.length() - ".caseless".length())
                        : name;
        return new Requirement.Value(path, KeyFold.ANY, Set.of());
    }

    private Requirement.Value kqlValue(String name, KqlValue value) {
        if (value.isWildcard() || value.isNull()) {
            return null;
        }
        String text = value.text();
        String parent = schema.multiFieldParent(name);
        if (parent != null) {
            // a keyword multi-field with a lower-casing normalizer (Elastic Defend's .caseless): FieldResolver reads
            // the parent and compares lower-cased; any other multi-field (text) requires nothing keyed
            return schema.caseless(name) && schema.typeOf(name) == FieldType.KEYWORD
                    ? new Requirement.Value(parent, KeyFold.LOWER, Set.of(text.toLowerCase(Locale.ROOT)))
                    : null;
        }
        if (name.endsWith(".caseless") && name.length() > ".caseless".length() && !schema.knows(name)) {
            // FieldResolver: the parent field, compared lower-cased
            String base = name.substring(0, name.length() - ".caseless".length());
            return new Requirement.Value(base, KeyFold.LOWER, Set.of(text.toLowerCase(Locale.ROOT)));
        }
        FieldType type = schema.typeOf(name);
        // ValueTests.is: text.equals(asString(value)) for these types
        if (type == FieldType.KEYWORD
                || type == FieldType.VERSION
                || type == FieldType.GEO_POINT
                || type == FieldType.OBJECT) {
            return new Requirement.Value(name, KeyFold.EXACT, Set.of(text));
        }
        return null;
    }

    // ---- ES|QL -------------------------------------------------------------------------------------------

    /**
     * What an ES|QL query requires of a source document: what its first {@code WHERE}, when that comes right after
     * {@code FROM}, requires (a row that fails it is dropped, and nothing before it changes a field). One
     * alternative, or none.
     */
    List<List<Requirement>> of(io.verdict.esql.ast.Query query) {
        List<io.verdict.esql.ast.Command> commands = query.commands();
        if (commands.isEmpty() || !(commands.get(0) instanceof io.verdict.esql.ast.Command.From)) {
            return List.of();
        }
        // the first WHERE, past the per-row commands before it: its tests of fields those commands did not make
        // still test the source document (an expanded multivalue keeps the value it had)
        Set<String> made = new java.util.HashSet<>();
        for (io.verdict.esql.ast.Command command : commands.subList(1, commands.size())) {
            if (command instanceof io.verdict.esql.ast.Command.Where where) {
                List<Requirement> found = esql(where.condition()).stream()
                        .filter(r -> r.anyOf().stream().noneMatch(v -> made.contains(v.field())))
                        .toList();
                return found.isEmpty() ? List.of() : List.of(sorted(found));
            }
            if (command instanceof io.verdict.esql.ast.Command.Eval eval) {
                eval.fields().forEach(f -> made.add(f.name()));
            } else if (command instanceof io.verdict.esql.ast.Command.Rename rename) {
                rename.renamings().forEach(r -> made.add(r.to()));
            } else if (command instanceof io.verdict.esql.ast.Command.Grok
                    || command instanceof io.verdict.esql.ast.Command.Dissect) {
                // their keys are in their patterns: whatever they make, a test of it is not kept below
                return List.of();
            } else if (!(command instanceof io.verdict.esql.ast.Command.MvExpand)) {
                return List.of();
            }
        }
        return List.of();
    }

    private List<Requirement> esql(io.verdict.esql.ast.Expr e) {
        if (e instanceof io.verdict.esql.ast.Expr.Binary b && b.op() == io.verdict.esql.ast.Expr.BinaryOp.AND) {
            List<Requirement> out = new ArrayList<>(esql(b.left()));
            out.addAll(esql(b.right()));
            return out;
        }
        if (e instanceof io.verdict.esql.ast.Expr.Binary b && b.op() == io.verdict.esql.ast.Expr.BinaryOp.OR) {
            return either(List.of(esql(b.left()), esql(b.right())));
        }
        Requirement.Value value = esqlValue(e);
        return value == null ? List.of() : List.of(new Requirement(List.of(value)));
    }

    /**
     * {@code field == "text"} and {@code field IN ("a", "b")} on a keyword field compare the whole value, case and
     * all: a document passes only with one of those values (a multivalue makes the comparison null, and fails).
     * Any other test of a source field with a constant ({@code <}, {@code LIKE}, {@code IS NOT NULL}) passes only
     * when the field has a value.
     */
    private Requirement.Value esqlValue(io.verdict.esql.ast.Expr e) {
        if (e instanceof io.verdict.esql.ast.Expr.Binary b
                && b.op() == io.verdict.esql.ast.Expr.BinaryOp.EQ
                && b.left() instanceof io.verdict.esql.ast.Expr.Attribute field
                && b.right() instanceof io.verdict.esql.ast.Expr.Literal l
                && l.value() instanceof String text) {
            return keyword(field.name())
                    ? new Requirement.Value(field.name(), KeyFold.EXACT, Set.of(text))
                    : esqlHasValue(field.name());
        }
        if (e instanceof io.verdict.esql.ast.Expr.In in
                && !in.negated()
                && in.value() instanceof io.verdict.esql.ast.Expr.Attribute field) {
            Set<String> keys = new LinkedHashSet<>();
            for (io.verdict.esql.ast.Expr item : in.list()) {
                if (!(item instanceof io.verdict.esql.ast.Expr.Literal l && l.value() instanceof String text)) {
                    return null;
                }
                keys.add(text);
            }
            return keyword(field.name())
                    ? new Requirement.Value(field.name(), KeyFold.EXACT, keys)
                    : esqlHasValue(field.name());
        }
        if (e instanceof io.verdict.esql.ast.Expr.IsNull n
                && n.negated()
                && n.value() instanceof io.verdict.esql.ast.Expr.Attribute field) {
            return esqlHasValue(field.name());
        }
        if (e instanceof io.verdict.esql.ast.Expr.Like like
                && !like.negated()
                && like.value() instanceof io.verdict.esql.ast.Expr.Attribute field) {
            return esqlHasValue(field.name());
        }
        return null;
    }

    private boolean keyword(String field) {
        io.verdict.event.Schema.Mapping mapping = schema.mappingOf(field);
        return mapping != null
                && mapping.type() == FieldType.KEYWORD
                && !mapping.multi()
                && !mapping.mappingType().equals("flattened");
    }

    /** A source field the test reads must have a value; a name the catalogue lacks may be computed, so none. */
    private Requirement.Value esqlHasValue(String field) {
        return schema.knows(field) && schema.multiFieldParent(field) == null
                ? new Requirement.Value(field, KeyFold.ANY, Set.of())
                : null;
    }

    // ---- or ----------------------------------------------------------------------------------------------

    /**
     * {@code a or b or ...}: a requirement only when every operand has one; the cheapest of each, as alternatives.
     * One pass over the whole chain: the alternatives are gathered once, not copied again for each operand.
     */
    private static List<Requirement> either(List<List<Requirement>> operands) {
        List<Requirement.Value> values = new ArrayList<>();
        for (List<Requirement> operand : operands) {
            if (operand.isEmpty()) {
                return List.of();
            }
            values.addAll(operand.stream()
                    .min(Comparator.comparingInt(Requirement::cost))
                    .orElseThrow()
                    .anyOf());
        }
        return List.of(new Requirement(values));
    }

    private static Requirement single(String field, KeyFold fold, Set<String> keys) {
        return new Requirement(List.of(new Requirement.Value(field, fold, keys)));
    }
}
