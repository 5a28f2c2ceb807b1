package io.verdict.engine;

import java.util.Map;

/**
 * The threat indicators a state store keeps ({@link Plan#indicatorSummary()}).
 *
 * @param indicators     indicators kept, each once however many rules use it
 * @param maxIndicators  the bound ({@code verdict.state.max-indicators})
 * @param perRule        per indicator match rule: {@code indicators} it uses, {@code waiting_events} (recent events
 *                       waiting for an indicator), {@code expired}, {@code evictions}, {@code memory_bytes}
 * @param byProvider     indicators per {@code threat.indicator.provider} ({@code unknown}: none)
 * @param byType         indicators per {@code threat.indicator.type} ({@code unknown}: none)
 * @param memoryBytes    estimated bytes the rules' indicators and waiting events hold
 * @param dropped        indicators dropped, oldest first, past {@code maxIndicators}
 */
public record IndicatorSummary(
        long indicators,
        long maxIndicators,
        Map<String, Map<String, Long>> perRule,
        Map<String, Long> byProvider,
        Map<String, Long> byType,
        long memoryBytes,
        long dropped) {

    /** What {@code store} keeps: its indicators, and the indicator match rules' own counts from its stats. */
    static IndicatorSummary of(StateStore store) {
        Map<String, Map<String, Long>> perRule = new java.util.TreeMap<>();
        long memory = 0;
        for (var entry : store.stats().entrySet()) {
            if (entry.getValue().containsKey("waiting_events")) {
                perRule.put(entry.getKey(), entry.getValue());
                memory += entry.getValue().getOrDefault("memory_bytes", 0L);
            }
        }
        var kept = store.indicators();
        return new IndicatorSummary(
                kept.size(), kept.maxIndicators(), perRule, kept.byProvider(), kept.byType(), memory, kept.dropped());
    }
}
