package io.verdict.rule;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code [metadata]}. It is repository bookkeeping that never reaches Kibana, so a missing table or date is
 * a warning; a value that is present but malformed is an error.
 */
final class MetadataReader {

    private static final Pattern DATE = Pattern.compile("\\d{4}/\\d{2}/\\d{2}");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final List<String> MATURITY =
            List.of("development", "experimental", "beta", "production", "deprecated");

    RuleMetadata read(TomlFields meta, FileProblems problems) {
        if (meta == null) {
            problems.warning(1, 1, "missing table [metadata] (creation_date, updated_date, maturity)");
            return RuleMetadata.NONE;
        }
        String created = date(meta, "creation_date");
        String updated = date(meta, "updated_date");
        String maturity = meta.string("maturity");
        if (maturity != null && !MATURITY.contains(maturity)) {
            meta.error("maturity", "'metadata.maturity' must be one of " + MATURITY + ", found \"" + maturity + "\"");
        }
        String minStack = meta.string("min_stack_version");
        if (minStack != null && !SEMVER.matcher(minStack).matches()) {
            meta.error(
                    "min_stack_version",
                    "'metadata.min_stack_version' must be a version such as 9.3.0, found \"" + minStack + "\"");
        }
        RuleMetadata read = new RuleMetadata(
                created,
                updated,
                maturity,
                meta.strings("integration"),
                minStack,
                meta.string("min_stack_comments"),
                meta.string("deprecation_date"),
                meta.bool("bypass_bbr_timing"),
                meta.bool("promotion"));
        meta.skip("os_type_list", "query_schema_validation", "related_endpoint_rules", "comments", "extended");
        meta.unread("in [metadata] (ignored)");
        return read;
    }

    private static String date(TomlFields meta, String key) {
        String value = meta.string(key);
        if (value == null) {
            if (!meta.has(key)) {
                meta.warning(key, "missing 'metadata." + key + "' (YYYY/MM/DD)");
            }
        } else if (!DATE.matcher(value).matches()) {
            meta.error(key, "'metadata." + key + "' must be a date YYYY/MM/DD, found \"" + value + "\"");
        }
        return value;
    }
}
