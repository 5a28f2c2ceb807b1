package io.verdict.battery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks through every answer body for what a service should not show a client: absolute server paths, Java class
 * names of exceptions, HTML pages, Spring's default error body, and {@code charset=ISO-8859-1}. A path or class
 * name that the request itself carried (an echoed event) or that the served rule files contain (a rule's own
 * text) is not a leak.
 */
final class LeakScanner {

    enum Kind {
        SERVER_PATH("absolute server path"),
        JAVA_NAME("Java exception or class name"),
        HTML("HTML body"),
        SPRING_DEFAULT_ERROR("Spring's default error body"),
        LATIN1("charset=ISO-8859-1");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One thing found: its kind and the matched text with a little context. */
    record Leak(Kind kind, String match, String context) {}

    /** Absolute paths under the usual roots of a Unix server, not inside a URL or a relative path. */
    private static final Pattern SERVER_PATH = Pattern.compile(
            "(?<![\\w.:/~-])/(?:home|tmp|work|var|root|opt|srv|mnt|usr|etc|private|Users|proc|data)/[^\\s\"'<>\\\\,;)\\]}]*");
    /**
     * Fully qualified JVM names (two dots at least after the root, so "java.exe" is not one), exception names, and the
     * JVM's own errors (a schema named "RuleError" is not one).
     */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:(?:java|javax|jakarta|sun|jdk)\\.(?:[a-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*"
                    + "|(?:org\\.springframework|org\\.apache|org\\.tomlj|tools\\.jackson|com\\.fasterxml|io\\.verdict)\\.[\\w.$]+"
                    + "|\\b[A-Z][A-Za-z0-9]*Exception\\b"
                    + "|\\b(?:StackOverflow|OutOfMemory|Assertion|NoClassDefFound|Linkage|ExceptionInInitializer|Internal|VirtualMachine)Error\\b)");

    private static final Pattern HTML = Pattern.compile("^\\s*<(?:!doctype\\s+html|html)", Pattern.CASE_INSENSITIVE);

    private final List<String> serverDirs;
    private final Set<String> known;
    private final Map<Kind, Tally.Finding> found = new LinkedHashMap<>();
    private final Map<Kind, Map<String, Long>> endpoints = new LinkedHashMap<>();
    private long scanned;

    /**
     * @param serverDirs directories of this run the service knows (its data and rule directories, working directory):
     *                   any occurrence is a leak, whatever its root
     * @param knownTexts texts the service may rightly return (the rule files it serves): paths and names in them are
     *                   not leaks
     */
    LeakScanner(List<String> serverDirs, List<String> knownTexts) {
        this.serverDirs = List.copyOf(serverDirs);
        this.known = new HashSet<>();
        for (String text : knownTexts) {
            addTokens(SERVER_PATH, text);
            addTokens(JAVA_NAME, text);
        }
    }

    private void addTokens(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            known.add(m.group());
        }
    }

    /** What the answer shows that it should not; pure, for tests. */
    List<Leak> leaksIn(String requestText, List<String> headers, String contentType, String body) {
        List<Leak> leaks = new ArrayList<>();
        for (String header : headers) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")
                    && header.toLowerCase(Locale.ROOT).contains("charset=iso-8859-1")) {
                leaks.add(new Leak(Kind.LATIN1, header, header));
            }
        }
        if (contentType.toLowerCase(Locale.ROOT).startsWith("text/html")
                || HTML.matcher(body).find()) {
            leaks.add(new Leak(Kind.HTML, "html", context(body, 0, 0)));
        }
        if (body.contains("\"timestamp\"")
                && body.contains("\"error\":\"")
                && body.contains("\"status\":")
                && !contentType.startsWith("application/problem+json")) {
            leaks.add(new Leak(Kind.SPRING_DEFAULT_ERROR, "\"error\"", context(body, 0, 0)));
        }
        for (String dir : serverDirs) {
            int at = body.indexOf(dir);
            if (at >= 0 && !requestText.contains(dir)) {
                leaks.add(new Leak(Kind.SERVER_PATH, dir, context(body, at, dir.length())));
            }
        }
        if (leaks.stream().noneMatch(l -> l.kind() == Kind.SERVER_PATH)) {
            find(Kind.SERVER_PATH, SERVER_PATH, requestText, body, leaks);
        }
        find(Kind.JAVA_NAME, JAVA_NAME, requestText, body, leaks);
        return leaks;
    }

    private void find(Kind kind, Pattern pattern, String requestText, String body, List<Leak> leaks) {
        Matcher m = pattern.matcher(body);
        while (m.find()) {
            String match = m.group();
            if (!known.contains(match) && !requestText.contains(match)) {
                leaks.add(new Leak(kind, match, context(body, m.start(), match.length())));
                return;
            }
        }
    }

    private static String context(String body, int at, int length) {
        int from = Math.max(0, at - 60);
        int to = Math.min(body.length(), at + length + 60);
        return (from > 0 ? "…" : "")
                + body.substring(from, to).replaceAll("\\s+", " ")
                + (to < body.length() ? "…" : "");
    }

    /** Scans one exchange and keeps what it found, by kind and by endpoint. */
    void scan(String phase, RawHttp.Request request, Answer answer) {
        if (!answer.answered()) {
            return;
        }
        String requestText = request.body() == null
                ? request.target()
                : request.target() + "\n" + new String(request.body(), StandardCharsets.UTF_8);
        List<Leak> leaks = leaksIn(requestText, answer.headers(), answer.contentType(), answer.text());
        synchronized (this) {
            scanned++;
            for (Leak leak : leaks) {
                Tally.Finding finding = found.computeIfAbsent(leak.kind(), k -> new Tally.Finding());
                finding.count++;
                String endpoint = endpoint(request);
                if (finding.examples.size() < 8
                        && !endpoints.getOrDefault(leak.kind(), Map.of()).containsKey(endpoint)) {
                    finding.examples.add("[" + phase + "] " + request.method() + " " + clip(request.target(), 100)
                            + " → " + answer.status() + ": `"
                            + clip(leak.context(), 240).replace("`", "'") + "`");
                }
                endpoints.computeIfAbsent(leak.kind(), k -> new TreeMap<>()).merge(endpoint, 1L, Long::sum);
            }
        }
    }

    /** Method and path without the query, rule ids and item ids folded, so one endpoint counts once. */
    static String endpoint(RawHttp.Request request) {
        String path = request.target();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        path = path.replaceAll("/rules/(?!_|errors|stats)[^/]+", "/rules/{id}")
                .replaceAll("/exceptions/(?!_)[^/]+", "/exceptions/{item}");
        return request.method() + " " + clip(path, 80);
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    synchronized long scanned() {
        return scanned;
    }

    synchronized Map<Kind, Tally.Finding> found() {
        return new LinkedHashMap<>(found);
    }

    synchronized Map<String, Long> endpoints(Kind kind) {
        return new TreeMap<>(endpoints.getOrDefault(kind, Map.of()));
    }
}
