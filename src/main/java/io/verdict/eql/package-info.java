/**
 * The EQL engine: {@link io.verdict.eql.EqlCompiler} compiles a query once (parse, check, plan) into an immutable
 * {@link io.verdict.eql.CompiledEql}; single-event queries answer {@code matches(Event)}, sequences and samples
 * need stateful evaluation, done in {@code sequence/} and {@code sample/}. Stages live in {@code parser/},
 * {@code ast/}, {@code check/}, {@code compile/}; semantics follow Elasticsearch (see shared/docs/eql-semantics.md).
 */
package io.verdict.eql;
