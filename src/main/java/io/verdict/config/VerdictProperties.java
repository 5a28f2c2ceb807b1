package io.verdict.config;

import io.verdict.engine.KibanaAlerts;
import io.verdict.engine.Plan;
import io.verdict.engine.UnknownFields;
import io.verdict.lifecycle.RuleTestGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything Verdict is configured with, under the {@code verdict} prefix.
 *
 * @param rules    where rule files are read from
 * @param evaluate limits and routing of the evaluate endpoints
 * @param kibana   what Kibana alert documents ({@code format=kibana}) say about the Kibana they stand in for
 * @param alerts   where released alerts go besides the answer of the request that released them
 * @param kafka    the Kafka mode: events from topics, alerts to a topic, state in Kafka Streams (off by default)
 */
@ConfigurationProperties("verdict")
public record VerdictProperties(
        @DefaultValue Rules rules,
        @DefaultValue Evaluate evaluate,
        @DefaultValue Security security,
        @DefaultValue State state,
        @DefaultValue Http http,
        @DefaultValue Kibana kibana,
        @DefaultValue Alerts alerts,
        @DefaultValue Kafka kafka) {

    public VerdictProperties {
        kafka = kafka == null ? Kafka.OFF : kafka;
    }

    /**
     * The Kibana that {@code format=kibana} alert documents stand in for.
     *
     * @param baseUrl Kibana's public address ({@code https://kibana.example.com}): each document then has
     *                {@code kibana.alert.url}, the link to the alert in Kibana; empty: no link, as Kibana writes
     *                none without its own public base URL
     * @param version written as {@code kibana.version}; by default the release the Elastic rules of the corpus
     *                target
     */
    public record Kibana(
            @DefaultValue("") String baseUrl,

            @DefaultValue(KibanaAlerts.Settings.DEFAULT_KIBANA_VERSION)
            String version) {

        public KibanaAlerts.Settings settings() {
            return new KibanaAlerts.Settings(baseUrl, version);
        }
    }

    /**
     * @param dir              where the state of stateful rules is written on shutdown and every
     *                         {@code snapshotInterval}, and read back on start; empty: kept in memory only
     * @param snapshotInterval how often the state is written while running (0: only on shutdown)
     * @param maxKeysPerRule   groups (threshold), keys (sequences, samples) each rule may remember
     * @param maxTermsPerRule  combinations each new_terms rule may remember
     * @param maxKeysTotal     what all stateful rules together may remember (each gets at most an equal share)
     * @param allowedLateness  how late in event time an event may arrive and still take part in a sequence
     * @param maxMemory        estimated heap all stateful rules together may hold: a size ({@code 64MB}) or a share
     *                         of the maximum heap ({@code 25%}); past it, the rules over their equal share forget
     *                         their least recently used entries
     * @param maxMemoryPerRule estimated heap one rule may hold, a size or a share of the maximum heap; empty: all of
     *                         {@code maxMemory} (a rule may use what the others leave; under pressure each keeps its
     *                         equal share)
     * @param heapHighWater    heap used after a full collection, as a share of the maximum heap, past which the state
     *                         budget is lowered and the least recently used state forgotten, whatever the estimates say
     * @param maxIndicators    threat indicators kept for all indicator match rules together, each once however many
     *                         rules use it; past it the oldest are dropped (counted)
     */
    public record State(
            @DefaultValue("state") String dir,
            @DefaultValue("60s") Duration snapshotInterval,
            @DefaultValue("100000") int maxKeysPerRule,
            @DefaultValue("1000000") int maxTermsPerRule,
            @DefaultValue("20000000") long maxKeysTotal,
            @DefaultValue("0s") Duration allowedLateness,
            @DefaultValue("25%") String maxMemory,
            @DefaultValue("") String maxMemoryPerRule,
            @DefaultValue("85%") String heapHighWater,
            @DefaultValue("2000000") long maxIndicators) {}

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
     * @param maxFileSize    largest rule file (in a rule path, the store, or an upload): a larger one is an error
     *                       of that file and is not read; 20 times the largest file of the Elastic corpus (53 KB)
     * @param compileBudget  how long compiling one rule may take (its queries, filters and index literals); past it
     *                       the rule is an error of its own ("query compile exceeded its budget of 5s") and the
     *                       others load; 0: no limit
     * @param unknownFields  a field a rule reads that no known field set has (ECS, Elastic Defend, the integrations
     *                       of the field catalog): {@code warn} (a warning of the rule naming the nearest known
     *                       fields), {@code refuse} (an error: the rule does not load, an upload of it is a 400),
     *                       {@code ignore}
     */
    public record Rules(
            @DefaultValue("rules") List<Path> paths,
            @DefaultValue("store") Path store,
            @DefaultValue("2s") Duration reloadInterval,
            @DefaultValue("10MB") DataSize maxUploadSize,
            @DefaultValue("report") RuleTestGate.Mode tests,
            @DefaultValue("cache") String cacheDir,
            @DefaultValue("true") boolean watch,
            @DefaultValue("1MB") DataSize maxFileSize,
            @DefaultValue("5s") Duration compileBudget,
            @DefaultValue("warn") UnknownFields.Mode unknownFields) {}

    /**
     * @param keys             API keys: an id (named in the audit log), the SHA-256 of the key in hex, and scopes
     *                         ({@code read}, {@code write}; both when none are given). With no key configured, one
     *                         is generated at start and printed once to the log, so writes are never open.
     * @param protectReads     whether reading rules and evaluating events need a key or token with {@code read}
     *                         too (writes always need {@code write})
     * @param requireKey       refuse to start without a configured key (no generated one)
     * @param generatedKeyFile where the generated key's SHA-256 is kept, so that it stays the same across restarts;
     *                         empty: a new key every start
     * @param jwt              how the scopes of an OAuth2 bearer token (JWT) are read
     */
    public record Security(
            List<ApiKey> keys,
            @DefaultValue("true") boolean protectReads,
            @DefaultValue("false") boolean requireKey,
            String generatedKeyFile,
            @DefaultValue Jwt jwt) {
        @ConstructorBinding
        public Security {
            keys = keys == null ? List.of() : List.copyOf(keys);
            generatedKeyFile = generatedKeyFile == null ? "" : generatedKeyFile.strip();
            jwt = jwt == null ? new Jwt(null, null) : jwt;
        }

        /** Keys and read protection; no required key, no key file, JWT scopes as they are. */
        public Security(List<ApiKey> keys, boolean protectReads) {
            this(keys, protectReads, false, null, null);
        }
    }

    /**
     * @param scopesClaim  the claim whose values are mapped to scopes; empty: {@code scope}, else {@code scp}
     * @param scopeMapping claim value to {@code read} or {@code write}; empty: {@code read} and {@code write} as
     *                     they are. Keys with {@code :} or {@code /} are written in brackets:
     *                     {@code verdict.security.jwt.scope-mapping.[verdict:write]=write}
     */
    public record Jwt(String scopesClaim, Map<String, String> scopeMapping) {
        public Jwt {
            scopesClaim = scopesClaim == null ? "" : scopesClaim.strip();
            scopeMapping = scopeMapping == null ? Map.of() : Map.copyOf(scopeMapping);
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
     * @param maxAnswerSize    the most a batch answered as one JSON document holds of results and errors (as JSON),
     *                         a size or a share of the maximum heap; past it the answer is truncated and says so
     *                         (the streamed NDJSON form holds nothing)
     * @param statefulWindow   how much heap a batch's events may take while held so that stateful rules see them
     *                         in event time (an event is weighed as its JSON plus 400 bytes, as measured for NDJSON
     *                         lines), a size or a share of the maximum heap; past it the held events are fed in time
     *                         order and a new window begins
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
            @DefaultValue("5%") String maxAnswerSize,
            @DefaultValue("5%") String statefulWindow,
            @DefaultValue("100ms") Duration ruleBudget) {

        public Evaluate {
            // a value that is neither a size nor a percentage stops the start, not a request
            HeapShare.bytes(maxAnswerSize, 1, 1, "verdict.evaluate.max-answer-size");
            HeapShare.bytes(statefulWindow, 1, 1, "verdict.evaluate.stateful-window");
        }

        /** {@link #maxAnswerSize} in bytes. */
        public long maxAnswerSizeBytes() {
            return HeapShare.bytes(
                    maxAnswerSize, Runtime.getRuntime().maxMemory(), 16L << 20, "verdict.evaluate.max-answer-size");
        }

        /** {@link #statefulWindow} in bytes. */
        public long statefulWindowBytes() {
            return HeapShare.bytes(
                    statefulWindow, Runtime.getRuntime().maxMemory(), 16L << 20, "verdict.evaluate.stateful-window");
        }
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
    public record Http(
            @DefaultValue("10s") Duration bodyGrace,
            @DefaultValue("1KB") DataSize bodyMinRate,
            @DefaultValue("5m") Duration bodyDeadline,
            @DefaultValue("40") int reservedThreads,
            @DefaultValue("2s") Duration retryAfter) {}

    /**
     * Where every released alert goes besides the answer of the request that released it.
     *
     * @param chain    whether each alert is decided again, as Kibana's document in the alerts index
     *                 ({@code .alerts-security.alerts-default}), by the rules that search that index (one level: their
     *                 own alerts are not)
     * @param feed     the in-memory feed {@code GET /api/v1/alerts}
     * @param webhooks the HTTP endpoints every alert is posted to
     */
    public record Alerts(
            @DefaultValue("true") boolean chain,
            @DefaultValue Feed feed,
            List<Webhook> webhooks) {

        public Alerts {
            feed = feed == null ? new Feed(10_000, DataSize.ofMegabytes(64)) : feed;
            webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        }

        /**
         * @param maxAlerts most alerts kept; past it the oldest go
         * @param maxBytes  most estimated heap the kept alerts hold (the alert, and the event it was built from with
         *                  room for its tree); past it the oldest go
         */
        public record Feed(
                @DefaultValue("10000") int maxAlerts,
                @DefaultValue("64MB") DataSize maxBytes) {
            public Feed {
                if (maxAlerts < 1 || maxAlerts > 10_000_000) {
                    throw new IllegalArgumentException(
                            "verdict.alerts.feed.max-alerts must be between 1 and" + " 10000000, not " + maxAlerts);
                }
                if (maxBytes == null || maxBytes.toBytes() < 1) {
                    throw new IllegalArgumentException("verdict.alerts.feed.max-bytes must be a positive size");
                }
            }
        }

        /** How a webhook gets its alerts: one NDJSON batch per POST, or one JSON alert per POST. */
        public enum Mode {
            NDJSON,
            SINGLE
        }

        /** What a webhook's alerts look like: Verdict's alert, or Kibana's alert document. */
        public enum Format {
            VERDICT,
            KIBANA
        }

        /**
         * @param name        names the webhook in metrics and the status view; empty: its index
         * @param url         where alerts are posted: {@code http} or {@code https}
         * @param format      {@code verdict} or {@code kibana}
         * @param mode        {@code ndjson} (up to {@code batchSize} alerts per POST, sent at most {@code linger}
         *                    after the first is queued) or {@code single} (one POST per alert)
         * @param secret      with it, each POST carries {@code X-Verdict-Signature: sha256=<hex>}, the HMAC-SHA256
         *                    under this secret of {@code X-Verdict-Timestamp + "." + body}
         * @param headers     sent with every POST (an {@code Authorization} token, say)
         * @param timeout     how long one POST may take, connecting included
         * @param maxAttempts tries per POST before its alerts are counted as failed
         * @param batchSize   most alerts per NDJSON POST
         * @param linger      how long an NDJSON POST waits for more alerts after its first
         * @param queueSize   alerts waiting to be sent at most; when full, a new alert is dropped for this webhook
         *                    and counted
         * @param backoff     the wait before the second attempt, doubled for each further one (at most 30s), half of
         *                    it random
         */
        public record Webhook(
                String name,
                String url,
                @DefaultValue("verdict") Format format,
                @DefaultValue("ndjson") Mode mode,
                String secret,
                Map<String, String> headers,
                @DefaultValue("5s") Duration timeout,
                @DefaultValue("5") int maxAttempts,
                @DefaultValue("100") int batchSize,
                @DefaultValue("1s") Duration linger,
                @DefaultValue("10000") int queueSize,
                @DefaultValue("500ms") Duration backoff) {

            public Webhook {
                name = name == null ? "" : name.strip();
                format = format == null ? Format.VERDICT : format;
                mode = mode == null ? Mode.NDJSON : mode;
                secret = secret == null || secret.isEmpty() ? null : secret;
                headers = headers == null ? Map.of() : Map.copyOf(headers);
                timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
                linger = linger == null ? Duration.ofSeconds(1) : linger;
                backoff = backoff == null ? Duration.ofMillis(500) : backoff;
                WebhookChecks.check(url, headers, timeout, maxAttempts, batchSize, linger, queueSize, backoff);
            }
        }
    }

    /**
     * The Kafka mode: Verdict as a Kafka Streams application, beside the REST API. Checked when bound (only when
     * enabled): a bad value stops the start with a message naming the property, never its value.
     *
     * @param enabled             off by default: nothing of Kafka starts
     * @param bootstrapServers    the brokers to connect to first ({@code host:port,host:port})
     * @param applicationId       the Kafka Streams application id: the consumer group every instance joins, and the
     *                            prefix of its internal (repartition, changelog) topics
     * @param instanceId          names this instance in the headers of the rule changes it publishes; empty: the
     *                            host name with a random suffix
     * @param inputTopics         where events are read: one ECS JSON event, or NDJSON events, per record
     * @param alertsTopic         where alerts are written, keyed by rule and group
     * @param alertFormat         {@code verdict} or {@code kibana}
     * @param includeEvent        whether a Verdict alert carries the event it was raised on
     * @param deadLetterTopic     where records that are not events go, with the problem in their headers
     * @param rulesTopic          the compacted topic of rule changes (key rule_id) every instance applies
     * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2} (no duplicate or lost alert
     *                            across failures; needs brokers 2.5 or later and costs latency)
     * @param numStreamThreads    stream threads of this instance
     * @param stateDir            where Kafka Streams keeps its local state stores; empty: Kafka Streams' default
     * @param commitInterval      how often offsets are committed (and, exactly once, alerts made visible); empty:
     *                            Kafka Streams' default (30s at least once, 100ms exactly once)
     * @param maxRecordSize       largest record read as events; a larger one goes to the dead letters
     * @param maxEventsPerRecord  most NDJSON events in one record; past it the record goes to the dead letters
     * @param closeTimeout        how long a shutdown waits for the stream threads to commit and stop
     * @param rulesWait           how long a start waits to read the rules topic to its end before the stream starts
     * @param properties          any other Kafka Streams, consumer, producer or admin property
     *                            ({@code verdict.kafka.properties.[security.protocol]=SASL_SSL})
     */
    public record Kafka(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("localhost:9092") String bootstrapServers,
            @DefaultValue("verdict") String applicationId,
            @DefaultValue("") String instanceId,
            @DefaultValue("events") List<String> inputTopics,
            @DefaultValue("verdict-alerts") String alertsTopic,
            @DefaultValue("verdict") Alerts.Format alertFormat,
            @DefaultValue("false") boolean includeEvent,
            @DefaultValue("verdict-dead-letters") String deadLetterTopic,
            @DefaultValue("verdict-rules") String rulesTopic,
            @DefaultValue("at_least_once") String processingGuarantee,
            @DefaultValue("1") int numStreamThreads,
            @DefaultValue("") String stateDir,
            Duration commitInterval,
            @DefaultValue("1MB") DataSize maxRecordSize,
            @DefaultValue("10000") int maxEventsPerRecord,
            @DefaultValue("30s") Duration closeTimeout,
            @DefaultValue("30s") Duration rulesWait,
            Map<String, String> properties) {

        /** Off, as when nothing is configured. */
        public static final Kafka OFF = new Kafka(
                false,
                "localhost:9092",
                "verdict",
                "",
                List.of("events"),
                "verdict-alerts",
                Alerts.Format.VERDICT,
                false,
                "verdict-dead-letters",
                "verdict-rules",
                "at_least_once",
                1,
                "",
                null,
                DataSize.ofMegabytes(1),
                10_000,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                null);

        public Kafka {
            inputTopics = inputTopics == null ? List.of() : List.copyOf(inputTopics);
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            instanceId = instanceId == null ? "" : instanceId.strip();
            stateDir = stateDir == null ? "" : stateDir.strip();
            alertFormat = alertFormat == null ? Alerts.Format.VERDICT : alertFormat;
            if (enabled) {
                // the fields are not set yet: the checks get the values as bound
                KafkaChecks.check(
                        bootstrapServers,
                        applicationId,
                        KafkaChecks.topics(inputTopics, alertsTopic, deadLetterTopic, rulesTopic),
                        processingGuarantee,
                        numStreamThreads,
                        commitInterval,
                        maxRecordSize,
                        maxEventsPerRecord,
                        closeTimeout,
                        rulesWait,
                        properties);
            }
        }
    }
}
