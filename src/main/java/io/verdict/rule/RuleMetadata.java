package io.verdict.rule;

import java.util.List;

/** {@code [metadata]}: repository bookkeeping that Kibana never sees. */
public record RuleMetadata(
        String creationDate,
        String updatedDate,
        String maturity,
        List<String> integration,
        String minStackVersion,
        String minStackComments,
        String deprecationDate,
        Boolean bypassBbrTiming,
        Boolean promotion) {

    public static final RuleMetadata NONE = new RuleMetadata(null, null, null, List.of(), null, null, null, null, null);

    public RuleMetadata {
        integration = List.copyOf(integration);
    }
}
