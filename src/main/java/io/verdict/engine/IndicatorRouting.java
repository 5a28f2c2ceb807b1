package io.verdict.engine;

import io.verdict.engine.threat.IndicatorCheck;
import io.verdict.event.Event;
import java.util.Arrays;
import java.util.List;

/**
 * Which of a plan's indicator match rules take a document as an indicator, as far as that is decided without state:
 * its index is one of the rule's {@code threat_index} patterns (a document naming no index is in every one), and it
 * passes the threat query (less its time bound) and the threat filters. Index names are decided once, as
 * {@link Routes} does for the rules' own indexes. Immutable but for that cache; thread-safe.
 */
final class IndicatorRouting {

    private static final int[] NONE = new int[0];

    /** The chosen indicator match rules, by position. */
    private final int[] positions;

    private final CompiledRule[] all;
    private final Routes routes;

    private IndicatorRouting(CompiledRule[] all, int[] positions, Routes routes) {
        this.all = all;
        this.positions = positions;
        this.routes = routes;
    }

    /** The routing of the chosen indicator match rules of {@code all}; null when there is none. */
    static IndicatorRouting of(CompiledRule[] all, boolean[] chosen) {
        int[] positions = java.util.stream.IntStream.range(0, all.length)
                .filter(p -> chosen[p] && all[p].threat() != null && all[p].coverage() == Coverage.THREAT_MATCH)
                .toArray();
        if (positions.length == 0) {
            return null;
        }
        // the threat_index patterns stand in for the rules' own index patterns
        CompiledRule[] threatSide = all.clone();
        boolean[] threatChosen = new boolean[all.length];
        for (int p : positions) {
            threatSide[p] = new CompiledRule(
                    all[p].rule(),
                    Coverage.QUERY_ERROR,
                    null,
                    List.of(),
                    IndexPatterns.of(all[p].rule()
                            .typeBlock(io.verdict.rule.ThreatMatch.class)
                            .orElseThrow()
                            .threatIndex()),
                    null,
                    List.of());
            threatChosen[p] = true;
        }
        return new IndicatorRouting(all, positions, new Routes(threatSide, threatChosen, Plan.Unrouted.ALL_RULES));
    }

    /** The positions of the rules that take the document, as far as decided without state; none: empty. */
    int[] accepting(Event document) {
        boolean[] routed = routes.of(document).routed();
        int[] out = NONE;
        int count = 0;
        for (int p : positions) {
            if (routed[p] && IndicatorCheck.shape(all[p].threat(), document, null) == IndicatorCheck.ACCEPTED) {
                out = count == out.length ? Arrays.copyOf(out, count + 2) : out;
                out[count++] = p;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    /** The chosen indicator match rules, by position. */
    int[] positions() {
        return positions;
    }
}
