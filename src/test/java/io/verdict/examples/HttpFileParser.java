package io.verdict.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the part of the JetBrains HTTP client format that the project's {@code .http} files use, and says so
 * plainly, with file and line, for any other part of it, so that a new example never runs as something else:
 * <ul>
 * <li>requests separated by lines starting with {@code ###} (the rest of the line is the request's title);</li>
 * <li>{@code @name = value} file variables, {@code # @name} and {@code # @no-redirect} tags, {@code #} and
 * {@code //} comment lines before the request line;</li>
 * <li>{@code METHOD URL [HTTP/1.1]}, then {@code Name: value} headers up to a blank line;</li>
 * <li>a body of inline lines and {@code < path} lines (a file sent in the line's place, also between multipart
 * boundaries);</li>
 * <li>one {@code > {% ... %}} response-handler script after the body.</li>
 * </ul>
 */
final class HttpFileParser {

    record HttpFile(String name, Map<String, String> variables, List<HttpExample> requests) {}

    static final class SyntaxException extends RuntimeException {
        SyntaxException(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("@([A-Za-z_][A-Za-z0-9_.-]*)\\s*=\\s*(.*)");
    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\\S.*?)(?: HTTP/\\d(?:\\.\\d)?)?");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9!#$%&'*+.^_`|~-]+):\\s*(.*)");
    private static final Pattern TAG = Pattern.compile("(?:#|//)\\s*@([A-Za-z-]+)\\s*(.*)");

    private final String file;
    private final List<String> lines;
    private int at;

    private HttpFileParser(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static HttpFile parse(Path path) throws IOException {
        return parse(path.getFileName().toString(), Files.readString(path));
    }

    static HttpFile parse(String name, String text) {
        return new HttpFileParser(name, text.lines().toList()).file();
    }

    private HttpFile file() {
        Map<String, String> variables = new LinkedHashMap<>();
        while (at < lines.size() && !lines.get(at).startsWith("###")) {
            String line = lines.get(at).strip();
            Matcher variable = VARIABLE.matcher(line);
            if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2).strip());
            } else if (!line.isEmpty() && !isComment(line)) {
                throw error(at, "a request must follow a ### line; found '" + line + "'");
            }
            at++;
        }
        List<HttpExample> requests = new ArrayList<>();
        while (at < lines.size()) {
            HttpExample request = request(variables);
            if (request != null) {
                requests.add(request);
            }
        }
        return new HttpFile(file, variables, requests);
    }

    /** From a {@code ###} line to the next one; null for a block of comments only. */
    private HttpExample request(Map<String, String> variables) {
        String title = lines.get(at).replaceFirst("^#+", "").strip();
        at++;
        String name = null;
        boolean noRedirect = false;
        Matcher requestLine = null;
        int line = 0;
        for (; at < lines.size() && !isSeparator(at); at++) {
            String text = lines.get(at).strip();
            Matcher tag = TAG.matcher(text);
            Matcher variable = VARIABLE.matcher(text);
            if (text.isEmpty()) {
                continue;
            } else if (tag.matches()) {
                switch (tag.group(1)) {
                    case "name" -> name = tag.group(2).strip();
                    case "no-redirect" -> noRedirect = true;
                    default ->
                        throw error(at, "the tag @" + tag.group(1) + " is not supported (only @name, @no-redirect)");
                }
            } else if (isComment(text)) {
                continue;
            } else if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2).strip());
            } else if ((requestLine = REQUEST_LINE.matcher(lines.get(at))).matches()) {
                line = at + 1;
                at++;
                break;
            } else {
                throw error(at, "expected a request line (METHOD URL); found '" + text + "'");
            }
        }
        if (line == 0) {
            return null;
        }
        List<HttpExample.Header> headers = new ArrayList<>();
        for (; at < lines.size() && !isSeparator(at) && !lines.get(at).isBlank(); at++) {
            String text = lines.get(at);
            Matcher header = HEADER.matcher(text);
            if (text.startsWith(">") || text.startsWith("<")) {
                break;
            }
            if (!header.matches()) {
                throw error(
                        at, "expected a header (Name: value) or a blank line before the body; found '" + text + "'");
            }
            headers.add(new HttpExample.Header(header.group(1), header.group(2).strip()));
        }
        List<String> body = new ArrayList<>();
        String handler = "";
        int handlerLine = 0;
        for (; at < lines.size() && !isSeparator(at); at++) {
            String text = lines.get(at);
            if (text.startsWith(">> ") || text.startsWith(">>! ") || text.startsWith("<> ")) {
                throw error(at, "saving or comparing the response ('" + text + "') is not supported");
            }
            if (text.startsWith("< {%")) {
                throw error(at, "pre-request scripts ('< {%') are not supported");
            }
            if (text.startsWith(">")) {
                handlerLine = at + 1;
                handler = handler();
                break;
            }
            body.add(text);
        }
        while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
            body.remove(body.size() - 1);
        }
        while (!body.isEmpty() && body.get(0).isBlank()) {
            body.remove(0);
        }
        for (; at < lines.size() && !isSeparator(at); at++) {
            String text = lines.get(at).strip();
            if (!text.isEmpty() && !isComment(text)) {
                throw error(at, "nothing but comments may follow the response handler; found '" + text + "'");
            }
        }
        String method = requestLine.group(1);
        String url = requestLine.group(2).strip();
        String shown = !title.isEmpty() ? title : name != null ? name : method + " " + url;
        return new HttpExample(
                shown, line, method, url, List.copyOf(headers), List.copyOf(body), handler, handlerLine, noRedirect);
    }

    /** {@code > {%} up to {@code %}}; the script may start on the same line. */
    private String handler() {
        String first = lines.get(at).strip();
        if (!first.startsWith("> {%")) {
            throw error(at, "only an inline response handler '> {% ... %}' is supported; found '" + first + "'");
        }
        int start = at;
        StringBuilder script = new StringBuilder();
        String rest = first.substring("> {%".length());
        while (true) {
            int end = rest.indexOf("%}");
            if (end >= 0) {
                script.append(rest, 0, end);
                if (!rest.substring(end + 2).isBlank()) {
                    throw error(at, "nothing may follow '%}' on its line");
                }
                at++;
                return script.toString();
            }
            script.append(rest).append('\n');
            at++;
            if (at >= lines.size() || isSeparator(at)) {
                throw error(start, "the response handler has no closing '%}'");
            }
            rest = lines.get(at);
        }
    }

    private boolean isSeparator(int index) {
        return lines.get(index).startsWith("###");
    }

    private static boolean isComment(String line) {
        return line.startsWith("#") || line.startsWith("//");
    }

    private SyntaxException error(int index, String message) {
        return new SyntaxException(file, index + 1, message);
    }
}
