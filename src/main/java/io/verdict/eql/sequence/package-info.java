/**
 * EQL sequences, evaluated as events stream in, with Elasticsearch's semantics (shared/docs/eql-semantics.md §7,
 * §9). {@link io.verdict.eql.sequence.SequencePlan} is the immutable per-rule layout of a compiled sequence;
 * {@link io.verdict.eql.sequence.SequenceMatcher} drives one rule's
 * {@link io.verdict.eql.sequence.SequenceState} (bounded: expiry by maxspan, then least recently used; counters;
 * pending view; {@link io.verdict.eql.sequence.SequenceSnapshot} for snapshot and restore).
 * {@link io.verdict.eql.sequence.SequenceBatch} answers one list of events on its own, as one search would.
 */
package io.verdict.eql.sequence;
