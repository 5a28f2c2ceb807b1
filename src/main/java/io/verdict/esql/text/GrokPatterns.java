package io.verdict.esql.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grok pattern bank ES|QL's {@code GROK} uses: the {@code ecs-v1} set, loaded once from the resources under
 * {@code io/verdict/esql/grok/} (see the README there for provenance and licence). Each line is {@code NAME regex};
 * blank lines and {@code #} comments are skipped; a later file's definition of a name replaces an earlier one.
 */
final class GrokPatterns {

    /** The files in the order Elasticsearch loads them. */
    private static final List<String> FILES = List.of(
            "aws",
            "bacula",
            "bind",
            "bro",
            "exim",
            "firewalls",
            "grok-patterns",
            "haproxy",
            "httpd",
            "java",
            "junos",
            "linux-syslog",
            "maven",
            "mcollective",
            "mongodb",
            "nagios",
            "postgresql",
            "rails",
            "redis",
            "ruby",
            "squid",
            "zeek");

    private static final Map<String, String> BANK = load();

    private GrokPatterns() {}

    /** Every pattern by name. */
    static Map<String, String> bank() {
        return BANK;
    }

    private static Map<String, String> load() {
        Map<String, String> bank = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = GrokPatterns.class.getResourceAsStream("/io/verdict/esql/grok/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("the grok pattern file " + file + " is missing from the resources");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String trimmed = line.stripLeading();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    String[] parts = trimmed.split("\\s+", 2);
                    if (parts.length == 2) {
                        bank.put(parts[0], parts[1]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableMap(bank);
    }
}
