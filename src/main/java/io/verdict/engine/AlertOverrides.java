package io.verdict.engine;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.rule.AlertSettings;
import io.verdict.rule.InvestigationGuide;
import io.verdict.rule.Rule;
import io.verdict.rule.Severity;
import io.verdict.rule.SeverityMapping;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;

/**
 * What of a rule's alert depends on the event, compiled once: overrides of severity, risk score and name, applied
 * as Kibana applies them (rule-format.md §2.5): severity mappings sorted low to high with the last match winning;
 * the first risk-score mapping's field giving the score (the largest of its values in 0..100); a string in the
 * name-override field replacing the rule name. And the investigation guide, split at its placeholders.
 */
public final class AlertOverrides {

    private record SeverityCase(FieldPath field, String value, Long number, Severity severity) {}

    private final List<SeverityCase> severities;
    private final FieldPath riskScoreField;
    private final FieldPath nameField;
    private final InvestigationGuide.Template guide;
    private final SerializableString quotedGuide;
    /** The rule's ATT&CK ids, flat: the same for all its alerts, so listed once. */
    private final List<String> tactics;

    private final List<String> techniques;

    AlertOverrides(Rule rule) {
        AlertSettings alert = rule.alert();
        this.severities = alert.severityMapping().stream()
                .filter(m -> m.field() != null && m.severity() != null)
                .sorted(Comparator.comparing(SeverityMapping::severity))
                .map(m -> new SeverityCase(
                        FieldPath.of(m.field()),
                        m.value(),
                        m.field().equals("event.severity") ? parseLong(m.value()) : null,
                        m.severity()))
                .toList();
        this.riskScoreField = alert.riskScoreMapping().isEmpty()
                        || alert.riskScoreMapping().get(0).field() == null
                ? null
                : FieldPath.of(alert.riskScoreMapping().get(0).field());
        this.nameField = alert.ruleNameOverride() == null ? null : FieldPath.of(alert.ruleNameOverride());
        this.guide = InvestigationGuide.template(rule);
        this.quotedGuide = guide.constant() == null ? null : new SerializedString(guide.constant());
        this.tactics = AlertEntities.tactics(rule.threat());
        this.techniques = AlertEntities.techniques(rule.threat());
    }

    Severity severity(Rule rule, Event event) {
        Severity result = rule.severity();
        for (SeverityCase c : severities) {
            boolean matches = c.number() != null
                    ? event.anyValue(c.field(), v -> c.number().equals(integerOf(v)))
                    : event.anyValue(c.field(), v -> c.value().equals(v.asString()));
            if (matches) {
                result = c.severity();
            }
        }
        return result;
    }

    int riskScore(Rule rule, Event event) {
        if (riskScoreField == null) {
            return rule.riskScore();
        }
        double[] best = {-1};
        event.forEachValue(riskScoreField, v -> {
            Double score = v.isNumber() ? v.doubleValue() : parseDouble(v.asString());
            if (score != null && score >= 0 && score <= 100 && score > best[0]) {
                best[0] = score;
            }
        });
        return best[0] < 0 ? rule.riskScore() : (int) Math.round(best[0]);
    }

    String name(Rule rule, Event event) {
        if (nameField == null) {
            return rule.name();
        }
        JsonNode value = event.firstValue(nameField);
        return value != null && value.isString() && !value.stringValue().isEmpty() ? value.stringValue() : rule.name();
    }

    private static Long integerOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.longValue() : null;
        }
        return value.isString() ? parseLong(value.stringValue()) : null;
    }

    private static Long parseLong(String text) {
        try {
            return new BigDecimal(text.strip()).longValueExact();
        } catch (ArithmeticException | NumberFormatException notAnInteger) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** The guide split at its placeholders, rendered per alert. */
    InvestigationGuide.Template guide() {
        return guide;
    }

    /**
     * The guide as a JSON string, escaped once for all the rule's alerts (see {@link Alert#quotedNote}); null when
     * the guide has placeholders, which each alert renders.
     */
    List<String> tactics() {
        return tactics;
    }

    List<String> techniques() {
        return techniques;
    }

    SerializableString quotedGuide() {
        return quotedGuide;
    }
}
