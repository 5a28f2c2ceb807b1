package io.verdict.rule;

import java.util.List;

/** A machine-learning rule: anomalies of these jobs scoring at least {@code anomalyThreshold}. */
public record MachineLearning(int anomalyThreshold, List<String> jobIds) implements TypeBlock {

    public MachineLearning {
        jobIds = List.copyOf(jobIds);
    }
}
