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

    /** The bytes of an NDJSON line or a request body, read again with the mapper (and limits) that read them. */
    record Bytes(ObjectMapper mapper, byte[] json) implements Source {
        @Override
        public JsonNode tree() {
            return mapper.readTree(json);
        }

        @Override
        public String text() {
            return new String(json, StandardCharsets.UTF_8);
        }

        /**
         * The JSON with {@code "key":"value"} added as the object's last member, or null when the text names the
         * key already (it may hold a null the tree would replace in place) or does not end with the object.
         */
        byte[] append(String key, String value) {
            byte[] member = (mapper.writeValueAsString(key) + ":" + mapper.writeValueAsString(value))
                    .getBytes(StandardCharsets.UTF_8);
            int close = json.length - 1;
            while (close >= 0 && Character.isWhitespace(json[close])) {
                close--;
            }
            int open = 0;
            while (open < json.length && Character.isWhitespace(json[open])) {
                open++;
            }
            if (close <= open || json[close] != '}' || json[open] != '{' || contains(json, member, key.length() + 2)) {
                return null;
            }
            int inner = open + 1;
            while (inner < close && Character.isWhitespace(json[inner])) {
                inner++;
            }
            boolean empty = inner == close;
            byte[] out = new byte[json.length + member.length + (empty ? 0 : 1)];
            System.arraycopy(json, 0, out, 0, close);
            int at = close;
            if (!empty) {
                out[at++] = ',';
            }
            System.arraycopy(member, 0, out, at, member.length);
            System.arraycopy(json, close, out, at + member.length, json.length - close);
            return out;
        }

        /** Whether {@code text} holds the first {@code length} bytes of {@code part}. */
        private static boolean contains(byte[] text, byte[] part, int length) {
            outer:
            for (int i = 0; i + length <= text.length; i++) {
                for (int j = 0; j < length; j++) {
                    if (text[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    /** The tokens of an element of a JSON array body, buffered while the array streamed past. */
    record Tokens(ObjectMapper mapper, TokenBuffer tokens) implements Source {
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
