package io.verdict.kql;

import io.verdict.event.EventPredicate;
import io.verdict.event.Schema;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Elasticsearch's single-field queries built from data rather than query text, with the meaning the field's
 * mapping gives them (the same as in KQL): {@code match_phrase} analyses the value on a text field, compares it
 * lower-cased under a lower-casing normalizer, by value on numbers, addresses (a CIDR block too), booleans and
 * dates (a date without a time is its whole day); {@code wildcard} as {@link ValueTests#wildcardQuery};
 * {@code exists}. A multi-field reads its parent's value; a {@code flattened} root tests every leaf of its
 * objects as a keyword. Kibana's exception items are made of these. Immutable and thread-safe.
 */
public final class FieldQueries {

    private final FieldResolver resolver;
    private final ValueTests values;

    public FieldQueries(Schema schema, Clock clock) {
        this.resolver = new FieldResolver(schema);
        this.values = new ValueTests(clock);
    }

    /**
     * {@code match_phrase} of {@code value} on {@code field}; inside a nested object ({@code scope}, the nested
     * field's name, not null) the field is named in full and read relative to the object. A value the field's type
     * cannot read goes to {@code problems} (Elasticsearch fails the search) and the query matches nothing.
     */
    public EventPredicate matchPhrase(String field, String scope, String value, Consumer<String> problems) {
        FieldResolver.FieldRef ref = resolver.resolve(field, scope);
        return KqlCompiler.onField(
                ref, values.is(ref, ref.caseless(), new KqlValue(List.of(value), true, 0), problems));
    }

    /** Elasticsearch's {@code wildcard} query of {@code pattern} on {@code field} (see {@link #matchPhrase}). */
    public EventPredicate wildcard(String field, String scope, String pattern, Consumer<String> problems) {
        FieldResolver.FieldRef ref = resolver.resolve(field, scope);
        return KqlCompiler.onField(ref, values.wildcardQuery(ref, pattern, false, problems));
    }

    /** {@code exists}: the field holds a value that is not null (a {@code flattened} root: a leaf). */
    public EventPredicate exists(String field, String scope) {
        FieldResolver.FieldRef ref = resolver.resolve(field, scope);
        return ref.flattened()
                ? KqlPredicates.AnyLeaf.of(ref.lookup(), v -> true)
                : new KqlPredicates.Exists(ref.lookup());
    }
}
