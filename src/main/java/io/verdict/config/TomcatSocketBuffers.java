package io.verdict.config;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives Tomcat's connections larger socket buffers ({@code verdict.evaluate.socket-buffer}). Tomcat reads and writes
 * a socket through 8 KB buffers by default, so a batch of 1,000 ECS events (2.3 MB) took about 290 read calls and
 * its answer (0.6 MB) about 77 writes (strace); system calls are dear on a virtual machine. The buffers are per
 * connection, which is why they are not larger still.
 */
@Configuration(proxyBeanMethods = false)
class TomcatSocketBuffers {

    @Bean
    TomcatConnectorCustomizer socketBuffers(VerdictProperties properties) {
        String bytes = String.valueOf(properties.evaluate().socketBuffer().toBytes());
        return connector -> {
            connector.setProperty("socket.appReadBufSize", bytes);
            connector.setProperty("socket.appWriteBufSize", bytes);
        };
    }
}
