package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.CaseFiles;
import io.verdict.Shared;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The seed rule (rclone exfiltration) against hand-made ECS events covering each of its clauses. */
class SeedRuleTest {

    static CompiledEql compileSeed() throws IOException {
        Path file = Shared.require("seed/rclone_exfiltration.toml");
        TomlParseResult rule = Toml.parse(file);
        // a ''' string starts on the line after the key; its first newline is not part of the value
        int line = rule.inputPositionOf("rule.query").line() + 1;
        return new EqlCompiler()
                .compile(
                        SourceText.at(rule.getString("rule.query"), "seed/rclone_exfiltration.toml", line, 1),
                        EqlOptions.defaults());
    }

    @TestFactory
    Stream<DynamicTest> seedCases() throws IOException {
        CompiledEql rule = compileSeed();
        return CaseFiles.cases(CaseFiles.toml(getClass(), "seed-rclone-cases.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.getString("name"),
                        () -> assertEquals(
                                c.getBoolean("expected"),
                                rule.matches(Event.parse(c.getString("event"))),
                                c.getString("reason"))));
    }

    @Test
    void seedRuleShape() throws IOException {
        CompiledEql rule = compileSeed();
        assertEquals(QueryKind.EVENT, rule.kind());
        assertEquals(
                List.of(
                        "event.category",
                        "host.os.type",
                        "event.type",
                        "process.name",
                        "process.pe.original_file_name",
                        "process.args",
                        "process.executable"),
                rule.fieldNames());
    }
}
