package io.verdict.ruletest;

/**
 * The outcome of one case.
 *
 * @param message why it failed or was skipped; null when it passed
 */
public record RuleTestResult(
        String file, String ruleId, String ruleName, String caseName, int line, Outcome outcome, String message) {

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** {@code file:line: PASSED|FAILED|SKIPPED rule / case: message} */
    public String describe() {
        return file + ":" + line + ": " + outcome + " " + ruleName + " / " + caseName
                + (message == null ? "" : ": " + message);
    }
}
