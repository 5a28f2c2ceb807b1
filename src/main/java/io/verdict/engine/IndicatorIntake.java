package io.verdict.engine;

import java.util.List;
import java.util.Map;

/**
 * What a batch of indicator documents did ({@link Plan#ingestIndicators}).
 *
 * @param received the documents given
 * @param accepted per rule_id, the documents the rule took as indicators (a document may count for several rules)
 * @param kept     the documents kept (by at least one rule); a kept document replaces the one of its id
 * @param rejected the documents no rule took, each with why
 * @param alerts   the alerts the new indicators completed: recent events that passed a rule's query within its
 *                 look-back ({@code from}) and had not alerted yet
 */
public record IndicatorIntake(
        int received, Map<String, Integer> accepted, int kept, List<Rejected> rejected, List<Alert> alerts) {

    /**
     * A document no rule took.
     *
     * @param position          its place in the batch, from 0
     * @param id                its {@code _id}, else null
     * @param reason            the furthest check it reached and failed, over all indicator match rules: {@code index},
     *                          {@code threat_query}, {@code threat_filters}, {@code expired} or
     *                          {@code no_mapped_field}, with a sentence ({@code index: its index is none of ...});
     *                          {@code no_rule: no indicator match rule is loaded} when there is none
     * @param lacksMappedFields it has no value of any indicator field of any rule's threat_mapping
     */
    public record Rejected(int position, String id, String reason, boolean lacksMappedFields) {}
}
