package io.verdict.eql.compile;

/**
 * A compiled value expression, evaluated with Elasticsearch's script semantics: any comparison, arithmetic or
 * function with a null operand yields null (except {@code == null} / {@code != null}). Values are
 * {@code String}, {@code Long}, {@code Double}, {@code BigInteger}, {@code Boolean}, {@code Instant} or null.
 */
@FunctionalInterface
interface ValueNode {

    Object evaluate(Scope scope);
}
