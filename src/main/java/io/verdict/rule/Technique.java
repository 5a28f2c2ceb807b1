package io.verdict.rule;

import java.util.List;

/** An ATT&CK technique of a threat entry, with its subtechniques (named as in the format). */
public record Technique(String id, String name, String reference, List<MitreRef> subtechnique) {

    public Technique {
        subtechnique = List.copyOf(subtechnique);
    }
}
