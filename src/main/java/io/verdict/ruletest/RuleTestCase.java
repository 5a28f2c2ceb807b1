package io.verdict.ruletest;

import java.util.List;

/**
 * One case of a rule's test file: events posted in order, and what the rule must make of them.
 *
 * @param events     the events as JSON object texts
 * @param alert      true: the rule must alert on at least one event; false: on none
 * @param severity   when set, the severity the (first) alert must carry
 * @param riskScore  when set, the risk score the (first) alert must carry
 * @param line       where the case starts in its file
 */
public record RuleTestCase(
        String name, List<String> events, boolean alert, String severity, Integer riskScore, int line) {

    public RuleTestCase {
        events = List.copyOf(events);
    }
}
