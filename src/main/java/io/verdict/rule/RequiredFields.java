package io.verdict.rule;

import io.verdict.eql.EqlOptions;
import io.verdict.eql.check.References;
import io.verdict.eql.parser.EqlParser;
import io.verdict.event.Schema;
import io.verdict.kql.KqlCompiler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kibana's {@code required_fields} of a rule, derived as detection-rules derives them for its package: the fields
 * its KQL or EQL query names, each with its mapping type from the field catalog (ECS, Elastic Defend and the
 * integrations). A field the catalog does not know, a wildcard field name, and every field of an ES|QL or Lucene
 * query are left out: Kibana treats the list as documentation and computes {@code ecs} itself on import.
 */
final class RequiredFields {

    private RequiredFields() {}

    static List<Map<String, Object>> of(Rule rule) {
        RuleQuery query = rule.query();
        if (query == null || query.text() == null || query.language() == null) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        try {
            if (query.language() == Language.KUERY) {
                names.addAll(KqlCompiler.compile(query.text(), Schema.catalog(), Clock.systemUTC())
                        .fields());
            } else if (query.language() == Language.EQL) {
                String category = query.eventCategoryOverride() == null
                        ? EqlOptions.DEFAULT_CATEGORY_FIELD
                        : query.eventCategoryOverride();
                names.addAll(References.fields(EqlParser.parse(query.text()), category));
            }
        } catch (RuntimeException e) {
            return List.of(); // a query Verdict cannot read has no fields to list; loading it reported why
        }
        Schema schema = Schema.catalog();
        return names.stream()
                .filter(name -> schema.mappingOf(name) != null)
                .map(name -> {
                    Map<String, Object> field = new LinkedHashMap<>();
                    field.put("name", name);
                    field.put("type", schema.mappingOf(name).mappingType());
                    return field;
                })
                .toList();
    }
}
