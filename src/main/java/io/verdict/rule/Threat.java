package io.verdict.rule;

import java.util.List;

/** One {@code [[rule.threat]]} entry: exactly one tactic and the techniques under it (named as in the format). */
public record Threat(String framework, MitreRef tactic, List<Technique> technique) {

    public Threat {
        technique = List.copyOf(technique);
    }
}
