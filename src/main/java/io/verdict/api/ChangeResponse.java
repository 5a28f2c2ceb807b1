package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.verdict.lifecycle.RuleChanges;
import java.util.List;

/** What a change did: per rule its action and new revision, notes on skipped lines, and load warnings. */
@Schema(description = "The rules a change applied, each with its new revision")
record ChangeResponse(List<RuleChanges.Applied> rules, List<String> notes, List<ProblemView> warnings) {}
