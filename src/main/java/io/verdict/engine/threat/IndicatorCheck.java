package io.verdict.engine.threat;

import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.FieldType;
import io.verdict.event.FieldValues;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Whether a rule takes a document as one of its indicators, and if not, the first check it fails, in this order:
 * its index, the threat query, the threat filters, its age (the threat query's time bound, and its last-seen time,
 * at event time), and a value of a field the rule's groups are looked up by.
 */
public enum IndicatorCheck {
    ACCEPTED("accepted"),
    INDEX("index: its index is none of the rule's threat_index patterns"),
    THREAT_QUERY("threat_query: it does not pass the rule's threat query"),
    THREAT_FILTERS("threat_filters: it does not pass the rule's threat filters"),
    EXPIRED("expired: it is older than the threat query's time bound at event time"),
    NO_MAPPED_FIELD("no_mapped_field: it has no value of an indicator field of the rule's threat_mapping");

    private final String reason;

    IndicatorCheck(String reason) {
        this.reason = reason;
    }

    /** The check as an answer names it: {@code index: ...}. */
    public String reason() {
        return reason;
    }

    /** The checks that need no state (index, threat query, filters): what a batch worker decides of a document. */
    public static IndicatorCheck shape(ThreatRule rule, Event document, String index) {
        if (!rule.threatIndex().test(index)) {
            return INDEX;
        }
        if (!rule.threatQuery().matches(document)) {
            return THREAT_QUERY;
        }
        return rule.threatFilters().matches(document) ? ACCEPTED : THREAT_FILTERS;
    }

    /** The checks that depend on event time {@code now} ({@link Long#MIN_VALUE}: none yet) and on the mapping. */
    public static IndicatorCheck state(ThreatRule rule, Event document, long now) {
        if (rule.bound() != null) {
            long time = time(document, FieldPath.of(rule.bound().field()));
            if (time == Long.MIN_VALUE) {
                // a range on a field the document lacks does not match
                return THREAT_QUERY;
            }
            long earliest = rule.earliest(now);
            long seen = seen(document);
            if (time < earliest || seen != Long.MIN_VALUE && seen < earliest) {
                return EXPIRED;
            }
        }
        for (FieldPath field : rule.keyIndicatorFields()) {
            if (document.has(field)) {
                return ACCEPTED;
            }
        }
        return NO_MAPPED_FIELD;
    }

    /** Every check, the stateless ones first. */
    public static IndicatorCheck of(ThreatRule rule, Event document, String index, long now) {
        IndicatorCheck shape = shape(rule, document, index);
        return shape == ACCEPTED ? state(rule, document, now) : shape;
    }

    static long time(Event document, FieldPath field) {
        JsonNode value = document.firstValue(field);
        Instant at = value == null ? null : FieldValues.asInstant(value, FieldType.DATE);
        return at == null ? Long.MIN_VALUE : at.toEpochMilli();
    }

    /** Last seen, else last modified (ECS's {@code modified_at}, or {@code modified}); {@link Long#MIN_VALUE}: none. */
    static long seen(Event document) {
        for (FieldPath field : ThreatRule.SEEN) {
            long time = time(document, field);
            if (time != Long.MIN_VALUE) {
                return time;
            }
        }
        return Long.MIN_VALUE;
    }
}
