package io.verdict.lifecycle;

import io.verdict.query.Problem;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.ExceptionItems;
import io.verdict.rule.KibanaRules;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleLoad;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.TomlDocument;
import io.verdict.rule.TomlWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.Toml;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads uploaded rules in each format the API takes — detection-rules TOML, a Kibana rule JSON object (or an array
 * of them), a Kibana NDJSON export — into {@link Candidate}s, each parsed by {@link RuleLoader} and its queries
 * compiled, so every problem carries file, line and column. A Kibana rule is converted to TOML first; its problems
 * then point into that TOML, which the problem shows as its source line. Stateless and thread-safe.
 */
public final class RuleUploads {

    public enum Format {
        TOML,
        JSON,
        NDJSON
    }

    /**
     * What an upload holds: its rules, notes on lines that are not rules (skipped or taken into a rule), and the
     * test cases that came with them ({@code x.tests.toml} files of a multipart upload: rule_id to text).
     */
    public record Upload(List<Candidate> candidates, List<String> notes, Map<String, String> tests) {
        public Upload(List<Candidate> candidates, List<String> notes) {
            this(candidates, notes, Map.of());
        }
    }

    /** What compiling a rule's queries found: errors keep it out; warnings say a clause can never match. */
    public record Checked(List<Problem> errors, List<Problem> warnings) {}

    private final RuleLoader loader;
    private final Function<Rule, Checked> check;
    private final Function<Rule, List<Problem>> draftCheck;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    /** @param check the problems of a rule's queries (compiling them), empty when they compile */
    public RuleUploads(RuleLoader loader, Function<Rule, List<Problem>> check, Clock clock) {
        this(loader, clock, rule -> new Checked(check.apply(rule), List.of()));
    }

    /** @param check the errors and warnings of a rule's queries (compiling them) */
    public RuleUploads(RuleLoader loader, Clock clock, Function<Rule, Checked> check) {
        this(loader, clock, check, draft -> List.of());
    }

    /**
     * @param draftCheck the problems of the queries of a rule whose file has other errors, so that an upload's
     *                   answer lists them all at once
     */
    public RuleUploads(
            RuleLoader loader, Clock clock, Function<Rule, Checked> check, Function<Rule, List<Problem>> draftCheck) {
        this.loader = loader;
        this.check = check;
        this.draftCheck = draftCheck;
        this.clock = clock;
    }

