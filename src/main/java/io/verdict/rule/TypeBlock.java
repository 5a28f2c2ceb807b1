package io.verdict.rule;

/** The settings that only one rule type has. */
public sealed interface TypeBlock permits Threshold, NewTerms, ThreatMatch, MachineLearning {}
