package io.verdict.config;

import io.verdict.engine.Detections;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleSet;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds the loaded rule counts to {@code /actuator/info}, next to the build version. */
@Component
class RuleInfoContributor implements InfoContributor {

    private final Detections detections;

    RuleInfoContributor(Detections detections) {
        this.detections = detections;
    }

    @Override
    public void contribute(Info.Builder builder) {
        RuleSet set = detections.rules();
        Map<String, Long> byType = new TreeMap<>();
        for (Rule rule : set.rules()) {
            byType.merge(rule.type().id(), 1L, Long::sum);
        }
        builder.withDetail(
                "rules",
                Map.of(
                        "loaded", set.size(),
                        "files", set.files(),
                        "errors", set.errors().size(),
                        "by_type", byType));
    }
}
