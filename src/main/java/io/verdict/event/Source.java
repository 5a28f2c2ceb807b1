package io.verdict.event;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.util.TokenBuffer;

/** What a flat {@link Event} keeps to build its whole tree on demand: the JSON it was read from. Immutable. */
sealed interface Source {

    JsonNode tree();

    /** The JSON text as sent, or null when only the tree can give it. */
    String text();

    /** How many bytes of JSON the event was read from; -1 when not known. */
    long length();

    /** The bytes of an NDJSON line or a request body, read again with the mapper (and limits) that read them. */
    record Bytes(ObjectMapper mapper, byte[] json) implements Source {
        @Override
        public JsonNode tree() {
            return mapper.readTree(json);
        }

        @Override
        public String text() {
            // Jackson reads past a leading UTF-8 byte-order mark; the text does not keep it, so it reads again as JSON
            int start =
                    json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF
                            ? 3
                            : 0;
            return new String(json, start, json.length - start, StandardCharsets.UTF_8);
        }

        @Override
        public long length() {
            return json.length;
        }
    }

    /** The tokens of an element of a JSON array body, buffered while the array streamed past. */
    record Tokens(ObjectMapper mapper, TokenBuffer tokens, long length) implements Source {
        @Override
        public JsonNode tree() {
            return mapper.readTree(tokens.asParser());
        }

        @Override
        public String text() {
            return null;
        }
    }
}
