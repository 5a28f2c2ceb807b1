package io.verdict.battery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one input may cost, on a service of its own (a request the client gave up on may still hold a thread):
 * {@code _validate} of {@code field : (v0 or … or vN)} at the configured sizes, timed; then a rule with
 * {@code --like-patterns} {@code like~} patterns, uploaded, and an event of {@code --like-event-kb} KB evaluated
 * against it, timed, with whether the verdict reports the rule as over a budget; and meanwhile whether another
 * evaluation still answers.
 */
final class CostPhase implements Phase {

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String purpose() {
        return "compile cost of long KQL or-lists on _validate; evaluation cost of 10k like~ patterns on a 900 KB event";
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        try (ServiceProcess service = context.launch(
                new ServiceProcess.Spec("cost", "1g", List.of(context.rules()), List.of(), Duration.ofMinutes(3)))) {
            String failure = service.awaitReady(context);
            if (failure != null) {
                tally.skip(failure);
                return;
            }
            RawHttp http = service.http();
            Duration timeout = context.options().costTimeout();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int n : context.options().costValues()) {
                StringBuilder query = new StringBuilder("process.name : (v0");
                for (int i = 1; i < n; i++) {
                    query.append(" or v").append(i);
                }
                query.append(')');
                String rule = BatteryRules.rule(
                        BatteryRules.id("cost-or-" + n),
                        "Battery cost or " + n,
                        "query",
                        "kuery",
                        query.toString(),
                        "");
                RawHttp.Request request = RawHttp.Request.of(
                        "POST",
                        "/api/v1/rules/_validate",
                        "application/toml",
                        rule,
                        context.keys().readHeader());
                tally.inputs(1);
                Answer answer = context.exchange(tally, http, request, timeout);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("values", n);
                row.put(
                        "status",
                        answer.answered() ? answer.status() : answer.outcome().toString());
                row.put("seconds", Math.round(answer.millis() / 10) / 100.0);
                rows.add(row);
                tally.figure(
                        "* _validate of field : (v0 or … or v" + (n - 1) + ") (s)",
                        answer.answered()
                                ? Math.round(answer.millis() / 10) / 100.0
                                : "no answer in " + timeout.toSeconds() + " s");
                if (!answer.answered()) {
                    // the service still works on it: later sizes would only queue behind it
                    tally.note("stopped the or-list series at " + n + " values: no answer within " + timeout.toSeconds()
                            + " s");
                    break;
                }
            }
            tally.figure("_validate of long KQL or-lists", rows);
            like(context, tally, http, timeout);
            tally.figure("service alive at the end", service.alive());
        }
    }

    private static void like(BatteryContext context, Tally tally, RawHttp http, Duration timeout) {
        int patterns = context.options().likePatterns();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < patterns; i++) {
            list.append(i == 0 ? "" : ", ").append("\"*needle-").append(i).append("*\"");
        }
        String id = BatteryRules.id("cost-like");
        String rule = BatteryRules.rule(
                id, "Battery cost like", "eql", "eql", "process where process.command_line like~ (" + list + ")", "");
        tally.inputs(1);
        Answer upload = context.exchange(
                tally,
                http,
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/rules?overwrite=true",
                        "application/toml",
                        rule,
                        context.keys().writeHeader()),
                timeout);
        tally.figure(
                "upload of the rule with " + patterns + " like~ patterns",
                upload.excerpt(80) + String.format(" (%.1f s)", upload.millis() / 1000));
        if (upload.status() / 100 != 2) {
            tally.note("the like~ rule was not accepted, so its evaluation cost was not measured");
            return;
        }
        String commandLine = "x".repeat(context.options().likeEventKb() * 1024);
        String event =
                "{\"@timestamp\":\"2026-12-01T00:00:00Z\",\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},"
                        + "\"process\":{\"name\":\"cost.exe\",\"command_line\":\"" + commandLine + "\"}}";
        // another evaluation, sent while the costly one runs: does the rest of the service still answer?
        Answer[] other = new Answer[1];
        Thread meanwhile = new Thread(
                () -> {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    other[0] = context.exchange(
                            tally,
                            http,
                            RawHttp.Request.of(
                                    "POST",
                                    "/api/v1/evaluate?rule_id=" + BatteryRules.EQL_ID,
                                    "application/json",
                                    BatteryRules.ALERTING_EVENT,
                                    context.keys().readHeader()),
                            Duration.ofSeconds(30));
                },
                "battery-cost-meanwhile");
        meanwhile.start();
        tally.inputs(1);
        Answer answer = context.exchange(
                tally,
                http,
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/evaluate?rule_id=" + id,
                        "application/json",
                        event,
                        context.keys().readHeader()),
                timeout);
        try {
            meanwhile.join(40_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = answer.text();
        boolean budget =
                text.toLowerCase().contains("budget") || text.contains("time limit") || text.contains("too long");
        tally.figure(
                "* evaluation of " + patterns + " like~ patterns on a "
                        + context.options().likeEventKb() + " KB event (s)",
                answer.answered()
                        ? Math.round(answer.millis() / 10) / 100.0
                        : "no answer in " + timeout.toSeconds() + " s");
        tally.figure("that evaluation's answer", answer.excerpt(200));
        tally.figure("the verdict reports a budget error", budget);
        tally.figure(
                "a simple evaluation sent meanwhile",
                other[0] == null
                        ? "not sent"
                        : other[0].excerpt(40) + String.format(" after %.2f s", other[0].millis() / 1000));
        if (!budget && answer.millis() > 5_000) {
            tally.finding(
                    "one event costs more than 5 s with no budget error",
                    String.format("%.1f s: %s", answer.millis() / 1000, answer.excerpt(160)));
        }
    }
}
