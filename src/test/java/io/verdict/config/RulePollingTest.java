package io.verdict.config;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link RuleWatcherTest} with the file watch off: polling alone finds the changes. */
class RulePollingTest extends RuleWatcherTest {

    @DynamicPropertySource
    static void noWatch(DynamicPropertyRegistry registry) {
        registry.add("verdict.rules.watch", () -> "false");
    }

    @Override
    boolean watching() {
        return false;
    }
}
