package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.config.StreamStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Kafka mode of this instance: its stream's state, partitions and lag, and the rules topic. */
@RestController
@Tag(name = "Stream", description = "The Kafka Streams application of this instance (verdict.kafka.enabled)")
class StreamController {

    private final ObjectProvider<StreamStatus.Source> status;

    StreamController(ObjectProvider<StreamStatus.Source> status) {
        this.status = status;
    }

    @GetMapping("/api/v1/stream")
    @Operation(summary = "Kafka Streams state, partitions and lag", description = """
            In the Kafka mode: the Kafka Streams state of this instance, each stream thread with the input and \
            repartition partitions it processes (committed offset, end offset, lag), the lag in all, and whether \
            the rules topic was read to its end. With the Kafka mode off: enabled false and state OFF.""")
    StreamStatus stream() {
        StreamStatus.Source source = status.getIfAvailable();
        return source == null ? StreamStatus.OFF : source.status();
    }
}
