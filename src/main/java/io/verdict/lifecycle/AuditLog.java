package io.verdict.lifecycle;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail of changes to the rule set, on the logger {@code verdict.audit}. Each line reads as before in a
 * plain log ({@code actor=ci action=create rule_id=… revision=3}) and carries ECS fields as key-value pairs, so that
 * with structured logging ({@code logging.structured.format.console=ecs}) it is an ECS event a SIEM can search:
 * {@code event.kind}, {@code event.category}, {@code event.type}, {@code event.action}, {@code event.outcome},
 * {@code user.name} (the key id, or {@code jwt:<subject>}), {@code rule.id}, {@code rule.version}, and
 * {@code verdict.*} for counts ECS has no field for.
 */
final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("verdict.audit");

    /** A rule written to the store: create, replace, update, enable, disable or exceptions. */
    void ruleWritten(String actor, String action, String ruleId, int revision, int exceptions) {
        event(actor, "rule-" + action, "create".equals(action) ? "creation" : "change")
                .addKeyValue("rule.id", ruleId)
                .addKeyValue("rule.version", Integer.toString(revision))
                .addKeyValue("verdict.exceptions", exceptions)
                .log(
                        "actor={} action={} rule_id={} revision={} exceptions={}",
                        actor,
                        action,
                        ruleId,
                        revision,
                        exceptions);
    }

    /** A stored rule removed. */
    void ruleDeleted(String actor, String ruleId, int revision) {
        event(actor, "rule-delete", "deletion")
                .addKeyValue("rule.id", ruleId)
                .addKeyValue("rule.version", Integer.toString(revision))
                .log("actor={} action=delete rule_id={} revision={}", actor, ruleId, revision);
    }

    /** The rule directories and the store read again and a new rule set installed. */
    void reloaded(String actor, int rules, int errors, boolean forced) {
        event(actor, "rules-reload", "change")
                .addKeyValue("verdict.rules", rules)
                .addKeyValue("verdict.errors", errors)
                .addKeyValue("verdict.forced", forced)
                .log("actor={} action=reload rules={} errors={} forced={}", actor, rules, errors, forced);
    }

    private static LoggingEventBuilder event(String actor, String action, String type) {
        return log.atInfo()
                .addKeyValue("event.kind", "event")
                .addKeyValue("event.category", List.of("configuration"))
                .addKeyValue("event.type", List.of(type))
                .addKeyValue("event.action", action)
                .addKeyValue("event.outcome", "success")
                .addKeyValue("user.name", actor);
    }
}
