package io.verdict.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.verdict.Shared;

/** The ECS type table in resources is derived from ECS's ecs_fields.tsv: every field and multi-field, same type. */
class EcsSchemaResourceTest {

    @Test
    void resourceAgreesWithEcsFieldDefinitions() throws IOException {
        Path tsv = Shared.require("corpus/ecs/ecs_fields.tsv");
        List<String> lines = Files.readAllLines(tsv);
        Schema ecs = Schema.ecs();
        int fields = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            assertEquals(FieldType.ofMappingType(cols[1]), ecs.typeOf(cols[0]), cols[0]);
            fields++;
            for (String multi : cols[4].split(",")) {
                if (!multi.isEmpty()) {
                    String[] kv = multi.split(":");
                    assertEquals(FieldType.ofMappingType(kv[1]), ecs.typeOf(kv[0]), kv[0]);
                    assertEquals(cols[0], ecs.multiFieldParent(kv[0]));
                    fields++;
                }
            }
        }
        assertEquals(fields, ecs.size());
    }
}
