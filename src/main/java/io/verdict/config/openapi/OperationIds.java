package io.verdict.config.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import java.util.Map;

/**
 * The operation ids a generated client names its methods after: a verb and what it acts on, unique across the
 * document, instead of the controllers' method names, which repeat across controllers ({@code list},
 * {@code list_1}: an order-dependent suffix) or are reserved words in client languages ({@code list}, {@code get},
 * {@code delete}). An operation not listed keeps the id springdoc gave it; a test holds the table complete.
 */
public final class OperationIds {

    public static final Map<String, String> IDS = Map.ofEntries(
            Map.entry("POST /api/v1/evaluate", "evaluateEvent"),
            Map.entry("POST /api/v1/evaluate/_batch", "evaluateBatch"),
            Map.entry("GET /api/v1/rules", "listRules"),
            Map.entry("POST /api/v1/rules", "uploadRules"),
            Map.entry("GET /api/v1/rules/{rule_id}", "getRule"),
            Map.entry("PUT /api/v1/rules/{rule_id}", "replaceRule"),
            Map.entry("DELETE /api/v1/rules/{rule_id}", "deleteRule"),
            Map.entry("GET /api/v1/rules/errors", "getRuleErrors"),
            Map.entry("GET /api/v1/rules/stats", "getRuleStats"),
            Map.entry("POST /api/v1/rules/{rule_id}/_explain", "explainRule"),
            Map.entry("GET /api/v1/rules/_tests", "getRuleTestReport"),
            Map.entry("GET /api/v1/rules/{rule_id}/_tests", "getRuleTestOutcome"),
            Map.entry("POST /api/v1/rules/_test", "testRules"),
            Map.entry("POST /api/v1/rules/_validate", "validateRules"),
            Map.entry("POST /api/v1/rules/{rule_id}/_enable", "enableRule"),
            Map.entry("POST /api/v1/rules/{rule_id}/_disable", "disableRule"),
            Map.entry("GET /api/v1/rules/_export", "exportRules"),
            Map.entry("POST /api/v1/rules/_reload", "reloadRules"),
            Map.entry("GET /api/v1/rules/{rule_id}/exceptions", "listExceptionItems"),
            Map.entry("POST /api/v1/rules/{rule_id}/exceptions", "addExceptionItem"),
            Map.entry("GET /api/v1/rules/{rule_id}/exceptions/{item_id}", "getExceptionItem"),
            Map.entry("PUT /api/v1/rules/{rule_id}/exceptions/{item_id}", "replaceExceptionItem"),
            Map.entry("DELETE /api/v1/rules/{rule_id}/exceptions/{item_id}", "deleteExceptionItem"),
            Map.entry("POST /api/v1/rules/{rule_id}/exceptions/_preview", "previewExceptionItem"),
            Map.entry("POST /api/v1/esql/_query", "runEsqlQuery"),
            Map.entry("POST /api/v1/state/_learn", "learnHistory"),
            Map.entry("POST /api/v1/state/_advance", "advanceEventTime"),
            Map.entry("GET /api/v1/state", "getState"),
            Map.entry("POST /api/v1/indicators", "addIndicators"),
            Map.entry("GET /api/v1/indicators", "getIndicators"),
            Map.entry("DELETE /api/v1/indicators", "clearIndicators"),
            Map.entry("DELETE /api/v1/state", "resetState"),
            Map.entry("GET /api/v1/sequences/pending", "listPendingSequences"),
            Map.entry("GET /api/v1/alerts", "listAlerts"),
            Map.entry("GET /api/v1/alerts/_outputs", "getAlertOutputs"),
            Map.entry("GET /api/v1/stream", "getStreamStatus"));

    private OperationIds() {}

    public static void apply(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    String id = IDS.get(method.name() + " " + path);
                    if (id != null) {
                        operation.setOperationId(id);
                    }
                }));
    }
}
