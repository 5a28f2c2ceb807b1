package io.verdict.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.verdict.engine.Plan;
import io.verdict.lifecycle.RuleTestGate;

/**
 * Everything Verdict is configured with, under the {@code verdict} prefix.
 *
 * @param rules    where rule files are read from
 * @param evaluate limits and routing of the evaluate endpoints
 */
@ConfigurationProperties("verdict")
public record VerdictProperties(@DefaultValue Rules rules, @DefaultValue Evaluate evaluate,
                                @DefaultValue Security security, @DefaultValue State state,
                                @DefaultValue Http http) {

    /**
     * @param dir              where the state of stateful rules is written on shutdown and every
     *                         {@code snapshotInterval}, and read back on start; empty: kept in memory only
     * @param snapshotInterval how often the state is written while running (0: only on shutdown)
     * @param maxKeysPerRule   groups (threshold), keys (sequences, samples) each rule may remember
     * @param maxTermsPerRule  combinations each new_terms rule may remember
     * @param maxKeysTotal     what all stateful rules together may remember (each gets at most an equal share)
     * @param allowedLateness  how late in event time an event may arrive and still take part in a sequence
     */
    public record State(@DefaultValue("state") String dir, @DefaultValue("60s") Duration snapshotInterval,
                        @DefaultValue("100000") int maxKeysPerRule, @DefaultValue("1000000") int maxTermsPerRule,
                        @DefaultValue("20000000") long maxKeysTotal, @DefaultValue("0s") Duration allowedLateness) {
    }

    /**
     * @param paths          directories (walked recursively for {@code *.toml}) or single rule files;
     *                       {@code verdict.rules.paths=rules,/etc/verdict/extra}
     * @param store          where rules created or changed over the API are kept (one TOML file each); loaded on
     *                       start after the paths, and overriding a path's rule of the same rule_id
     * @param reloadInterval how often the paths and the store are checked for changed files; 0 turns it off
     *                       (and the file watch with it). While the file watch works, at most every minute
     * @param maxUploadSize  largest rule upload (body, or all files of a multipart form)
     * @param tests          each rule's own test cases ({@code x.tests.toml} beside {@code x.toml}) run on every
     *                       load and upload: {@code report} (failures are warnings), {@code refuse} (a failing rule
     *                       is not loaded and an upload of one is rejected with 422), {@code off}
     * @param cacheDir       where what the loader read from each rule file is kept between starts (checked by the
     *                       length and checksums of the file's bytes), so an unchanged file is not parsed again;
     *                       empty: no cache
     * @param watch          reload as soon as the file system reports a change under the paths or the store
     *                       (inotify on Linux); off, or where it cannot watch, only the poll finds changes
     */
    public record Rules(@DefaultValue("rules") List<Path> paths, @DefaultValue("store") Path store,
                        @DefaultValue("2s") Duration reloadInterval, @DefaultValue("10MB") DataSize maxUploadSize,
                        @DefaultValue("report") RuleTestGate.Mode tests, @DefaultValue("cache") String cacheDir,
                        @DefaultValue("true") boolean watch) {
    }

    /**
     * @param keys         API keys: an id (named in the audit log), the SHA-256 of the key in hex, and scopes
     *                     ({@code read}, {@code write}; both when none are given). With no key configured, one is
     *                     generated at start and printed once to the log, so writes are never open.
     * @param protectReads whether reading rules and evaluating events need a key too (writes always do)
     */
    public record Security(List<ApiKey> keys, @DefaultValue("false") boolean protectReads) {
        public Security {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /** One configured API key. */
    public record ApiKey(String id, String sha256, List<String> scopes) {
        public ApiKey {
            scopes = scopes == null || scopes.isEmpty() ? List.of("read", "write") : List.copyOf(scopes);
        }
    }

    /**
     * @param maxEventSize     largest single event: the body of {@code /evaluate}, one NDJSON line, one array element
     * @param maxBatchSize     largest body of {@code /evaluate/_batch}
     * @param maxBatchEvents   most events in one batch
     * @param maxNestingDepth  deepest JSON nesting of an event
     * @param maxStringLength  longest JSON string in an event, in characters
     * @param unroutedEvents   rules applied to an event that names no index ({@code _index}, {@code data_stream.*}):
     *                         {@code all_rules}, or {@code no_rules} (then only rules without index patterns)
     * @param socketBuffer     Tomcat's read and write buffer per connection (its default is 8KB): a batch is read
     *                         and answered in this many bytes per system call
     * @param ruleBudget       the time one rule may spend on one event; a rule over it is stopped for that event and
     *                         reported among its errors ({@code budget_exceeded}), the others still decide it.
     *                         Only long work (many patterns or a regex over a long value, string functions on long
     *                         texts) looks at the clock. 0: no limit
     */
    public record Evaluate(
            @DefaultValue("1MB") DataSize maxEventSize,
            @DefaultValue("512MB") DataSize maxBatchSize,
            @DefaultValue("100000") int maxBatchEvents,
            @DefaultValue("64") int maxNestingDepth,
            @DefaultValue("1000000") int maxStringLength,
            @DefaultValue("all_rules") Plan.Unrouted unroutedEvents,
            @DefaultValue("32KB") DataSize socketBuffer,
            @DefaultValue("100ms") Duration ruleBudget) {
    }

    /**
     * The HTTP edge: how long a client may take to send a request body, and how many request threads may wait for
     * bodies, so that slow clients cannot hold every thread.
     *
     * @param bodyGrace       how long a body may arrive at any pace before {@code bodyMinRate} applies
     * @param bodyMinRate     after the grace, the least average rate (bytes per second) a body must keep: a body
     *                        is allowed {@code bodyGrace} plus one second per {@code bodyMinRate} bytes received;
     *                        a slower one ends with a 408 problem and the connection is closed. 0: no floor
     * @param bodyDeadline    the longest any one body may take, whatever its rate (0: none)
     * @param reservedThreads request threads ({@code server.tomcat.threads.max}) never spent waiting for a request
     *                        body, so health checks, reads and small requests are answered while bodies are slow
     *                        to arrive; a request that would wait for its body while all the others wait is
     *                        answered 503 {@code busy} with Retry-After at once (a body that came with its headers
     *                        waits for nothing)
     * @param retryAfter      what the Retry-After of a 503 (busy, or rules not loaded yet) asks clients to wait
     */
    public record Http(@DefaultValue("10s") Duration bodyGrace, @DefaultValue("1KB") DataSize bodyMinRate,
                       @DefaultValue("5m") Duration bodyDeadline, @DefaultValue("40") int reservedThreads,
                       @DefaultValue("2s") Duration retryAfter) {
    }
}
