package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The field catalog: written from the shared field tables, and read back as Elasticsearch maps those fields. */
class FieldCatalogTest {

    @Test
    void theResourceIsWhatTheScriptWritesFromTheSharedTables() throws IOException {
        Path tables = Shared.require("corpus/ecs");
        String written;
        try (InputStream in = Schema.class.getResourceAsStream("field-catalog.txt")) {
            written = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(
                FieldCatalogGenerator.generate(tables),
                written,
                "field-catalog.txt is stale: run scripts/field-catalog.sh");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            @timestamp                          | DATE    | date
            process.command_line                | KEYWORD | wildcard
            process.command_line.text           | TEXT    | match_only_text
            process.name.caseless               | KEYWORD | keyword
            powershell.file.script_block_text   | TEXT    | text
            winlog.event_data.TargetUserName    | KEYWORD | keyword
            o365.audit.OperationCount           | LONG    | long
            file.Ext.entropy                    | DOUBLE  | double
            file.Ext.windows.zone_identifier    | KEYWORD | keyword
            crowdstrike.event.CommandLine       | KEYWORD | keyword
            sentinel_one.activity.data.policy   | OBJECT  | flattened
            """)
    void aFieldHasItsMappingFromTheFirstSourceThatMapsIt(String field, FieldType type, String mappingType) {
        Schema.Mapping mapping = Schema.catalog().mappingOf(field);
        assertEquals(type, mapping.type());
        assertEquals(mappingType, mapping.mappingType());
    }

    @Test
    void multiFieldsReadTheirParentAndCaselessFieldsCompareLowerCased() {
        Schema catalog = Schema.catalog();
        assertEquals("process.name", catalog.multiFieldParent("process.name.caseless"));
        assertEquals("process.command_line", catalog.multiFieldParent("process.command_line.text"));
        assertTrue(catalog.caseless("process.name.caseless"));
        assertFalse(catalog.caseless("process.name"));
        assertNull(catalog.multiFieldParent("process.name"));
    }

    @Test
    void textFieldsNameTheirAnalyzer() {
        Schema catalog = Schema.catalog();
        assertEquals(
                "powershell_script_analyzer",
                catalog.analyzerOf("powershell.file.script_block_text").name());
        assertEquals("standard", catalog.analyzerOf("message").name());
        assertEquals("standard", catalog.analyzerOf("process.command_line.text").name());
    }

    @Test
    void aNameBelowAFlattenedFieldIsAKnownKeyword() {
        Schema catalog = Schema.catalog();
        assertEquals(
                "sentinel_one.activity.data.policy", catalog.flattenedRoot("sentinel_one.activity.data.policy.mode"));
        assertEquals(FieldType.KEYWORD, catalog.typeOf("sentinel_one.activity.data.policy.mode"));
        assertTrue(catalog.knows("sentinel_one.activity.data.policy.mode"));
        assertFalse(catalog.knows("proces.name"));
        assertEquals(FieldType.UNKNOWN, catalog.typeOf("proces.name"));
    }
}
