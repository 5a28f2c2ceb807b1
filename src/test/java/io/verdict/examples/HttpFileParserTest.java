package io.verdict.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpFileParserTest {

    static final String FILE = """
            # a comment
            @ruleId = 03af6f85

            ### List rules
            # @name listRules
            GET {{host}}/api/v1/rules?tag=Tactic: Exfiltration HTTP/1.1
            X-API-Key: {{apiKey}}

            > {%
                client.test("200", function () {
                    client.assert(response.status === 200, "status");
                });
            %}

            ###############################
            # only comments: no request
            ###############################

            ###
            # @no-redirect
            POST {{host}}/api/v1/rules
            Content-Type: multipart/form-data; boundary=b

            --b
            < rules/x.toml
            --b--


            ### Inline body, handler on one line
            POST {{host}}/api/v1/evaluate
            Content-Type: application/json

            {"event": {}}

            > {% client.test("t", function () {}); %}
            """;

    @Test
    void readsTheSyntaxTheExamplesUse() {
        var file = HttpFileParser.parse("sample.http", FILE);
        assertThat(file.variables()).containsEntry("ruleId", "03af6f85");
        assertThat(file.requests())
                .extracting(HttpExample::title)
                .containsExactly("List rules", "POST {{host}}/api/v1/rules", "Inline body, handler on one line");

        HttpExample list = file.requests().get(0);
        assertThat(list.line()).isEqualTo(6);
        assertThat(list.handlerLine()).isEqualTo(9);
        assertThat(list.url()).isEqualTo("{{host}}/api/v1/rules?tag=Tactic: Exfiltration");
        assertThat(list.header("x-api-key")).isEqualTo("{{apiKey}}");
        assertThat(list.body()).isEmpty();
        assertThat(list.handler()).contains("client.test(\"200\"").doesNotContain("%}");

        HttpExample upload = file.requests().get(1);
        assertThat(upload.noRedirect()).isTrue();
        assertThat(upload.body()).containsExactly("--b", "< rules/x.toml", "--b--");
        assertThat(upload.handler()).isEmpty();

        HttpExample inline = file.requests().get(2);
        assertThat(inline.body()).containsExactly("{\"event\": {}}");
        assertThat(inline.handler().strip()).isEqualTo("client.test(\"t\", function () {});");
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("GET http://x/\n", "sample.http:1: a request must follow a ### line"),
                Arguments.of("###\n# @timeout 5\nGET http://x/\n", "sample.http:2: the tag @timeout is not supported"),
                Arguments.of("###\nFETCH http://x/\n", "sample.http:2: expected a request line (METHOD URL)"),
                Arguments.of("###\nGET http://x/\nnot a header\n", "sample.http:3: expected a header (Name: value)"),
                Arguments.of("###\nGET http://x/\n\n> handler.js\n", "sample.http:4: only an inline response handler"),
                Arguments.of(
                        "###\nGET http://x/\n\n> {%\nclient.log(1);\n",
                        "sample.http:4: the response handler has no closing '%}'"),
                Arguments.of(
                        "###\nGET http://x/\n\n>> saved.json\n", "sample.http:4: saving or comparing the response"),
                Arguments.of(
                        "###\nGET http://x/\n\n< {% request.variables.set('a', 1) %}\n",
                        "sample.http:4: pre-request scripts"),
                Arguments.of(
                        "###\nGET http://x/\n\n> {% client.log(1) %}\nGET http://y/\n",
                        "sample.http:5: nothing but comments may follow the response handler"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsupported")
    void syntaxTheExamplesDoNotUseIsAnErrorWithFileAndLine(String text, String message) {
        assertThatThrownBy(() -> HttpFileParser.parse("sample.http", text))
                .isInstanceOf(HttpFileParser.SyntaxException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void variablesResolveFromGlobalsThenTheFileThenTheEnvironment() {
        var file = HttpFileParser.parse("sample.http", "@a = file-{{b}}\n@c = file-c\n###\nGET http://x/\n");
        var sender =
                new ExampleSender("local", Map.of("b", "env-b", "c", "env-c"), new HashMap<>(Map.of("c", "global-c")));
        assertThat(sender.resolve(file, "{{a}} {{ c }}")).isEqualTo("file-env-b global-c");
        assertThatThrownBy(() -> sender.resolve(file, "{{nope}}"))
                .hasMessageContaining("{{nope}} is neither a variable of sample.http");
        assertThatThrownBy(() -> sender.resolve(file, "{{$uuid}}")).hasMessageContaining("dynamic variables");
    }

    @Test
    void urlsAreEncodedAsAClientSendsThem() {
        assertThat(ExampleSender.encode("http://h/a?tag=Tactic: Exfiltration&q=%3A&x=é"))
                .isEqualTo("http://h/a?tag=Tactic:%20Exfiltration&q=%3A&x=%C3%A9");
    }

    @Test
    void aMultipartBodyHasCrlfLineEndsAndFilesInPlaceOfTheirLines(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/x.toml"), "a = 1\n");
        var file = HttpFileParser.parse("sample.http", FILE);
        var sender = new ExampleSender("local", Map.of(), new HashMap<>());
        assertThat(new String(sender.body(file, dir, file.requests().get(1)), StandardCharsets.UTF_8))
                .isEqualTo("--b\r\na = 1\n\r\n--b--");
        assertThat(new String(sender.body(file, dir, file.requests().get(2)), StandardCharsets.UTF_8))
                .isEqualTo("{\"event\": {}}");
    }
}
