package io.verdict.api;

import java.util.List;
import java.util.Map;

/**
 * A rule selection ({@code rule_id}, {@code tag}, {@code type}) naming values no loaded rule has, or one that
 * matches no rule at all: answered as a mistake, since evaluating against nothing looks like "no match".
 */
class UnknownSelectionException extends RuntimeException {

    private final Map<String, List<String>> unknown;
    private final List<String> allowedTypes;

    UnknownSelectionException(String message, Map<String, List<String>> unknown, List<String> allowedTypes) {
        super(message);
        this.unknown = Map.copyOf(unknown);
        this.allowedTypes = List.copyOf(allowedTypes);
    }

    /** The unknown values by parameter; empty when every value is known but together they select no rule. */
    Map<String, List<String>> unknown() {
        return unknown;
    }

    List<String> allowedTypes() {
        return allowedTypes;
    }
}
