package io.verdict.api;

/** No loaded rule has this rule_id. */
class RuleNotFoundException extends RuntimeException {

    private final String ruleId;

    RuleNotFoundException(String ruleId) {
        super("No rule with rule_id '" + ruleId + "' is loaded.");
        this.ruleId = ruleId;
    }

    String ruleId() {
        return ruleId;
    }
}
