package io.verdict.rule;

/** An ATT&CK (or ATLAS) tactic or subtechnique: id, name and reference URL. */
public record MitreRef(String id, String name, String reference) {}
