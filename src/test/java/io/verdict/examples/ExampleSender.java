package io.verdict.examples;

import io.verdict.examples.HttpFileParser.HttpFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a request of a {@code .http} file as the JetBrains HTTP client does: {@code {{name}}} taken from
 * {@code client.global}, then the file's variables, then the environment; characters a URI may not hold percent-encoded;
 * a body line {@code < path} replaced by that file (relative to the {@code .http} file); multipart bodies with CRLF
 * line ends; redirects followed unless the request says {@code # @no-redirect}.
 */
final class ExampleSender {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");

    private final Map<String, String> environment;
    private final String environmentName;
    private final Map<String, String> globals;
    private final HttpClient following = client(HttpClient.Redirect.NORMAL);
    private final HttpClient notFollowing = client(HttpClient.Redirect.NEVER);

    /**
     * @param globals {@code client.global}, which the handler scripts change between requests
     */
    ExampleSender(String environmentName, Map<String, String> environment, Map<String, String> globals) {
        this.environmentName = environmentName;
        this.environment = environment;
        this.globals = globals;
    }

    HttpResponse<byte[]> send(HttpFile file, Path dir, HttpExample request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(encode(resolve(file, request.url()))))
                .timeout(Duration.ofSeconds(60));
        for (HttpExample.Header header : request.headers()) {
            builder.header(header.name(), resolve(file, header.value()));
        }
        byte[] body = body(file, dir, request);
        builder.method(
                request.method(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpClient client = request.noRedirect() ? notFollowing : following;
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    byte[] body(HttpFile file, Path dir, HttpExample request) throws IOException {
        String type = request.header("Content-Type");
        // multipart needs CRLF between its lines; a file is sent as it is, with its own line ends
        String newline = type != null && type.toLowerCase().startsWith("multipart/") ? "\r\n" : "\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < request.body().size(); i++) {
            String line = request.body().get(i);
            if (i > 0) {
                body.writeBytes(newline.getBytes(StandardCharsets.UTF_8));
            }
            if (line.startsWith("< ")) {
                body.writeBytes(Files.readAllBytes(
                        dir.resolve(resolve(file, line.substring(2).strip()))));
            } else {
                body.writeBytes(resolve(file, line).getBytes(StandardCharsets.UTF_8));
            }
        }
        return body.toByteArray();
    }

    String resolve(HttpFile file, String text) {
        return resolve(file, text, 0);
    }

    private String resolve(HttpFile file, String text, int depth) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("dynamic variables ({{" + name + "}}) are not supported");
            }
            String value = globals.containsKey(name)
                    ? globals.get(name)
                    : file.variables().containsKey(name) ? file.variables().get(name) : environment.get(name);
            if (value == null) {
                throw new IllegalArgumentException("{{" + name + "}} is neither a variable of " + file.name()
                        + ", nor set by client.global, nor in environment '" + environmentName
                        + "' of http-client.env.json");
            }
            if (depth > 10) {
                throw new IllegalArgumentException("{{" + name + "}} refers to itself");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(file, value, depth + 1)));
        }
        return m.appendTail(out).toString();
    }

    /** The URL as a client sends it: characters a URI may not hold (a space in a tag) percent-encoded. */
    static String encode(String url) {
        StringBuilder out = new StringBuilder();
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static HttpClient client(HttpClient.Redirect redirect) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(redirect)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
