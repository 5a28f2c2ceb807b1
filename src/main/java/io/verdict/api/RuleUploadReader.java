package io.verdict.api;

import io.verdict.lifecycle.RuleUploads;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads an upload's bytes — the body, or each file of a multipart form (which the container keeps on disk) — within
 * the size limit, by format. Before anything is parsed, the rules, lines or array elements of a Kibana export are
 * counted without building them: past {@value #MAX_ITEMS} in all the upload is refused, since each becomes a parsed
 * document, a TOML text, a rule and a note or problem, far larger than its bytes (a 10 MB file of {@code {}} lines
 * would hold millions).
 */
final class RuleUploadReader {

    /** Rules, NDJSON lines or JSON array elements in one upload at most (a whole Kibana export is about 2,000). */
    static final int MAX_ITEMS = 10_000;

    private static final JsonFactory JSON = new JsonFactory();

    private final RuleUploads uploads;
    private final long maxSize;

    RuleUploadReader(RuleUploads uploads, long maxSize) {
        this.uploads = uploads;
        this.maxSize = maxSize;
    }

    RuleUploads.Upload read(HttpServletRequest request) {
        if (request instanceof MultipartHttpServletRequest multipart) {
            return multipart(multipart);
        }
        RuleUploads.Format format = RuleUploads.formatOf(request.getContentType(), null)
                .orElseThrow(() -> unsupported(request.getContentType()));
        String name = switch (format) {
            case TOML -> "upload.toml";
            case JSON -> "upload.json";
            case NDJSON -> "upload.ndjson";
        };
        try (InputStream in = new LimitedInputStream(request.getInputStream(), maxSize)) {
            byte[] body = in.readAllBytes();
            count(body, format, 0);
            return uploads.read(name, body, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code before} plus the items of {@code body}; a 413 problem past {@link #MAX_ITEMS}. A body that does not
     * parse is counted as far as it does: its problem is reported by the upload's own reading.
     */
    static int count(byte[] body, RuleUploads.Format format, int before) {
        int items = before
                + switch (format) {
                    case TOML -> 1;
                    case NDJSON -> lines(body);
                    case JSON -> elements(body);
                };
        if (items > MAX_ITEMS) {
            throw BadInputException.tooLarge("The upload holds more than " + MAX_ITEMS + " rules, NDJSON lines or"
                    + " array elements; split it.");
        }
        return items;
    }

    private static int lines(byte[] body) {
        int lines = 0;
        boolean content = false;
        for (byte b : body) {
            if (b == '\n') {
                lines += content ? 1 : 0;
                content = false;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                content = true;
            }
        }
        return lines + (content ? 1 : 0);
    }

    private static int elements(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return 1;
            }
            int elements = 0;
            for (JsonToken token = parser.nextToken();
                    token != null && token != JsonToken.END_ARRAY;
                    token = parser.nextToken()) {
                parser.skipChildren();
                if (++elements > MAX_ITEMS) {
                    break;
                }
            }
            return elements;
        } catch (JacksonException e) {
            return 1;
        }
    }

    private RuleUploads.Upload multipart(MultipartHttpServletRequest request) {
        List<io.verdict.lifecycle.Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        java.util.Map<String, String> testTexts = new java.util.LinkedHashMap<>();
        long total = 0;
        int items = 0;
        for (MultipartFile file : request.getMultiFileMap().values().stream()
                .flatMap(List::stream)
                .toList()) {
            total += file.getSize();
            if (file.getSize() > maxSize || total > maxSize) {
                throw BadInputException.tooLarge("The upload is larger than " + maxSize + " bytes.");
            }
            String name = file.getOriginalFilename() == null
                            || file.getOriginalFilename().isBlank()
                    ? file.getName()
                    : file.getOriginalFilename();
            if (RuleTestFile.isTestFile(name)) {
                // a rule's test cases travel with it: x.tests.toml beside x.toml
                try {
                    testTexts.put(name, new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                continue;
            }
            RuleUploads.Format format = RuleUploads.formatOf(file.getContentType(), name)
                    .or(() -> RuleUploads.formatOf(null, name))
                    .orElseThrow(() -> unsupported(file.getContentType()));
            try {
                byte[] bytes = file.getBytes();
                items = count(bytes, format, items);
                RuleUploads.Upload upload = uploads.read(name, bytes, format);
                candidates.addAll(upload.candidates());
                notes.addAll(upload.notes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RuleUploads.Upload(candidates, notes, tests(testTexts, candidates, notes));
    }

    /** Each uploaded test file under the rule it tests: its rule_id, else the rule of the file it sits beside. */
    private static java.util.Map<String, String> tests(
            java.util.Map<String, String> texts, List<io.verdict.lifecycle.Candidate> candidates, List<String> notes) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        texts.forEach((name, text) -> {
            String ruleFile = name.substring(0, name.length() - ".tests.toml".length()) + ".toml";
            String beside = candidates.stream()
                    .filter(c -> ruleFile.equals(c.origin()))
                    .map(io.verdict.lifecycle.Candidate::ruleId)
                    .findFirst()
                    .orElse(null);
            RuleTestFile file = new RuleTestLoader().parse(text, name, beside);
            if (file.ruleId() == null
                    || candidates.stream().noneMatch(c -> file.ruleId().equals(c.ruleId()))) {
                notes.add(name + ": test cases for no rule of the upload; skipped");
            } else {
                out.put(file.ruleId(), text);
            }
        });
        return out;
    }

    private static BadInputException unsupported(String contentType) {
        return new BadInputException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Rules are uploaded as"
                        + " application/toml (or text/plain), application/json, application/x-ndjson (or application/ndjson,"
                        + " application/jsonl) or multipart/form-data"
                        + " files (.toml, .json, .ndjson, .jsonl), not " + contentType + ".",
                null,
                null);
    }
}