    /** The format of a body, by its content type, or else by its file name. */
    public static Optional<Format> formatOf(String contentType, String fileName) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-ndjson")
                || type.startsWith("application/ndjson")
                || type.startsWith("application/jsonl")
                || name.endsWith(".ndjson")
                || name.endsWith(".jsonl")) {
            return Optional.of(Format.NDJSON);
        }
        if (type.startsWith("application/json") || name.endsWith(".json")) {
            return Optional.of(Format.JSON);
        }
        if (type.startsWith("application/toml")
                || type.startsWith("text/plain")
                || type.startsWith("text/x-toml")
                || name.endsWith(".toml")) {
            return Optional.of(Format.TOML);
        }
        return Optional.empty();
    }

    public Upload read(String name, byte[] body, Format format) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (format) {
            case TOML -> new Upload(List.of(fromToml(text, name)), List.of());
            case JSON -> json(text, name);
            case NDJSON -> ndjson(text, name);
        };
    }

    /** A TOML rule file; a {@code [[verdict.exceptions]]} list in it (Verdict's own export) is kept. */
    public Candidate fromToml(String text, String origin) {
        RuleLoad load = loader.parse(text, origin);
        if (!load.loaded()) {
            List<Problem> errors = load.draft() == null
                    ? load.errors()
                    : java.util.stream.Stream.concat(load.errors().stream(), draftCheck.apply(load.draft()).stream())
                            .toList();
            return new Candidate(origin, idOf(text), null, null, errors, load.warnings());
        }
        Checked checked = check.apply(load.rule());
        if (!checked.errors().isEmpty()) {
            return new Candidate(origin, load.rule().ruleId(), null, null, checked.errors(), load.warnings());
        }
        Map<String, Object> document = TomlDocument.read(text);
        List<Problem> warnings = checked.warnings().isEmpty()
                ? load.warnings()
                : java.util.stream.Stream.concat(load.warnings().stream(), checked.warnings().stream())
                        .toList();
        return new Candidate(origin, load.rule().ruleId(), document, load.rule(), List.of(), warnings);
    }

    /** A Kibana flat rule with the exception items taken from the same export. */
    public Candidate fromKibana(
            Map<String, ?> flat, String origin, List<ExceptionItem> exceptions, Set<String> absorbedLists) {
        Map<String, Object> document = KibanaRules.toDocument(flat, LocalDate.now(clock), absorbedLists);
        if (!exceptions.isEmpty()) {
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put(
                    "exceptions",
                    exceptions.stream().map(ExceptionItems::toPlain).toList());
            document.put("verdict", verdict);
        }
        return fromToml(TomlWriter.write(document), origin + " (as TOML)");
    }

    private Upload json(String text, String name) {
        Object parsed;
        try {
            parsed = json.readValue(text, Object.class);
        } catch (JacksonException e) {
            return new Upload(List.of(malformed(name, e, 0)), List.of());
        }
        List<Candidate> out = new ArrayList<>();
        // a JSON null is one item that is not a rule, as any other value
        List<?> rules = parsed instanceof List<?> list ? list : java.util.Arrays.asList(parsed);
        for (int i = 0; i < rules.size(); i++) {
            String origin = rules.size() == 1 ? name : name + "[" + i + "]";
            if (rules.get(i) instanceof Map<?, ?> map && KibanaRules.isRule(cast(map))) {
                out.add(fromKibana(cast(map), origin, List.of(), Set.of()));
            } else {
                out.add(invalid(origin, "not a Kibana rule: a rule object has a rule_id and a rule type"));
            }
        }
        return new Upload(out, List.of());
    }

    private Upload ndjson(String text, String name) {
        List<String> notes = new ArrayList<>();
        List<Candidate> out = new ArrayList<>();
        Map<Integer, Map<String, Object>> rules = new LinkedHashMap<>();
        Map<String, List<ExceptionItem>> items = new LinkedHashMap<>();
        Set<String> lists = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = json.readValue(lines[i], Object.class);
            } catch (JacksonException e) {
                out.add(malformed(name + ":" + line, e, 0));
                continue;
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                out.add(invalid(name + ":" + line, "an NDJSON line must be a JSON object"));
                continue;
            }
            Map<String, Object> object = cast(map);
            if (object.containsKey("exported_count")) {
                notes.add("line " + line + ": export summary, skipped");
            } else if (KibanaRules.isRule(object)) {
                rules.put(line, object);
            } else if (object.get("item_id") != null && object.get("entries") != null) {
                List<String> problems = new ArrayList<>();
                Optional<ExceptionItem> item = ExceptionItems.read(object, "line " + line, problems);
                problems.forEach(p -> out.add(invalid(name + ":" + line, p)));
                item.ifPresent(
                        it -> items.computeIfAbsent(String.valueOf(object.get("list_id")), k -> new ArrayList<>())
                                .add(it));
            } else if (object.get("list_id") != null) {
                lists.add(String.valueOf(object.get("list_id")));
                notes.add("line " + line + ": exception list " + object.get("list_id")
                        + " (its items go to the rules that reference it)");
            } else if ("action".equals(object.get("type")) || object.containsKey("attributes")) {
                notes.add("line " + line + ": action connector " + object.get("id")
                        + ", skipped (Verdict runs no actions)");
            } else {
                notes.add(
                        "line " + line + ": not a rule, an exception list or item, a connector or a summary; skipped");
            }
        }
        Set<String> used = new HashSet<>();
        for (Map.Entry<Integer, Map<String, Object>> e : rules.entrySet()) {
            List<ExceptionItem> exceptions = new ArrayList<>();
            Set<String> absorbed = new HashSet<>();
            if (e.getValue().get("exceptions_list") instanceof List<?> refs) {
                for (Object ref : refs) {
                    if (ref instanceof Map<?, ?> m && items.containsKey(String.valueOf(m.get("list_id")))) {
                        String listId = String.valueOf(m.get("list_id"));
                        exceptions.addAll(items.get(listId));
                        absorbed.add(listId);
                    }
                }
            }
            used.addAll(absorbed);
            out.add(fromKibana(e.getValue(), name + ":" + e.getKey(), exceptions, absorbed));
        }
        items.keySet().stream()
                .filter(l -> !used.contains(l))
                .forEach(l -> notes.add("exception list " + l + ": no rule in the upload references it; its "
                        + items.get(l).size() + " item(s) were skipped"));
        return new Upload(out, notes);
    }

    private static Candidate malformed(String origin, JacksonException e, int lineOffset) {
        TokenStreamLocation at = e.getLocation();
        int line = at == null ? 1 : Math.max(1, at.getLineNr()) + lineOffset;
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return new Candidate(
                origin,
                null,
                null,
                null,
                List.of(new Problem(origin, line, column, "malformed JSON: " + e.getOriginalMessage(), null, 0)),
                List.of());
    }

    private static Candidate invalid(String origin, String message) {
        return new Candidate(origin, null, null, null, List.of(new Problem(origin, 1, 1, message, null, 0)), List.of());
    }

    /** The rule_id of a rule that has problems, if the TOML parses far enough to tell. */
    private String idOf(String text) {
        if (loader.bounds().check(text) != null) {
            return null; // not handed to tomlj at all
        }
        try {
            return Toml.parse(text).getString("rule.rule_id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
