package io.verdict.battery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaks: first the answers most likely to show server paths or internals are asked for (write answers, a 409, rule
 * tests, rule errors, a whole rule with its source, the export, health with and without a key, 404, 405, 415);
 * then everything the leak scanner saw in every phase run before this one (and this one) is reported by kind, with
 * the endpoints it came from.
 */
final class LeaksPhase implements Phase {

    @Override
    public String name() {
        return "leaks";
    }

    @Override
    public String purpose() {
        return "every answer body of the run scanned for server paths, Java exception names, HTML, ISO-8859-1";
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        ServiceProcess service = context.standard();
        if (service == null) {
            tally.note("the standard service did not start (" + context.standardFailure()
                    + "): only the answers of the other phases are scanned");
        } else {
            probe(context, tally, service.http());
        }
        LeakScanner leaks = context.leaks();
        tally.figure("answers scanned (all phases so far)", leaks.scanned());
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (Map.Entry<LeakScanner.Kind, Tally.Finding> e : leaks.found().entrySet()) {
            tally.finding(e.getKey().label, e.getValue().count(), e.getValue().examples());
            byKind.put(e.getKey().label, leaks.endpoints(e.getKey()));
        }
        tally.figure("leaks by kind and endpoint (answers)", byKind);
    }

    private static void probe(BatteryContext context, Tally tally, RawHttp http) {
        String w = context.keys().writeHeader();
        String r = context.keys().readHeader();
        String id = BatteryRules.id("leak-probe");
        String rule = BatteryRules.rule(id, "Battery leak probe", "query", "kuery", "event.action:\"leak-probe\"", "");
        String tests = "rule_id = \"" + id
                + "\"\n[[case]]\nname = \"x\"\nexpect = \"alert\"\nevents = ['''{\"event\":{\"action\":\"nope\"}}''']\n";
        List<RawHttp.Request> requests = new ArrayList<>(List.of(
                RawHttp.Request.of("POST", "/api/v1/rules?overwrite=true", "application/toml", rule, w),
                RawHttp.Request.of("POST", "/api/v1/rules", "application/toml", rule, w),
                RawHttp.Request.of("PUT", "/api/v1/rules/" + id, "application/toml", rule, w),
                RawHttp.Request.of("POST", "/api/v1/rules/" + id + "/_disable", null, (byte[]) null, w),
                RawHttp.Request.of("POST", "/api/v1/rules/" + id + "/_enable", null, (byte[]) null, w),
                RawHttp.Request.of("DELETE", "/api/v1/rules/" + BatteryRules.EQL_ID, null, (byte[]) null, w),
                RawHttp.Request.of("POST", "/api/v1/rules/_test", "text/plain", tests, r),
                RawHttp.Request.of("GET", "/api/v1/rules/_tests", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/" + id + "/_tests", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/errors", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/" + BatteryRules.EQL_ID, null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/" + id, null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/stats", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/rules/_export", null, (byte[]) null, r),
                RawHttp.Request.of("POST", "/api/v1/rules/_reload", null, (byte[]) null, w),
                RawHttp.Request.of("POST", "/api/v1/rules/_validate", "application/toml", BatteryRules.brokenRule(), r),
                RawHttp.Request.of(
                        "POST",
                        "/api/v1/rules/" + BatteryRules.EQL_ID + "/_explain",
                        "application/json",
                        BatteryRules.ALERTING_EVENT,
                        r),
                RawHttp.Request.of("GET", "/actuator/health", null, (byte[]) null),
                RawHttp.Request.of("GET", "/actuator/health", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/actuator/info", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/api/v1/no-such-endpoint", null, (byte[]) null, r),
                RawHttp.Request.of("DELETE", "/api/v1/rules/stats", null, (byte[]) null, w),
                RawHttp.Request.of("POST", "/api/v1/evaluate", "application/xml", "<event/>", r),
                RawHttp.Request.of("GET", "/api/v1/rules?size=100000", null, (byte[]) null, r),
                RawHttp.Request.of("GET", "/%", null, (byte[]) null),
                RawHttp.Request.of("GET", "/api/v1/rules/%ZZ", null, (byte[]) null, r),
                RawHttp.Request.of("DELETE", "/api/v1/rules/" + id, null, (byte[]) null, w)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RawHttp.Request request : requests) {
            tally.inputs(1);
            Answer answer = context.exchange(tally, http, request, context.timeout());
            List<LeakScanner.Leak> found =
                    context.leaks().leaksIn(request.target(), answer.headers(), answer.contentType(), answer.text());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request", request.method() + " " + request.target());
            row.put(
                    "status",
                    answer.answered() ? answer.status() : answer.outcome().toString());
            row.put(
                    "leaks",
                    found.isEmpty()
                            ? "-"
                            : String.join(
                                    ", ",
                                    found.stream()
                                            .map(l -> l.kind().label)
                                            .distinct()
                                            .toList()));
            rows.add(row);
        }
        tally.figure("targeted requests", rows);
    }
}
