package io.verdict.config;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Verdict is configured with, under the {@code verdict} prefix.
 *
 * @param rules where rule files are read from
 */
@ConfigurationProperties("verdict")
public record VerdictProperties(@DefaultValue Rules rules) {

    /**
     * @param paths directories (walked recursively for {@code *.toml}) or single rule files;
     *              {@code verdict.rules.paths=rules,/etc/verdict/extra}
     */
    public record Rules(@DefaultValue("rules") List<Path> paths) {
    }
}
