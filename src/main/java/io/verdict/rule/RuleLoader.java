package io.verdict.rule;

import io.verdict.event.DateMath;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads a rule file in the Elastic detection-rules TOML format into an immutable {@link Rule}, checking required
 * fields and allowed values. Every problem is collected with its {@code file:line:column}; unknown keys are kept
 * and reported as warnings. Stateless and thread-safe.
 */
public final class RuleLoader {

    /** detection-rules' name pattern: starts with a letter or digit, ends with one or a bracket. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9].+?[a-zA-Z0-9\\[\\]()]", Pattern.DOTALL);
    /** A rule id that is safe as a file name and in a URL. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Keys of {@code [rule]} that Kibana or the build computes or manages; kept as written, without a warning. */
    private static final Set<String> PASSED_THROUGH = Set.of(
            "actions",
            "response_actions",
            "throttle",
            "meta",
            "required_fields",
            "related_integrations",
            "threat_mappings",
            "outcome",
            "output_index");

    private final MetadataReader metadata = new MetadataReader();
    private final TomlBounds bounds;

    /** A loader with the default {@link TomlBounds}. */
    public RuleLoader() {
        this(TomlBounds.DEFAULT);
    }

    /** A loader that refuses files past {@code bounds} before parsing them. */
    public RuleLoader(TomlBounds bounds) {
        this.bounds = bounds;
    }

    public TomlBounds bounds() {
        return bounds;
    }

    /** Reads a rule file; {@code displayName} is how problems name it (e.g. {@code rules/x.toml}). */
    public RuleLoad load(Path file, String displayName) {
        String content;
        try {
            RuleLoad tooLarge = tooLarge(Files.size(file), displayName);
            if (tooLarge != null) {
                return tooLarge;
            }
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return unreadable(displayName, e);
        }
        return parse(content, displayName);
    }

    /** The load of a file of {@code size} bytes when it is too large to read, else null. */
    public RuleLoad tooLarge(long size, String displayName) {
        String problem = bounds.sizeProblem(size);
        return problem == null
                ? null
                : new RuleLoad(
                        displayName, null, List.of(new Problem(displayName, 1, 1, problem, null, 0)), List.of(), null);
    }

    /** The load of a file that could not be read; the reason without the file's path, which the answer names. */
    static RuleLoad unreadable(String displayName, Exception e) {
        Problem unreadable = new Problem(displayName, 1, 1, "cannot read the file: " + IoReasons.of(e), null, 0);
        return new RuleLoad(displayName, null, List.of(unreadable), List.of(), null);
    }

    /**
     * Reads a rule from TOML text; {@code origin} names it in problems. Never throws: whatever a reader did not
     * foresee is an error of this file, so that one file never stops a reload or the start of the service.
     */
    public RuleLoad parse(String content, String origin) {
        try {
            return read(content, origin);
        } catch (RuntimeException | StackOverflowError e) {
            String reason = e instanceof StackOverflowError
                    ? "it nests too deeply"
                    : e.getClass().getSimpleName();
            return new RuleLoad(
                    origin,
                    null,
                    List.of(new Problem(origin, 1, 1, "the file cannot be read: " + reason, null, 0)),
                    List.of(),
                    null);
        }
    }

    private RuleLoad read(String content, String origin) {
        TomlBounds.Breach breach = bounds.check(content);
        if (breach != null) {
            return new RuleLoad(origin, null, List.of(breachProblem(content, origin, breach)), List.of(), null);
        }
        FileProblems problems = new FileProblems(origin, content);
        TomlParseResult toml = Toml.parse(content);
        if (toml.hasErrors()) {
            for (TomlParseError error : toml.errors()) {
                problems.error(
                        error.position().line(), error.position().column(), "invalid TOML: " + error.getMessage());
            }
            return new RuleLoad(origin, null, problems.errors(), problems.warnings(), null);
        }
        TomlFields root = new TomlFields(toml, "", null, problems);
        RuleMetadata meta = metadata.read(root.table("metadata"), problems);
        TomlFields rule = root.table("rule");
        Transform transform = TransformReader.read(root.table("transform"));
        Lifecycle lifecycle = lifecycle(root.table("verdict"));
        // [kibana] is Kibana's bookkeeping of an imported rule (its saved-object id, version, revision), kept
        // for the export; it marks a rule that came from Kibana, whose import does not require an author
        boolean fromKibana = root.has(KibanaRules.TABLE);
        String kibanaId = fromKibana && toml.get(List.of(KibanaRules.TABLE, "id")) instanceof String id ? id : null;
        root.skip(KibanaRules.TABLE);
        root.unread("(ignored)");
        if (rule == null) {
            problems.error(1, 1, "missing required table [rule]");
            return new RuleLoad(origin, null, problems.errors(), problems.warnings(), null);
        }
        Rule read = new RuleReader(rule, new QueryLocator(content), toml, origin, fromKibana)
                .read(meta, transform)
                .with(lifecycle.revision(), lifecycle.exceptions(), origin)
                .withKibanaId(kibanaId);
        InvestigationGuide.check(read.note(), transform, rule);
        if (problems.hasErrors()) {
            return new RuleLoad(origin, null, problems.errors(), problems.warnings(), null, read);
        }
        TomlPosition idAt = toml.inputPositionOf(List.of("rule", "rule_id"));
        Position ruleIdAt = idAt == null ? null : new Position(idAt.line(), idAt.column());
        return new RuleLoad(origin, read, List.of(), problems.warnings(), ruleIdAt);
    }

