package io.verdict.eql.sample;

import java.util.List;

/**
 * The state of one sample rule as plain data, for a service to write and read back (the library writes no files).
 * Format 1: {@code plan} identifies the query; {@code keys} in least-recently-used order, each with its encoded
 * join-key values ({@code JoinKey#encode()}), how many samples it has returned, and per filter its candidate
 * events (arrival number and JSON text).
 */
public record SampleSnapshot(
        int format, String plan, long arrivals, long evicted, long completed, List<KeyEntry> keys) {

    public static final int FORMAT = 1;

    public record KeyEntry(List<String> key, int emitted, List<List<Candidate>> filters) {}

    public record Candidate(long arrival, String event) {}
}
