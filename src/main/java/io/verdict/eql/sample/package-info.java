/**
 * EQL samples ({@code sample by ...}) with Elasticsearch's semantics (shared/docs/eql-semantics.md §8):
 * {@link io.verdict.eql.sample.SampleMatcher} streams events and returns samples as they become possible;
 * {@link io.verdict.eql.sample.SampleBatch} answers one list of events as one search would.
 */
package io.verdict.eql.sample;
