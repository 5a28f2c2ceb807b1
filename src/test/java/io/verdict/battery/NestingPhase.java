package io.verdict.battery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deeply nested inputs over HTTP, each to {@code _validate} (open) and to {@code POST /api/v1/rules} (with the
 * write key): TOML nested about 2,000 deep, EQL with 10,000 {@code (} or {@code not}, 2,000 nested calls, a
 * 20,000-term {@code and}, KQL with 10,000 {@code (}; and JSON events nested 100,000 deep. Each must be a 400
 * problem, not a 500 (a stack overflow).
 */
final class NestingPhase implements Phase {

    @Override
    public String name() {
        return "nesting";
    }

    @Override
    public String purpose() {
        return "deep nesting in TOML, EQL, KQL and JSON over HTTP: each must be a 400 problem, not a 500";
    }

    /** The nested rule texts by name. */
    static Map<String, String> rules() {
        Map<String, String> cases = new LinkedHashMap<>();
        String id = BatteryRules.id("nesting");
        String plain = BatteryRules.rule(id, "Battery nesting", "eql", "eql", "process where true", "");
        cases.put(
                "TOML array nested 2,000 deep",
                plain + "\n[rule.meta]\ndeep = " + "[".repeat(2_000) + "]".repeat(2_000) + "\n");
        cases.put(
                "TOML inline table nested 2,000 deep",
                plain + "\n[rule.meta]\ndeep = " + "{a = ".repeat(2_000) + "1" + "}".repeat(2_000) + "\n");
        cases.put(
                "TOML array nested 5,000 deep",
                plain + "\n[rule.meta]\ndeep = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n");
        cases.put("EQL 10,000 (", eql(id, "process where " + "(".repeat(10_000) + "true" + ")".repeat(10_000)));
        cases.put("EQL 10,000 not", eql(id, "process where " + "not ".repeat(10_000) + "true"));
        cases.put(
                "EQL 2,000 nested calls",
                eql(id, "process where " + "length(".repeat(2_000) + "process.name" + ")".repeat(2_000) + " > 0"));
        StringBuilder and = new StringBuilder("process where process.name == \"a0\"");
        for (int i = 1; i < 20_000; i++) {
            and.append(" and process.name == \"a").append(i).append('"');
        }
        cases.put("EQL 20,000-term and", eql(id, and.toString()));
        cases.put(
                "EQL sequence of 2,000 ( in a stage",
                eql(
                        id,
                        "sequence [process where " + "(".repeat(2_000) + "true" + ")".repeat(2_000)
                                + "] [network where true]"));
        cases.put(
                "KQL 10,000 (",
                BatteryRules.rule(
                        id,
                        "Battery nesting",
                        "query",
                        "kuery",
                        "(".repeat(10_000) + "event.category:process" + ")".repeat(10_000),
                        ""));
        cases.put(
                "KQL 10,000 not",
                BatteryRules.rule(
                        id, "Battery nesting", "query", "kuery", "not ".repeat(10_000) + "event.category:process", ""));
        StringBuilder or = new StringBuilder("event.category:process");
        for (int i = 0; i < 20_000; i++) {
            or.append(" or process.name:p").append(i);
        }
        cases.put("KQL 20,000-term or", BatteryRules.rule(id, "Battery nesting", "query", "kuery", or.toString(), ""));
        cases.put(
                "KQL field:( 10,000 ( )",
                BatteryRules.rule(
                        id,
                        "Battery nesting",
                        "query",
                        "kuery",
                        "process.name:" + "(".repeat(10_000) + "x" + ")".repeat(10_000),
                        ""));
        return cases;
    }

    private static String eql(String id, String query) {
        return BatteryRules.rule(id, "Battery nesting", "eql", "eql", query, "");
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        ServiceProcess service = context.standard();
        if (service == null) {
            tally.skip("the standard service did not start: " + context.standardFailure());
            return;
        }
        RawHttp http = service.http();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, String> c : rules().entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input", c.getKey());
            for (String[] target :
                    new String[][] {{"_validate", "/api/v1/rules/_validate"}, {"upload", "/api/v1/rules?overwrite=true"}
                    }) {
                RawHttp.Request request = RawHttp.Request.of(
                        "POST",
                        target[1],
                        "application/toml",
                        c.getValue(),
                        context.keys().writeHeader());
                tally.inputs(1);
                Answer answer = context.exchange(tally, http, request, context.timeout());
                row.put(target[0], verdict(answer));
                judge(tally, c.getKey() + " → " + target[0], answer);
            }
            rows.add(row);
        }
        for (String[] json : new String[][] {
            {"JSON event, arrays 100,000 deep", "[".repeat(100_000) + "]".repeat(100_000)},
            {"JSON event, objects 100,000 deep", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)}
        }) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("input", json[0]);
            String body = "{\"x\":" + json[1] + "}";
            RawHttp.Request single = RawHttp.Request.of(
                    "POST",
                    "/api/v1/evaluate",
                    "application/json",
                    body,
                    context.keys().readHeader());
            RawHttp.Request batch = RawHttp.Request.of(
                    "POST",
                    "/api/v1/evaluate/_batch",
                    "application/x-ndjson",
                    body + "\n",
                    context.keys().readHeader());
            tally.inputs(2);
            Answer a = context.exchange(tally, http, single, context.timeout());
            Answer b = context.exchange(tally, http, batch, context.timeout());
            row.put("_validate", "evaluate: " + verdict(a));
            row.put("upload", "batch: " + verdict(b));
            judge(tally, json[0] + " → evaluate", a);
            if (b.status() >= 500) {
                judge(tally, json[0] + " → batch", b);
            }
            rows.add(row);
        }
        // a rule upload that failed with a 500 may have been stored anyway: remove the probe rule so later phases start
        // clean
        http.send(
                RawHttp.Request.of(
                        "DELETE",
                        "/api/v1/rules/" + BatteryRules.id("nesting"),
                        null,
                        (byte[]) null,
                        context.keys().writeHeader()),
                context.timeout());
        tally.figure("cases (status of _validate and of the upload; evaluate and batch for the JSON cases)", rows);
        tally.figure("service alive at the end", service.alive());
    }

    private static String verdict(Answer answer) {
        if (!answer.answered()) {
            return answer.outcome().toString();
        }
        String text = answer.text();
        String valid = text.contains("\"valid\":true") ? " valid" : text.contains("\"valid\":false") ? " invalid" : "";
        return answer.status()
                + (answer.isProblem() ? " problem" : answer.status() >= 400 ? " (not a problem)" : valid)
                + String.format(" %.1f s", answer.millis() / 1000);
    }

    private static void judge(Tally tally, String what, Answer answer) {
        if (answer.status() >= 500 || !answer.answered()) {
            tally.finding("deep nesting is not a 400 problem", what + " → " + answer.excerpt(160));
        } else if (answer.status() >= 400 && !answer.isProblem()) {
            tally.finding("error answer that is not a problem", what + " → " + answer.excerpt(160));
        }
    }
}
