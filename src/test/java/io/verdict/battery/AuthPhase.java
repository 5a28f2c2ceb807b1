package io.verdict.battery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Path, method and header probes of every write endpoint without a key, with a read-only key and with an unknown
 * key, sent raw so the path reaches the service exactly as written. A bypass is a write that answers 2xx or takes
 * effect without a write key; the effect is read from the service's own audit log (a change by anyone but the
 * battery's writer) and from the rule list. Also: the actuator anonymously (health details, sensitive endpoints),
 * the content type of 401 and 403 answers, and the security headers of an ordinary answer.
 */
final class AuthPhase implements Phase {

    private static final String CANARY = BatteryRules.id("auth-canary");
    private static final String ITEM = "battery-auth-item";

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public String purpose() {
        return "path, method and header probes of every write endpoint without a write key; actuator anonymously";
    }

    /** A write endpoint: method, path under /api/v1, body maker (probe number → body), content type. */
    private record Endpoint(
            String method, String path, String contentType, java.util.function.IntFunction<String> body) {}

    /** Path forms a router or a filter might read differently; each maps the canonical path to the form sent. */
    static Map<String, UnaryOperator<String>> pathForms(int port) {
        Map<String, UnaryOperator<String>> forms = new LinkedHashMap<>();
        forms.put("as is", p -> p);
        forms.put("/api;/", p -> p.replaceFirst("^/api/", "/api;/"));
        forms.put("/api;foo=bar/", p -> p.replaceFirst("^/api/", "/api;foo=bar/"));
        forms.put("/%61pi/", p -> p.replaceFirst("^/api/", "/%61pi/"));
        forms.put("/%61%70%69/", p -> p.replaceFirst("^/api/", "/%61%70%69/"));
        forms.put("/api%3B/", p -> p.replaceFirst("^/api/", "/api%3B/"));
        forms.put("//api/", p -> "/" + p);
        forms.put("/api//v1/", p -> p.replaceFirst("^/api/", "/api//"));
        forms.put("/./api/", p -> "/." + p);
        forms.put("/v1/./", p -> p.replaceFirst("^/api/v1/", "/api/v1/./"));
        forms.put("/v1/x/../", p -> p.replaceFirst("^/api/v1/", "/api/v1/x/../"));
        forms.put("/v1/%2e/", p -> p.replaceFirst("^/api/v1/", "/api/v1/%2e/"));
        forms.put("/v1/x/%2e%2e/", p -> p.replaceFirst("^/api/v1/", "/api/v1/x/%2e%2e/"));
        forms.put("/API/", p -> p.replaceFirst("^/api/", "/API/"));
        forms.put("/Api/V1/", p -> p.replaceFirst("^/api/v1/", "/Api/V1/"));
        forms.put("trailing /", p -> p + "/");
        forms.put("/api%2Fv1/", p -> p.replaceFirst("^/api/", "/api%2F"));
        forms.put("/api%2fv1/", p -> p.replaceFirst("^/api/", "/api%2f"));
        forms.put("/v1;/", p -> p.replaceFirst("^/api/v1/", "/api/v1;/"));
        forms.put("trailing ;x=y", p -> p + ";x=y");
        forms.put("trailing %00", p -> p + "%00");
        forms.put("backslashes", p -> p.replace('/', '\\'));
        forms.put("absolute-form", p -> "http://127.0.0.1:" + port + p);
        forms.put("absolute-form /api;/", p -> "http://127.0.0.1:" + port + p.replaceFirst("^/api/", "/api;/"));
        forms.put("?_method=GET", p -> p + "?_method=GET");
        return forms;
    }

    private static List<Endpoint> endpoints() {
        String item = "{\"item_id\":\"%s\",\"name\":\"probe\",\"type\":\"simple\",\"description\":\"probe\","
                + "\"entries\":[{\"field\":\"host.name\",\"operator\":\"included\",\"type\":\"match\",\"value\":\"probe-%d\"}]}";
        return List.of(
                new Endpoint(
                        "POST",
                        "/api/v1/rules",
                        "application/toml",
                        n -> probeRule(BatteryRules.id("auth-probe-" + n), n)),
                new Endpoint("PUT", "/api/v1/rules/" + CANARY, "application/toml", n -> probeRule(CANARY, n)),
                new Endpoint("DELETE", "/api/v1/rules/" + CANARY, null, n -> null),
                new Endpoint("POST", "/api/v1/rules/" + CANARY + "/_disable", null, n -> null),
                new Endpoint("POST", "/api/v1/rules/" + CANARY + "/_enable", null, n -> null),
                new Endpoint("POST", "/api/v1/rules/_reload", null, n -> null),
                new Endpoint(
                        "POST",
                        "/api/v1/rules/" + CANARY + "/exceptions",
                        "application/json",
                        n -> item.formatted("probe-item-" + n, n)),
                new Endpoint(
                        "PUT",
                        "/api/v1/rules/" + CANARY + "/exceptions/" + ITEM,
                        "application/json",
                        n -> item.formatted(ITEM, n)),
                new Endpoint("DELETE", "/api/v1/rules/" + CANARY + "/exceptions/" + ITEM, null, n -> null),
                new Endpoint(
                        "POST",
                        "/api/v1/state/_learn",
                        "application/x-ndjson",
                        n -> BatteryRules.ALERTING_EVENT + "\n"),
                new Endpoint("DELETE", "/api/v1/state", null, n -> null));
    }

