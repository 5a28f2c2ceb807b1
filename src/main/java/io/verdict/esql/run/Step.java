package io.verdict.esql.run;

import java.util.List;

/** One processing command, compiled: the rows after it from the rows before (which it may change in place). */
@FunctionalInterface
public interface Step {

    List<Object[]> apply(List<Object[]> rows, Run run);
}
