package io.verdict.eql.sequence;

import io.verdict.eql.ast.Expr;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import io.verdict.event.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The join-key fields of one stage (the query's {@code by} followed by the stage's own), resolved once. For an
 * event it yields every key the event belongs to: a multi-valued field fans out (one key per distinct value,
 * several such fields form a cartesian product); a field without a value drops the event unless written
 * {@code ?field}, which makes null a key value. Immutable.
 */
public final class KeyFields {

    static final KeyFields NONE = new KeyFields(new FieldPath[0], new FieldType[0], new boolean[0]);

    private final FieldPath[] paths;
    private final FieldType[] types;
    private final boolean[] optional;

    private KeyFields(FieldPath[] paths, FieldType[] types, boolean[] optional) {
        this.paths = paths;
        this.types = types;
        this.optional = optional;
    }

    /** The keys of {@code shared} then {@code own} (fields only: the checker rejects any other join key). */
    public static KeyFields of(List<Expr> shared, List<Expr> own, Schema schema) {
        List<Expr> all = new ArrayList<>(shared);
        all.addAll(own);
        FieldPath[] paths = new FieldPath[all.size()];
        FieldType[] types = new FieldType[all.size()];
        boolean[] optional = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Expr.Field f = (Expr.Field) all.get(i);
            paths[i] = FieldPath.of(f.name());
            types[i] = schema.typeOf(f.name());
            optional[i] = f.optional();
        }
        return new KeyFields(paths, types, optional);
    }

    public int size() {
        return paths.length;
    }

    /** The keys of the event, in fan-out order (first field's values outermost); empty when it is dropped. */
    public List<JoinKey> keys(Event event) {
        if (paths.length == 0) {
            return List.of(JoinKey.NONE);
        }
        if (paths.length == 1) {
            // the common case: no cartesian product to build
            List<Object> values = values(event, 0);
            if (values == null) {
                return List.of();
            }
            List<JoinKey> keys = new ArrayList<>(values.size());
            for (Object v : values) {
                keys.add(JoinKey.ofArray(new Object[] {v}));
            }
            return keys;
        }
        List<Object[]> partial = new ArrayList<>();
        partial.add(new Object[paths.length]);
        for (int i = 0; i < paths.length; i++) {
            List<Object> values = values(event, i);
            if (values == null) {
                return List.of();
            }
            List<Object[]> next = new ArrayList<>(partial.size() * values.size());
            for (Object[] p : partial) {
                for (Object v : values) {
                    Object[] copy = p.clone();
                    copy[i] = v;
                    next.add(copy);
                }
            }
            partial = next;
        }
        List<JoinKey> keys = new ArrayList<>(partial.size());
        for (Object[] p : partial) {
            keys.add(JoinKey.ofArray(p));
        }
        return keys;
    }

    /** Distinct typed values of key {@code i}; [null] for an optional key without value; null to drop. */
    private List<Object> values(Event event, int i) {
        Set<Object> distinct = new LinkedHashSet<>(2);
        FieldType type = types[i];
        event.forEachValue(paths[i], node -> {
            Object v = typed(node, type);
            if (v != null) {
                distinct.add(v);
            }
        });
        if (distinct.isEmpty()) {
            if (!optional[i]) {
                return null;
            }
            List<Object> nullKey = new ArrayList<>(1);
            nullKey.add(null);
            return nullKey;
        }
        return new ArrayList<>(distinct);
    }

    private static Object typed(JsonNode node, FieldType type) {
        return switch (type) {
            case TEXT, KEYWORD, IP, VERSION -> FieldValues.asString(node);
            case UNKNOWN -> FieldValues.byJson(node);
            default -> FieldValues.typed(node, type);
        };
    }
}