    /** The problem of a text past its bounds, at the line and column where it broke them. */
    static Problem breachProblem(String content, String origin, TomlBounds.Breach breach) {
        if (breach.offset() <= 0) {
            return new Problem(origin, 1, 1, breach.message(), null, 0);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < breach.offset(); i++) {
            if (content.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = content.indexOf('\n', breach.offset());
        String source = content.substring(lineStart, lineEnd < 0 ? content.length() : lineEnd);
        int column = breach.offset() - lineStart;
        return new Problem(origin, line, column + 1, breach.message(), source, column);
    }

    /** What Verdict keeps with a rule it stores: {@code [verdict] revision} and {@code [[verdict.exceptions]]}. */
    private record Lifecycle(int revision, List<ExceptionItem> exceptions) {}

    private static Lifecycle lifecycle(TomlFields verdict) {
        if (verdict == null) {
            return new Lifecycle(1, List.of());
        }
        Long revision = verdict.integer("revision");
        if (revision != null && (revision < 1 || revision > Integer.MAX_VALUE)) {
            verdict.error("revision", "'verdict.revision' must be a positive number, found " + revision);
            revision = null;
        }
        List<ExceptionItem> exceptions = new java.util.ArrayList<>();
        Object items = verdict.plain("exceptions");
        if (items != null) {
            List<String> problems = new java.util.ArrayList<>();
            if (items instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    ExceptionItems.read(list.get(i), "verdict.exceptions[" + i + "]", problems)
                            .ifPresent(exceptions::add);
                }
            } else {
                problems.add("'verdict.exceptions' must be a list of exception items");
            }
            problems.forEach(p -> verdict.error("exceptions", p));
        }
        verdict.unread("in [verdict] (ignored)");
        return new Lifecycle(revision == null ? 1 : revision.intValue(), exceptions);
    }

    /** Reads {@code [rule]}; one instance per file. */
    private static final class RuleReader {

        private final TomlFields rule;
        private final QueryLocator locator;
        private final TomlTable toml;
        private final String origin;
        private final boolean fromKibana;

        RuleReader(TomlFields rule, QueryLocator locator, TomlTable toml, String origin, boolean fromKibana) {
            this.rule = rule;
            this.locator = locator;
            this.toml = toml;
            this.origin = origin;
            this.fromKibana = fromKibana;
        }

        Rule read(RuleMetadata meta, Transform transform) {
            String ruleId = ruleId();
            String name = rule.requiredString("name");
            if (name != null && !NAME.matcher(name).matches()) {
                rule.error(
                        "name",
                        "'rule.name' must start with a letter or digit and end with a letter, digit, bracket"
                                + " or parenthesis, found \"" + name + "\"");
            }
            String description = rule.requiredString("description");
            List<String> author = rule.strings("author");
            if (author.isEmpty() && !fromKibana) {
                rule.error(
                        "author",
                        rule.has("author")
                                ? "'rule.author' must name at least one author"
                                : "missing required field 'rule.author'");
            }
            int riskScore = riskScore();
            Severity severity = severity();
            RuleType type = type();
            RuleQuery query = type == null || type == RuleType.MACHINE_LEARNING ? null : query(type);
            List<Threat> threat = ThreatReader.read(rule.tables("threat"));
            AlertSettings alert = AlertSettingsReader.read(rule);
            Schedule schedule = schedule();
            TypeBlock block = type == null ? null : new TypeBlockReader(rule, this::locate).read(type);
            if (rule.has("version") || rule.has("revision")) {
                rule.warning(
                        rule.has("version") ? "version" : "revision",
                        "'rule.version' and 'rule.revision' are managed by Verdict; the written values are kept but not used");
            }
            String license = rule.string("license");
            List<String> tags = rule.strings("tags");
            List<String> references = rule.strings("references");
            List<String> falsePositives = rule.strings("false_positives");
            String note = rule.string("note");
            String setup = rule.string("setup");
            Map<String, Object> extra = new LinkedHashMap<>();
            for (String key : PASSED_THROUGH) {
                if (rule.has(key)) {
                    extra.put(key, rule.plain(key));
                }
            }
            extra.putAll(rule.unread("in [rule] (kept as written)"));
            return new Rule(
                    ruleId,
                    name,
                    description,
                    type,
                    severity,
                    riskScore,
                    query,
                    author,
                    license,
                    tags,
                    references,
                    falsePositives,
                    note,
                    setup,
                    transform,
                    threat,
                    alert,
                    schedule,
                    block,
                    meta,
                    extra,
                    origin);
        }

        private String ruleId() {
            String id = rule.requiredString("rule_id");
            if (id == null) {
                return null;
            }
            if (!SAFE_ID.matcher(id).matches()) {
                rule.error(
                        "rule_id",
                        "'rule.rule_id' must be 1 to 128 letters, digits, '.', '_' or '-' (a UUID is"
                                + " usual), found \"" + id + "\"");
            } else if (!UUID.matcher(id).matches()) {
                rule.warning("rule_id", "'rule.rule_id' is not a UUID: \"" + id + "\"");
            }
            return id;
        }

        private int riskScore() {
            Long score = rule.integer("risk_score");
            if (score == null) {
                if (!rule.has("risk_score")) {
                    rule.error("risk_score", "missing required field 'rule.risk_score'");
                }
                return 0;
            }
            if (score < 0 || score > 100) {
                rule.error("risk_score", "'rule.risk_score' must be between 0 and 100, found " + score);
            }
            return score.intValue();
        }

        private Severity severity() {
            String id = rule.requiredString("severity");
            if (id == null) {
                return null;
            }
            return Severity.fromId(id).orElseGet(() -> {
                rule.error(
                        "severity", "'rule.severity' must be one of low, medium, high, critical, found \"" + id + "\"");
                return null;
            });
        }

        private RuleType type() {
            String id = rule.requiredString("type");
            if (id == null) {
                return null;
            }
            return RuleType.fromId(id).orElseGet(() -> {
                rule.error(
                        "type",
                        "'rule.type' must be one of query, saved_query, machine_learning, eql, esql,"
                                + " threshold, threat_match, new_terms, found \"" + id + "\"");
                return null;
            });
        }

        private RuleQuery query(RuleType type) {
            String languageId = rule.string("language");
            Language language = null;
            if (languageId == null) {
                if (!rule.has("language")) {
                    rule.error("language", "missing required field 'rule.language' for a " + type + " rule");
                }
            } else {
                language = Language.fromId(languageId).orElse(null);
                if (language == null || !Language.allowedFor(type).contains(language)) {
                    rule.error(
                            "language",
                            "'rule.language' of a " + type + " rule must be one of " + Language.allowedFor(type)
                                    + ", found \"" + languageId + "\"");
                }
            }
            List<Map<String, Object>> filters = TomlValues.tableList(rule.plain("filters"));
            SourceText text = null;
            if (rule.has("query")) {
                text = locate("query");
            } else if (type == RuleType.SAVED_QUERY) {
                // Kibana runs the saved query named by saved_id, a saved object Verdict cannot read
                rule.error(
                        "query",
                        "missing required field 'rule.query' for a saved_query rule: Verdict cannot"
                                + " read Kibana's saved query"
                                + (rule.has("saved_id") ? " '" + rule.string("saved_id") + "'" : "")
                                + ", so the rule must carry its query");
            } else if (!(type == RuleType.QUERY && !filters.isEmpty())) {
                rule.error("query", "missing required field 'rule.query' for a " + type + " rule");
            }
            rule.skip("query");
            List<String> index = rule.strings("index");
            String dataView = rule.string("data_view_id");
            if (!index.isEmpty() && dataView != null) {
                rule.error("data_view_id", "a rule has 'rule.index' or 'rule.data_view_id', not both");
            }
            TomlPosition filtersAt = filters.isEmpty() ? null : rule.positionOf("filters");
            return new RuleQuery(
                    language,
                    text,
                    index,
                    dataView,
                    filters,
                    filtersAt == null ? null : new Position(filtersAt.line(), filtersAt.column()),
                    rule.string("event_category_override"),
                    rule.string("tiebreaker_field"),
                    rule.string("timestamp_field"));
        }

        /** The string at {@code key} of [rule], with its position in the file. */
        private SourceText locate(String key) {
            String value = rule.string(key);
            if (value == null) {
                return null;
            }
            return locator.locate(value, toml.inputPositionOf(List.of("rule", key)), origin);
        }

        private Schedule schedule() {
            String from = rule.string("from");
            if (from != null && !DateMath.valid(from)) {
                rule.error("from", "'rule.from' must be date math such as now-9m, found \"" + from + "\"");
            }
            String interval = rule.string("interval");
            if (interval != null && !DateMath.validInterval(interval)) {
                rule.error(
                        "interval",
                        "'rule.interval' must be a number and a unit (s, m, h, d), found \"" + interval + "\"");
            }
            String to = rule.string("to");
            if (to != null && !DateMath.valid(to)) {
                rule.error("to", "'rule.to' must be date math such as now, found \"" + to + "\"");
            }
            return new Schedule(from, interval, to, rule.bool("enabled"));
        }
    }
}
