package io.verdict.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the field catalog resource ({@code field-catalog.txt}) from the field tables in {@code shared/corpus/ecs}:
 * ECS, Elastic Defend's data streams, the integrations the corpus reads, and detection-rules' own type maps. Run by
 * {@code scripts/field-catalog.sh}; {@code FieldCatalogResourceTest} checks the resource is what this writes.
 *
 * <p>Where sources disagree on a field's type, the first in this order wins: ECS (every integration imports its
 * fields as they are), Elastic Defend (the mapping its indices are created with), the integration packages, then
 * detection-rules' maps (hand-kept approximations used to validate queries). Multi-fields are the union of all.
 */
public final class FieldCatalogGenerator {

    /**
     * Analyzers the tables do not carry: the integration packages define them in their index settings, not in
     * their field lists. The windows package's PowerShell data streams analyse script blocks with a pattern
     * analyzer that splits on non-word characters except {@code -} and lower-cases (its {@code manifest.yml} and
     * {@code fields/fields.yml}).
     */
    private static final Map<String, String> ANALYZERS =
            new TreeMap<>(Map.of("powershell_script_analyzer", "pattern\t[\\W&&[^-]]+\tlowercase"));

    private static final Map<String, String> FIELD_ANALYZERS =
            new TreeMap<>(Map.of("powershell.file.script_block_text", "powershell_script_analyzer"));

    /**
     * Fields the tables lack that Elastic's rules read: the windows package's PowerShell data streams added script
     * block statistics after the 2022 version the integration table holds (its {@code fields/fields.yml}).
     */
    private static final Map<String, String> PACKAGE_ADDITIONS = new TreeMap<>(Map.of(
            "powershell.file.script_block_entropy_bits", "float",
            "powershell.file.script_block_surprisal_stdev", "float",
            "powershell.file.script_block_length", "long",
            "powershell.file.script_block_unique_symbols", "long"));

    private record Field(String type, String options, boolean multi, String source) {}

