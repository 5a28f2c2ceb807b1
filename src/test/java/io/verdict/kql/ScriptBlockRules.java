package io.verdict.kql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The corpus's KQL rules on PowerShell script blocks (Elastic's windows integration, {@code powershell.file.*}),
 * found by parsing every KQL query of the corpus rather than by a list kept by hand; skips where shared/ is absent.
 */
public final class ScriptBlockRules {

    public static final String TEXT = "powershell.file.script_block_text";
    private static final String PREFIX = "powershell.file.script_block_";

    /** A rule file and the literals its query compares {@link #TEXT} with, in query order. */
    public record ScriptBlockRule(Path file, List<String> textLiterals) {

        /** The file name without {@code .toml}, as the cases name rules. */
        public String stem() {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - ".toml".length());
        }
    }

    private ScriptBlockRules() {}

    /** Every rule whose query (not its note or setup) tests a {@code powershell.file.script_block_*} field. */
    public static List<ScriptBlockRule> all() {
        TreeMap<String, ScriptBlockRule> rules = new TreeMap<>();
        for (CorpusQueries.Query query : CorpusQueries.kql()) {
            List<String> literals = new ArrayList<>();
            Set<String> fields = new LinkedHashSet<>();
            walk(KqlParser.parse(query.source()), node -> {
                KqlField field = node.testedField();
                if (field != null && field.name().startsWith(PREFIX)) {
                    fields.add(field.name());
                    if (node instanceof KqlNode.Match match && field.name().equals(TEXT)) {
                        literals.add(match.value().text());
                    }
                }
            });
            if (!fields.isEmpty()) {
                rules.put(query.file(), new ScriptBlockRule(Path.of(query.file()), List.copyOf(literals)));
            }
        }
        return List.copyOf(rules.values());
    }

    private static void walk(KqlNode node, Consumer<KqlNode> visit) {
        visit.accept(node);
        if (node instanceof KqlNode.Or or) {
            or.operands().forEach(n -> walk(n, visit));
        } else if (node instanceof KqlNode.And and) {
            and.operands().forEach(n -> walk(n, visit));
        } else if (node instanceof KqlNode.Not not) {
            walk(not.operand(), visit);
        } else if (node instanceof KqlNode.Nested nested) {
            walk(nested.query(), visit);
        }
    }
}
