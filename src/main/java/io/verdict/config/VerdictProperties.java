package io.verdict.config;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.verdict.engine.Plan;

/**
 * Everything Verdict is configured with, under the {@code verdict} prefix.
 *
 * @param rules    where rule files are read from
 * @param evaluate limits and routing of the evaluate endpoints
 */
@ConfigurationProperties("verdict")
public record VerdictProperties(@DefaultValue Rules rules, @DefaultValue Evaluate evaluate) {

    /**
     * @param paths directories (walked recursively for {@code *.toml}) or single rule files;
     *              {@code verdict.rules.paths=rules,/etc/verdict/extra}
     */
    public record Rules(@DefaultValue("rules") List<Path> paths) {
    }

    /**
     * @param maxEventSize     largest single event: the body of {@code /evaluate}, one NDJSON line, one array element
     * @param maxBatchSize     largest body of {@code /evaluate/_batch}
     * @param maxBatchEvents   most events in one batch
     * @param maxNestingDepth  deepest JSON nesting of an event
     * @param maxStringLength  longest JSON string in an event, in characters
     * @param unroutedEvents   rules applied to an event that names no index ({@code _index}, {@code data_stream.*}):
     *                         {@code all_rules}, or {@code no_rules} (then only rules without index patterns)
     */
    public record Evaluate(
            @DefaultValue("1MB") DataSize maxEventSize,
            @DefaultValue("512MB") DataSize maxBatchSize,
            @DefaultValue("100000") int maxBatchEvents,
            @DefaultValue("64") int maxNestingDepth,
            @DefaultValue("1000000") int maxStringLength,
            @DefaultValue("all_rules") Plan.Unrouted unroutedEvents) {
    }
}
