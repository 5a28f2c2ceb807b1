package io.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a Kibana alert keeps of its event, one case a line of {@code kibana-source-cases.tsv}. */
class KibanaSourceFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        String cases;
        try (var in = getClass().getResourceAsStream("kibana-source-cases.tsv")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var lines =
                cases.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).hasSizeGreaterThan(10);
        return lines.stream().map(line -> {
            String[] c = line.split("\t");
            return DynamicTest.dynamicTest(c[2], () -> {
                ObjectNode source = (ObjectNode) JSON.readTree(c[0]);
                KibanaSourceFilter.filter(source);
                assertThat(source).isEqualTo(JSON.readTree(c[1]));
            });
        });
    }

    @Test
    void theRemovedFieldsAreNamed() {
        ObjectNode source = (ObjectNode)
                JSON.readTree("{\"kibana\": {}, \"source\": {\"ip\": \"x\"}, \"host\": {\"name\": \"h\"}}");
        assertThat(KibanaSourceFilter.filter(source)).containsExactly("kibana", "source.ip");
    }

    @Test
    void ecsTypesComeFromTheFieldCatalogAndEcsNamesOnly() {
        assertThat(KibanaSourceFilter.ecsType("source.ip")).isEqualTo("ip");
        assertThat(KibanaSourceFilter.ecsType("source")).isEqualTo("object");
        assertThat(KibanaSourceFilter.ecsType("process.pid")).isEqualTo("long");
        assertThat(KibanaSourceFilter.ecsType("email.attachments")).isEqualTo("nested");
        assertThat(KibanaSourceFilter.ecsType("process.Ext.api.name")).isNull(); // Elastic Defend's, not ECS's
        assertThat(KibanaSourceFilter.ecsType("winlog.event_id")).isNull();
    }
}