    // ordered by segments, so a field's multi-fields and children follow it ("a.b", "a.b.c", "a.b-c")
    private final Map<String, Field> fields =
            new TreeMap<>((a, b) -> a.replace('.', '\0').compareTo(b.replace('.', '\0')));
    private final List<String> conflicts = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path ecs = Path.of(args.length > 0 ? args[0] : "../shared/corpus/ecs");
        System.out.print(generate(ecs));
    }

    /** The catalog resource text for the tables in {@code dir}. */
    public static String generate(Path dir) throws IOException {
        FieldCatalogGenerator g = new FieldCatalogGenerator();
        g.readEcs(dir.resolve("ecs_fields.tsv"));
        g.readPackage(dir.resolve("endpoint_fields.tsv"), "Elastic Defend");
        g.readPackage(dir.resolve("integration_fields_2022.tsv"), "integrations");
        PACKAGE_ADDITIONS.forEach((name, type) -> g.put(name, type, "", false, "windows package, current"));
        JsonMapper json = JsonMapper.builder().build();
        JsonNode nonEcs =
                json.readTree(dir.resolve("detection_rules_non_ecs_schema.json").toFile());
        for (Map.Entry<String, JsonNode> index : nonEcs.properties()) {
            g.readTypeMap("", index.getValue(), "detection-rules " + index.getKey());
        }
        g.readTypeMap(
                "",
                json.readTree(dir.resolve("detection_rules_endpoint_process_schema.json")
                        .toFile()),
                "detection-rules endpoint_process");
        FIELD_ANALYZERS.forEach((name, analyzer) -> {
            Field f = g.fields.get(name);
            g.fields.put(name, new Field(f.type, "analyzer=" + analyzer, f.multi, f.source));
        });
        return g.write();
    }

    private void readEcs(Path tsv) throws IOException {
        for (String[] row : rows(tsv)) {
            put(row[0], row[1], "", false, "ECS");
            multiFields(row[4], "ECS");
        }
    }

    private void readPackage(Path tsv, String source) throws IOException {
        for (String[] row : rows(tsv)) {
            if (row[2].equals("field")) {
                continue; // a header repeated inside the table
            }
            put(row[2], row[3], row.length > 6 && !row[6].isEmpty() ? "normalizer=" + row[6] : "", false, source);
            multiFields(row[4], source);
        }
    }

    // "name:type" pairs; "keyword(normalizer=lowercase)" is a keyword with a lower-casing normalizer
    private void multiFields(String list, String source) {
        for (String entry : list.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String type = entry.substring(colon + 1);
            String options = "";
            int paren = type.indexOf('(');
            if (paren > 0) {
                options = type.substring(paren + 1, type.length() - 1);
                type = type.substring(0, paren);
            }
            put(entry.substring(0, colon), type, options, true, source);
        }
    }

    private void readTypeMap(String prefix, JsonNode node, String source) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = prefix + e.getKey();
            if (e.getValue().isObject()) {
                readTypeMap(name + ".", e.getValue(), source);
            } else {
                put(name, e.getValue().asString(), "", false, source);
            }
        }
    }

    private void put(String name, String type, String options, boolean multi, String source) {
        if (name.isEmpty() || type.isEmpty() || type.equals("group")) {
            return;
        }
        Field known = fields.get(name);
        if (known == null) {
            fields.put(name, new Field(type, options, multi, source));
        } else if (!known.type.equals(type) && !known.source.equals(source)) {
            conflicts.add(name + ": " + known.type + " (" + known.source + ") over " + type + " (" + source + ")");
        }
    }

    private String write() {
        StringBuilder out = new StringBuilder();
        out.append(
                "# Verdict's field catalog: written by scripts/field-catalog.sh from shared/corpus/ecs; do not edit.\n");
        out.append("# Sources, first wins on a type: ECS 9.4.0, Elastic Defend (endpoint-package), integrations\n");
        out.append("# (windows, system, crowdstrike, m365_defender, microsoft_defender_endpoint, sentinel_one),\n");
        out.append(
                "# the windows package's current script-block statistics, detection-rules' non-ECS and endpoint_process\n");
        out.append("# type maps.\n");
        out.append("# One name segment a line, one space of indent per level; a line with a type ends a field name:\n");
        out.append(
                "# segment<TAB>mapping type[<TAB>multi][<TAB>analyzer=name|normalizer=name]. A multi-field indexes its\n");
        out.append("# parent's value. '=analyzer' lines define the analyzers named.\n");
        out.append("# ")
                .append(fields.size())
                .append(" fields; types the losing sources gave (")
                .append(conflicts.size())
                .append("):\n");
        new TreeSet<>(conflicts).forEach(c -> out.append("#   ").append(c).append('\n'));
        ANALYZERS.forEach((name, definition) -> out.append("=analyzer\t")
                .append(name)
                .append('\t')
                .append(definition)
                .append('\n'));
        List<String> stack = new ArrayList<>();
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            List<String> segments = List.of(FieldPath.segments(e.getKey()));
            int common = 0;
            while (common < stack.size()
                    && common < segments.size() - 1
                    && stack.get(common).equals(segments.get(common))) {
                common++;
            }
            while (stack.size() > common) {
                stack.remove(stack.size() - 1);
            }
            for (int i = common; i < segments.size() - 1; i++) {
                out.append(" ".repeat(i)).append(segments.get(i)).append('\n');
                stack.add(segments.get(i));
            }
            Field f = e.getValue();
            out.append(" ".repeat(segments.size() - 1))
                    .append(segments.get(segments.size() - 1))
                    .append('\t')
                    .append(f.type);
            if (f.multi) {
                out.append("\tmulti");
            }
            if (!f.options.isEmpty()) {
                out.append('\t').append(f.options);
            }
            out.append('\n');
            stack.add(segments.get(segments.size() - 1));
        }
        return out.toString();
    }

    private static List<String[]> rows(Path tsv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        Iterator<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8).iterator();
        lines.next();
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
