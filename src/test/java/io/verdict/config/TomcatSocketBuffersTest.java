package io.verdict.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running connector reads and writes sockets through the configured buffer size, not Tomcat's 8 KB. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "verdict.evaluate.socket-buffer=48KB")
class TomcatSocketBuffersTest {

    @DynamicPropertySource
    static void emptyRules(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("verdict-buffers");
        registry.add("verdict.rules.paths", () -> dir.resolve("rules").toString());
        registry.add("verdict.rules.store", () -> dir.resolve("store").toString());
    }

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorUsesTheConfiguredBuffers() {
        Connector connector =
                ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("socket.appReadBufSize")).hasToString(String.valueOf(48 * 1024));
        assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString(String.valueOf(48 * 1024));
    }
}
