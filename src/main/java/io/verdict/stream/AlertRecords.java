package io.verdict.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.verdict.engine.Alert;
import io.verdict.engine.KibanaAlerts;
import io.verdict.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts as records of the alerts topic: keyed by rule and group, so that the alerts of one sequence, threshold
 * group or new terms combination land in one partition, in order; the value is the alert in the configured form.
 */
final class AlertRecords {

    /** The API's JSON: snake_case names, no nulls. */
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final AlertFormat format;
    private final Clock clock;

    AlertRecords(AlertFormat format, Clock clock) {
        this.format = format;
        this.clock = clock;
    }

    /**
     * The record key of an alert: {@code rule_id/group}, the group being a sequence's group id, a threshold group's
     * values, a new terms combination, else the alert's own id.
     */
    static String key(Alert alert) {
        String group;
        if (alert.sequence() != null && alert.sequence().groupId() != null) {
            group = alert.sequence().groupId();
        } else if (alert.thresholdResult() != null) {
            StringBuilder values = new StringBuilder();
            alert.thresholdResult()
                    .terms()
                    .forEach(t -> values.append(values.isEmpty() ? "" : ",").append(t.value()));
            group = values.toString();
        } else if (alert.newTerms() != null) {
            group = String.join(",", alert.newTerms());
        } else {
            group = alert.id().value();
        }
        return alert.rule().ruleId() + "/" + group;
    }

    /** The alert in the configured form, as JSON; {@code rule} is the rule that made it (null: the Verdict form). */
    byte[] value(Alert alert, Rule rule) {
        Object written = format == AlertFormat.KIBANA && rule != null
                ? KibanaAlerts.document(alert, rule, clock.instant())
                : alert;
        return JSON.writeValueAsBytes(written);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
