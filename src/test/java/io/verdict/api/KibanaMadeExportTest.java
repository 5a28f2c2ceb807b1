package io.verdict.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.engine.RuleCompiler;
import io.verdict.event.Schema;
import io.verdict.lifecycle.Candidate;
import io.verdict.lifecycle.RuleUploads;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.TomlDocument;
import io.verdict.rule.TomlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * An export written as Kibana writes one (rules made in its editor with {@code author: []}, their saved-object ids,
 * versions and revisions, a shared detection exception list both rules reference, then the summary line) imports,
 * each rule with the list's items, and Verdict's export of the result gives Kibana's ids and versions back.
 */
class KibanaMadeExportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RuleLoader loader = new RuleLoader();
    private final RuleCompiler compiler = new RuleCompiler(Schema.catalog(), Clock.systemUTC());
    private final RuleUploads uploads =
            new RuleUploads(loader, rule -> compiler.compile(rule).problems(), Clock.systemUTC());

    private static byte[] fixture() throws IOException {
        try (InputStream in =
                KibanaMadeExportTest.class.getResourceAsStream("/kibana/export_shared_exception_list.ndjson")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKibanaExportWithEmptyAuthorsAndASharedExceptionListImports() throws IOException {
        RuleUploads.Upload upload = uploads.read("rules_export.ndjson", fixture(), RuleUploads.Format.NDJSON);
        assertThat(upload.candidates()).hasSize(2).allSatisfy(c -> {
            assertThat(c.problems()).as(c.origin()).isEmpty();
            assertThat(c.rule().author()).isEmpty();
            assertThat(c.rule().exceptions())
                    .extracting(ExceptionItem::itemId)
                    .containsExactly("jump-host", "build-servers");
        });
        assertThat(upload.notes())
                .containsExactly(
                        "line 3: exception list corp-admin-hosts (its items go to the rules that reference it)",
                        "line 6: export summary, skipped");
    }

    @Test
    void anImportedRulesVersionIsNotDroppedOnExport() throws IOException {
        RuleUploads.Upload upload = uploads.read("rules_export.ndjson", fixture(), RuleUploads.Format.NDJSON);
        List<RuleExport.Exported> stored = new ArrayList<>();
        for (Candidate c : upload.candidates()) {
            String toml = TomlWriter.write(c.document());
            RuleLoad load = loader.parse(toml, c.origin());
            assertThat(load.errors()).isEmpty();
            stored.add(new RuleExport.Exported(TomlDocument.read(toml), load.rule()));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        new RuleExport(JSON)
                .ndjson(stored)
                .lines()
                .forEach(l -> lines.add(TomlDocument.mutable(JSON.readValue(l, Map.class))));
        assertThat(lines.get(0))
                .containsEntry("id", "3f0e6b1a-5d2c-11f1-8a61-0b2c4d6e8f10")
                .containsEntry("version", 4)
                .containsEntry("revision", 6)
                .containsEntry("author", List.of())
                .containsEntry("created_at", "2026-09-01T14:02:11.870Z")
                .containsEntry("rule_source", Map.of("type", "internal"));
        assertThat(lines.get(1))
                .containsEntry("id", "41aa0c9e-5d2c-11f1-8a61-0b2c4d6e8f10")
                .containsEntry("version", 2)
                .containsEntry("revision", 2)
                .containsEntry("enabled", false);
        // the shared list's items come back as each rule's own list
        assertThat(lines.get(lines.size() - 1))
                .containsEntry("exported_rules_count", 2)
                .containsEntry("exported_exception_list_count", 2)
                .containsEntry("exported_exception_list_item_count", 4);
    }
}
