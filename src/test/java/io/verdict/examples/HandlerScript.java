package io.verdict.examples;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a response-handler script as the JetBrains HTTP client does, with Rhino in its ES6 mode: a {@code response}
 * ({@code status}, {@code body} parsed when the content type is JSON and a string otherwise, {@code headers.valueOf},
 * {@code headers.valuesOf}, {@code contentType.mimeType} and {@code .charset}) and a {@code client} ({@code test},
 * {@code assert}, {@code log}, {@code global.set/get/isEmpty/clear/clearAll}). Each script has a scope of its own, as
 * each declares its own {@code const body}; what it puts in {@code client.global} outlives it.
 */
final class HandlerScript {

    /** A {@code client.test}: its name, and the failure message, or null when it passed. */
    record Outcome(String name, String failure) {}

    /** The tests a script ran, and the error that stopped it outside a test (or null). */
    record Run(List<Outcome> tests, String error) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CLIENT = """
            var __tests = [];
            var client = {
              global: {
                set: function (name, value) { __globals[name] = value === undefined || value === null ? value : String(value); },
                get: function (name) { return __globals[name] === undefined ? null : __globals[name]; },
                isEmpty: function () { return Object.keys(__globals).length === 0; },
                clear: function (name) { delete __globals[name]; },
                clearAll: function () { __globals = {}; }
              },
              test: function (name, fn) {
                try { fn(); __tests.push({name: String(name), failure: null}); }
                catch (e) { __tests.push({name: String(name), failure: e && e.__assertion ? e.message : String(e)}); }
              },
              assert: function (condition, message) {
                if (!condition) {
                  var failure = new Error(message === undefined ? "Assertion failed"
                      : typeof message === "string" ? message : JSON.stringify(message));
                  failure.__assertion = true;
                  throw failure;
                }
              },
              log: function (text) { __log.push(String(text)); }
            };
            var __log = [];
            var response = (function (meta, text) {
              var lower = {};
              Object.keys(meta.headers).forEach(function (name) { lower[name.toLowerCase()] = meta.headers[name]; });
              var body = text;
              if (meta.json) { try { body = JSON.parse(text); } catch (e) { body = text; } }
              return {
                status: meta.status,
                body: body,
                headers: {
                  valueOf: function (name) { var v = lower[String(name).toLowerCase()]; return v ? v[0] : null; },
                  valuesOf: function (name) { return lower[String(name).toLowerCase()] || []; }
                },
                contentType: {mimeType: meta.mimeType, charset: meta.charset}
              };
            })(JSON.parse(__meta), __text);
            """;

    private HandlerScript() {}

    /**
     * Runs {@code script} on {@code response}; {@code globals} ({@code client.global}) is read and written back.
     *
     * @param file the {@code .http} file and {@code line} the line the script starts on, for its error messages
     */
    static Run run(String script, String file, int line, HttpResponse<byte[]> response, Map<String, String> globals) {
        Context cx = Context.enter();
        try {
            cx.setLanguageVersion(Context.VERSION_ES6);
            Scriptable scope = cx.initSafeStandardObjects();
            ScriptableObject.putProperty(scope, "__meta", meta(response));
            ScriptableObject.putProperty(scope, "__text", new String(response.body(), charset(response)));
            ScriptableObject.putProperty(
                    scope,
                    "__globals",
                    cx.evaluateString(scope, "(" + JSON.writeValueAsString(globals) + ")", "globals", 1, null));
            cx.evaluateString(scope, CLIENT, "client", 1, null);
            String error = null;
            try {
                cx.evaluateString(scope, script, file, line, null);
            } catch (RhinoException e) {
                String source =
                        e.lineSource() == null ? "" : ": " + e.lineSource().strip();
                error = e.details() + " at " + file + ":" + e.lineNumber() + source
                        + (source.contains("for (const ")
                                ? " (Rhino reads for (let x of ...), not for (const x of ...))"
                                : "");
            }
            globals.clear();
            Object stored = ScriptableObject.getProperty(scope, "__globals");
            if (stored instanceof NativeObject object) {
                object.forEach((k, v) -> globals.put(String.valueOf(k), v == null ? null : Context.toString(v)));
            }
            List<Outcome> tests = new ArrayList<>();
            for (Object test : (NativeArray) ScriptableObject.getProperty(scope, "__tests")) {
                NativeObject outcome = (NativeObject) test;
                Object failure = outcome.get("failure");
                tests.add(new Outcome(
                        Context.toString(outcome.get("name")), failure == null ? null : Context.toString(failure)));
            }
            return new Run(tests, error);
        } finally {
            Context.exit();
        }
    }

    private static String meta(HttpResponse<byte[]> response) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", response.statusCode());
        meta.put("headers", response.headers().map());
        String type = response.headers().firstValue("Content-Type").orElse("");
        String mime = type.replaceFirst(";.*", "").strip().toLowerCase();
        meta.put("mimeType", mime);
        meta.put("charset", charset(response).name());
        meta.put("json", mime.equals("application/json") || mime.endsWith("+json"));
        return JSON.writeValueAsString(meta);
    }

    private static java.nio.charset.Charset charset(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        var charset =
                java.util.regex.Pattern.compile("(?i)charset=\"?([^\";]+)").matcher(type);
        try {
            return charset.find()
                    ? java.nio.charset.Charset.forName(charset.group(1).strip())
                    : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
