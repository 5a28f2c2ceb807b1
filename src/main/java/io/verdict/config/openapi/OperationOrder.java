package io.verdict.config.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import java.util.Comparator;
import java.util.List;

/**
 * The operations of a tag in the order a client uses them, as Swagger UI shows them (in the order of the paths;
 * within a path: get, put, post, delete): evaluate, then a batch; the rules listed, one rule, its errors and stats,
 * explained, tested; uploaded, replaced or deleted, validated, enabled, disabled, exported, reloaded; a rule's
 * exceptions; the state learned, read, reset; the indicators added, read, cleared; the alert feed, then where alerts
 * go; the Kafka stream. A path not listed goes last, in the order springdoc gave it.
 */
public final class OperationOrder {

    public static final List<String> PATHS = List.of(
            "/api/v1/evaluate",
            "/api/v1/evaluate/_batch",
            "/api/v1/rules",
            "/api/v1/rules/{rule_id}",
            "/api/v1/rules/errors",
            "/api/v1/rules/stats",
            "/api/v1/rules/{rule_id}/_explain",
            "/api/v1/rules/_tests",
            "/api/v1/rules/{rule_id}/_tests",
            "/api/v1/rules/_test",
            "/api/v1/rules/_validate",
            "/api/v1/rules/{rule_id}/_enable",
            "/api/v1/rules/{rule_id}/_disable",
            "/api/v1/rules/_export",
            "/api/v1/rules/_reload",
            "/api/v1/rules/{rule_id}/exceptions",
            "/api/v1/rules/{rule_id}/exceptions/{item_id}",
            "/api/v1/rules/{rule_id}/exceptions/_preview",
            "/api/v1/esql/_query",
            "/api/v1/state/_learn",
            "/api/v1/state/_advance",
            "/api/v1/state",
            "/api/v1/sequences/pending",
            "/api/v1/indicators",
            "/api/v1/alerts",
            "/api/v1/alerts/_outputs",
            "/api/v1/stream");

    private OperationOrder() {}

    public static void apply(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        Paths sorted = new Paths();
        api.getPaths().entrySet().stream()
                .sorted(Comparator.comparingInt(e -> rank(e.getKey())))
                .forEach(e -> sorted.addPathItem(e.getKey(), e.getValue()));
        sorted.setExtensions(api.getPaths().getExtensions());
        api.setPaths(sorted);
    }

    private static int rank(String path) {
        int at = PATHS.indexOf(path);
        return at < 0 ? PATHS.size() : at;
    }
}
