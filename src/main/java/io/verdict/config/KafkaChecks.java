package io.verdict.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Checks the {@code verdict.kafka} properties when they are bound, so a bad one stops the start with a message
 * naming the property rather than a stream thread dying later. Messages never repeat a value of the pass-through
 * {@code properties}, which may hold credentials (a JAAS configuration, a key store password).
 */
final class KafkaChecks {

    /** Kafka's own rule for topic names (and the application id, which prefixes internal topics). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Set by their own properties: a second way to set them would leave it unclear which one wins. */
    private static final Map<String, String> OWN = Map.of(
            "bootstrap.servers", "bootstrap-servers",
            "application.id", "application-id",
            "processing.guarantee", "processing-guarantee",
            "num.stream.threads", "num-stream-threads",
            "state.dir", "state-dir",
            "commit.interval.ms", "commit-interval");

    private static final Set<String> GUARANTEES = Set.of("at_least_once", "exactly_once_v2");

    private KafkaChecks() {}

    /** The topics by property name, in the order they are checked. */
    static Map<String, List<String>> topics(
            List<String> inputTopics, String alertsTopic, String deadLetterTopic, String rulesTopic) {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        topics.put("input-topics", inputTopics == null ? List.of() : inputTopics);
        topics.put("alerts-topic", single(alertsTopic));
        topics.put("dead-letter-topic", single(deadLetterTopic));
        topics.put("rules-topic", single(rulesTopic));
        return topics;
    }

    private static List<String> single(String topic) {
        return java.util.Collections.singletonList(topic);
    }

    static void check(
            String bootstrapServers,
            String applicationId,
            Map<String, List<String>> topics,
            String processingGuarantee,
            int numStreamThreads,
            Duration commitInterval,
            DataSize maxRecordSize,
            int maxEventsPerRecord,
            Duration closeTimeout,
            Duration rulesWait,
            Map<String, String> properties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw fail("bootstrap-servers is required (host:port, comma-separated)");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            if (colon <= 0
                    || colon == s.length() - 1
                    || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw fail("bootstrap-servers must be host:port pairs separated by commas; '" + shorten(s)
                        + "' is not one");
            }
        }
        name("application-id", applicationId);
        if (topics.get("input-topics").isEmpty()) {
            throw fail("input-topics names no topic: events would come from nowhere");
        }
        topics.forEach((property, names) -> names.forEach(topic -> name(property, topic)));
        List<String> outputs =
                List.of(only(topics, "alerts-topic"), only(topics, "dead-letter-topic"), only(topics, "rules-topic"));
        for (String input : topics.get("input-topics")) {
            if (outputs.contains(input)) {
                throw fail("input-topics must not name '" + input + "', which is also an output topic: alerts or dead"
                        + " letters would be read back as events");
            }
        }
        if (outputs.stream().distinct().count() < outputs.size()) {
            throw fail("alerts-topic, dead-letter-topic and rules-topic must be three different topics");
        }
        if (processingGuarantee == null || !GUARANTEES.contains(processingGuarantee)) {
            throw fail("processing-guarantee must be at_least_once or exactly_once_v2, not '"
                    + shorten(String.valueOf(processingGuarantee)) + "'");
        }
        if (numStreamThreads < 1 || numStreamThreads > 256) {
            throw fail("num-stream-threads must be between 1 and 256, not " + numStreamThreads);
        }
        if (commitInterval != null && (commitInterval.isNegative() || commitInterval.isZero())) {
            throw fail("commit-interval must be positive, not " + commitInterval);
        }
        if (maxRecordSize == null || maxRecordSize.toBytes() < 1 || maxRecordSize.toBytes() > Integer.MAX_VALUE) {
            throw fail("max-record-size must be a size between 1B and 2GB");
        }
        if (maxEventsPerRecord < 1) {
            throw fail("max-events-per-record must be at least 1, not " + maxEventsPerRecord);
        }
        positive("close-timeout", closeTimeout);
        positive("rules-wait", rulesWait);
        for (String key : properties.keySet()) {
            String own = OWN.get(key);
            if (own != null) {
                // only the key is named: values of pass-through properties may be secrets
                throw fail("properties." + key + " is set by verdict.kafka." + own + "; set that instead");
            }
        }
    }

    private static String only(Map<String, List<String>> topics, String property) {
        return topics.get(property).get(0);
    }

    private static void name(String property, String value) {
        if (value == null || !NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw fail(property + " must be a Kafka name (1 to 249 of a-z A-Z 0-9 . _ -), not '"
                    + shorten(String.valueOf(value)) + "'");
        }
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw fail(property + " must be positive, not " + value);
        }
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }

    private static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException("verdict.kafka." + message);
    }
}
