package io.verdict.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code [[rule.threat]]}. TOML lets an entry's {@code [rule.threat.tactic]} come after its technique arrays;
 * tomlj already attaches it to the same element, so each element is read as one table.
 */
final class ThreatReader {

    private static final List<String> FRAMEWORKS = List.of("MITRE ATT&CK", "MITRE ATLAS");
    private static final Pattern TACTIC = Pattern.compile("TA\\d{4}|AML\\.TA\\d{4}");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}|AML\\.T\\d{4}");
    private static final Pattern SUBTECHNIQUE = Pattern.compile("(T\\d{4}|AML\\.T\\d{4})\\.\\d{3}");

    private ThreatReader() {}

    static List<Threat> read(List<TomlFields> entries) {
        List<Threat> threats = new ArrayList<>(entries.size());
        for (TomlFields entry : entries) {
            String framework = entry.requiredString("framework");
            if (framework != null && !FRAMEWORKS.contains(framework)) {
                entry.error(
                        "framework",
                        "'" + entry.qualified("framework") + "' must be one of " + FRAMEWORKS + ", found \"" + framework
                                + "\"");
            }
            TomlFields tacticTable = entry.table("tactic");
            MitreRef tactic = null;
            if (tacticTable == null) {
                entry.error("tactic", "missing required table '" + entry.qualified("tactic") + "'");
            } else {
                tactic = ref(tacticTable, TACTIC, "a tactic id such as TA0010");
                tacticTable.unread("(ignored)");
            }
            List<Technique> techniques = new ArrayList<>();
            for (TomlFields t : entry.tables("technique")) {
                MitreRef technique = ref(t, TECHNIQUE, "a technique id such as T1048");
                List<MitreRef> subtechniques = new ArrayList<>();
                for (TomlFields s : t.tables("subtechnique")) {
                    MitreRef sub = ref(s, SUBTECHNIQUE, "a subtechnique id such as T1567.002");
                    if (sub.id() != null && technique.id() != null && !sub.id().startsWith(technique.id() + ".")) {
                        s.error("id", "subtechnique " + sub.id() + " does not belong to technique " + technique.id());
                    }
                    subtechniques.add(sub);
                    s.unread("(ignored)");
                }
                techniques.add(new Technique(technique.id(), technique.name(), technique.reference(), subtechniques));
                t.unread("(ignored)");
            }
            entry.unread("(ignored)");
            threats.add(new Threat(framework, tactic, techniques));
        }
        return threats;
    }

    private static MitreRef ref(TomlFields table, Pattern idPattern, String expected) {
        String id = table.requiredString("id");
        boolean validId = id != null && idPattern.matcher(id).matches();
        if (id != null && !validId) {
            table.error("id", "'" + table.qualified("id") + "' must be " + expected + ", found \"" + id + "\"");
        }
        String name = table.requiredString("name");
        String reference = table.requiredString("reference");
        if (validId && reference != null && !reference.contains(id) && !reference.contains(id.replace('.', '/'))) {
            table.warning("reference", "reference " + reference + " does not point at " + id);
        }
        return new MitreRef(id, name, reference);
    }
}