    static String probeRule(String id, int n) {
        return BatteryRules.rule(
                id, "Battery auth probe " + n, "query", "kuery", "event.action:\"auth-probe-" + n + "\"", "");
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        ServiceProcess service = context.standard();
        if (service == null) {
            tally.skip("the standard service did not start: " + context.standardFailure());
            return;
        }
        Probe probe = new Probe(context, tally, service);
        if (!probe.restore()) {
            tally.note(
                    "the canary rule could not be created with the write key: rule-level probes test a missing rule");
        }
        int n = 0;
        Map<String, String> keyModes = new LinkedHashMap<>();
        keyModes.put("no key", null);
        keyModes.put("read-only key", context.keys().readHeader());
        keyModes.put("unknown key", "X-API-Key: battery-unknown-key");
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, UnaryOperator<String>> form :
                    pathForms(service.port()).entrySet()) {
                for (Map.Entry<String, String> key : keyModes.entrySet()) {
                    n++;
                    List<String> headers = new ArrayList<>();
                    if (key.getValue() != null) {
                        headers.add(key.getValue());
                    }
                    probe.send(
                            endpoint.method(),
                            form.getValue().apply(endpoint.path()),
                            endpoint.contentType(),
                            endpoint.body().apply(n),
                            headers,
                            form.getKey() + ", " + key.getKey());
                }
            }
            n = methodAndHeaderProbes(context, probe, endpoint, n);
        }
        probe.actuator();
        probe.finish();
    }

    /** Other methods on the write path, method overrides, and keys in odd headers. */
    private static int methodAndHeaderProbes(BatteryContext context, Probe probe, Endpoint endpoint, int n) {
        String read = context.keys().readHeader();
        String readKey = context.keys().reader();
        List<Object[]> probes = new ArrayList<>();
        for (String method : List.of(
                "HEAD", "OPTIONS", "TRACE", "PATCH", "FOO", endpoint.method().toLowerCase())) {
            probes.add(new Object[] {method, endpoint.path(), List.<String>of(), "method " + method});
        }
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            probes.add(new Object[] {
                "GET", endpoint.path(), List.of(header + ": " + endpoint.method()), "GET with " + header
            });
            probes.add(new Object[] {
                "POST",
                "/api/v1/rules/_validate",
                List.of(header + ": " + endpoint.method()),
                "POST _validate with " + header
            });
        }
        probes.add(new Object[] {"POST", endpoint.path() + "?_method=" + endpoint.method(), List.of(), "?_method"});
        probes.add(new Object[] {"GET", "/", List.of("X-Original-URL: " + endpoint.path()), "X-Original-URL"});
        probes.add(new Object[] {"GET", "/", List.of("X-Rewrite-URL: " + endpoint.path()), "X-Rewrite-URL"});
        probes.add(new Object[] {
            endpoint.method(),
            endpoint.path(),
            List.of(read, "X-API-Key: garbage"),
            "two X-API-Key headers (read, garbage)"
        });
        probes.add(new Object[] {
            endpoint.method(),
            endpoint.path(),
            List.of("X-API-Key: garbage", read),
            "two X-API-Key headers (garbage, read)"
        });
        probes.add(new Object[] {
            endpoint.method(),
            endpoint.path(),
            List.of("X-API-Key: " + readKey + ", " + readKey),
            "X-API-Key: read, read"
        });
        probes.add(new Object[] {
            endpoint.method(), endpoint.path(), List.of("x-api-key: " + readKey), "lower-case header, read key"
        });
        probes.add(new Object[] {endpoint.method(), endpoint.path(), List.of("X-API-Key:"), "empty X-API-Key"});
        probes.add(new Object[] {
            endpoint.method(), endpoint.path(), List.of("X-API-Key: " + "k".repeat(20_000)), "20 KB X-API-Key"
        });
        probes.add(new Object[] {
            endpoint.method(), endpoint.path(), List.of("X-Pad: " + "p".repeat(100_000)), "100 KB header"
        });
        probes.add(new Object[] {
            endpoint.method(),
            endpoint.path(),
            List.of("Authorization: Bearer battery"),
            "a bearer token that is no key"
        });
        probes.add(new Object[] {
            endpoint.method(), endpoint.path(), List.of("X-Forwarded-Prefix: /api;"), "X-Forwarded-Prefix"
        });
        for (Object[] p : probes) {
            n++;
            @SuppressWarnings("unchecked")
            List<String> headers = (List<String>) p[2];
            String method = (String) p[0];
            boolean withBody = !method.equals("HEAD") && !method.equals("TRACE") && !method.equals("GET");
            probe.send(
                    method,
                    (String) p[1],
                    withBody ? endpoint.contentType() : null,
                    withBody ? endpoint.body().apply(n) : null,
                    headers,
                    (String) p[3]);
        }
        return n;
    }

    /** Sends probes, tells bypasses, restores the canary after a probe that took effect. */
    private static final class Probe {
        private final BatteryContext context;
        private final Tally tally;
        private final ServiceProcess service;
        private final RawHttp http;
        private long bypasses;
        private long effects;
        private final Map<String, Long> byForm = new TreeMap<>();
        private final Map<String, Long> byEndpoint = new TreeMap<>();
        private long unauthorized;
        private long forbidden;

        Probe(BatteryContext context, Tally tally, ServiceProcess service) {
            this.context = context;
            this.tally = tally;
            this.service = service;
            this.http = service.http();
        }

        /** The canary rule and its exception item, written with the write key. */
        boolean restore() {
            String w = context.keys().writeHeader();
            Answer rule = http.send(
                    RawHttp.Request.of(
                            "POST",
                            "/api/v1/rules?overwrite=true",
                            "application/toml",
                            BatteryRules.rule(
                                    CANARY,
                                    "Battery auth canary",
                                    "query",
                                    "kuery",
                                    "event.action:\"auth-canary\"",
                                    ""),
                            w),
                    context.timeout());
            http.send(
                    RawHttp.Request.of(
                            "POST",
                            "/api/v1/rules/" + CANARY + "/exceptions",
                            "application/json",
                            "{\"item_id\":\"" + ITEM
                                    + "\",\"name\":\"canary\",\"type\":\"simple\",\"description\":\"canary\","
                                    + "\"entries\":[{\"field\":\"host.name\",\"operator\":\"included\",\"type\":\"match\",\"value\":\"canary\"}]}",
                            w),
                    context.timeout());
            return rule.status() / 100 == 2;
        }

        void send(String method, String target, String contentType, String body, List<String> headers, String form) {
            long offset = service.logSize();
            RawHttp.Request request =
                    RawHttp.Request.of(method, target, contentType, body, headers.toArray(String[]::new));
            tally.inputs(1);
            Answer answer = context.exchange(tally, http, request, context.timeout());
            if (answer.status() == 401) {
                unauthorized++;
            } else if (answer.status() == 403) {
                forbidden++;
            }
            if (answer.status() == 401 || answer.status() == 403) {
                // a HEAD answer has no body that could be a problem: only its content type is checked
                boolean bodyless = method.equals("HEAD");
                if (!bodyless && !answer.isProblem() || answer.contentType().contains("iso-8859-1")) {
                    tally.finding(
                            "401/403 not a UTF-8 problem",
                            request.describe() + " → " + answer.status() + " [" + answer.header("Content-Type") + "]");
                }
            }
            boolean writeMethod =
                    List.of("POST", "PUT", "DELETE", "PATCH", "FOO").contains(method.toUpperCase())
                            && !target.contains("_validate");
            boolean answered2xx = writeMethod && answer.status() / 100 == 2;
            String audit = foreignAudit(service.logSince(offset));
            if (answered2xx || audit != null) {
                bypasses++;
                if (audit != null) {
                    effects++;
                }
                byForm.merge(form.replaceFirst(", (no key|read-only key|unknown key)$", ""), 1L, Long::sum);
                byEndpoint.merge(LeakScanner.endpoint(request), 1L, Long::sum);
                tally.finding(
                        "bypass: a write without a write key",
                        form + ": " + request.describe() + " → " + answer.excerpt(120)
                                + (audit == null ? "" : " | audit: " + audit));
                restore();
            } else if (method.equals("TRACE") && answer.status() == 200) {
                tally.finding("TRACE answered", request.describe() + " → " + answer.excerpt(120));
            }
        }

        /** An audit line written by anyone but the battery's writer, or null. */
        private static String foreignAudit(String log) {
            for (String line : log.split("\n")) {
                if ((line.contains("verdict.audit") || line.contains("actor="))
                        && line.contains("action")
                        && !line.contains(BatteryKeys.WRITER_ID)) {
                    int at = line.indexOf("actor");
                    return (at >= 0 ? line.substring(at) : line).strip();
                }
            }
            return null;
        }

        /** The actuator and the docs, without a key. */
        void actuator() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String path : List.of(
                    "/actuator",
                    "/actuator/health",
                    "/actuator/health/liveness",
                    "/actuator/health/readiness",
                    "/actuator/info",
                    "/actuator/metrics",
                    "/actuator/prometheus",
                    "/actuator/env",
                    "/actuator/configprops",
                    "/actuator/beans",
                    "/actuator/heapdump",
                    "/actuator/threaddump",
                    "/actuator/loggers",
                    "/actuator/mappings",
                    "/v3/api-docs",
                    "/swagger-ui.html")) {
                Answer answer = context.exchange(
                        tally, http, RawHttp.Request.of("GET", path, null, (byte[]) null), context.timeout());
                tally.inputs(1);
                rows.add(row("GET " + path, answer));
                String text = answer.text();
                if (path.equals("/actuator/health")
                        && answer.status() == 200
                        && (text.contains("\"details\"") || text.contains("\"path\""))) {
                    tally.finding(
                            "health details for anyone", "GET /actuator/health (no key) → " + answer.excerpt(200));
                }
                if (answer.status() / 100 == 2
                        && List.of(
                                        "/actuator/env",
                                        "/actuator/configprops",
                                        "/actuator/beans",
                                        "/actuator/heapdump",
                                        "/actuator/threaddump",
                                        "/actuator/loggers",
                                        "/actuator/mappings")
                                .contains(path)) {
                    tally.finding("sensitive actuator endpoint open", "GET " + path + " (no key) → " + answer.status());
                }
            }
            for (String[] write : new String[][] {
                {"/actuator/shutdown", "{}"}, {"/actuator/loggers/verdict.audit", "{\"configuredLevel\":\"OFF\"}"}
            }) {
                Answer answer = context.exchange(
                        tally,
                        http,
                        RawHttp.Request.of("POST", write[0], "application/json", write[1]),
                        context.timeout());
                tally.inputs(1);
                rows.add(row("POST " + write[0], answer));
                if (answer.status() / 100 == 2) {
                    bypasses++;
                    tally.finding(
                            "bypass: a write without a write key",
                            "POST " + write[0] + " (no key) → " + answer.excerpt(120));
                }
            }
            tally.figure("actuator and docs without a key", rows);
            Answer ordinary = http.send(
                    RawHttp.Request.of(
                            "GET",
                            "/api/v1/rules?size=1",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    context.timeout());
            Map<String, Object> headers = new LinkedHashMap<>();
            for (String name : List.of(
                    "X-Content-Type-Options",
                    "X-Frame-Options",
                    "Cache-Control",
                    "Content-Security-Policy",
                    "Strict-Transport-Security",
                    "Referrer-Policy")) {
                headers.put(name, ordinary.header(name).isEmpty() ? "(absent)" : ordinary.header(name));
            }
            tally.figure("security headers of GET /api/v1/rules", headers);
        }

        private static Map<String, Object> row(String request, Answer answer) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request", request);
            row.put(
                    "status",
                    answer.answered() ? answer.status() : answer.outcome().toString());
            row.put("content type", answer.header("Content-Type"));
            row.put("answer", answer.excerpt(100));
            return row;
        }

        void finish() {
            Answer list = http.send(
                    RawHttp.Request.of(
                            "GET",
                            "/api/v1/rules?q=Battery%20auth%20probe&size=500",
                            null,
                            (byte[]) null,
                            context.keys().readHeader()),
                    context.timeout());
            String text = list.text();
            int created = text.split("Battery auth probe", -1).length - 1;
            tally.figure(
                    "probe rules found in the rule list afterwards",
                    list.status() == 200 ? created : "list answered " + list.status());
            if (created > 0) {
                tally.finding(
                        "bypass effect: probe rules created without a write key",
                        created + " rules named 'Battery auth probe …'");
            }
            tally.figure("* bypasses (writes without a write key that answered 2xx or took effect)", bypasses);
            tally.figure("bypasses with an effect in the audit log", effects);
            tally.figure("bypasses by path form", byForm);
            tally.figure("bypasses by endpoint", byEndpoint);
            tally.figure("401 answers", unauthorized);
            tally.figure("403 answers", forbidden);
        }
    }
}
