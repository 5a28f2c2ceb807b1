package io.verdict.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import io.verdict.lifecycle.RuleUploads;
import io.verdict.ruletest.RuleTestFile;
import io.verdict.ruletest.RuleTestLoader;
import jakarta.servlet.http.HttpServletRequest;

/** Reads an upload's bytes — the body, or each file of a multipart form — within the size limit, by format. */
final class RuleUploadReader {

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
            return uploads.read(name, in.readAllBytes(), format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RuleUploads.Upload multipart(MultipartHttpServletRequest request) {
        List<io.verdict.lifecycle.Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        java.util.Map<String, String> testTexts = new java.util.LinkedHashMap<>();
        long total = 0;
        for (MultipartFile file : request.getMultiFileMap().values().stream().flatMap(List::stream).toList()) {
            total += file.getSize();
            if (file.getSize() > maxSize || total > maxSize) {
                throw BadInputException.tooLarge("The upload is larger than " + maxSize + " bytes.");
            }
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? file.getName()
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
                    .or(() -> RuleUploads.formatOf(null, name)).orElseThrow(() -> unsupported(file.getContentType()));
            try {
                RuleUploads.Upload upload = uploads.read(name, file.getBytes(), format);
                candidates.addAll(upload.candidates());
                notes.addAll(upload.notes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RuleUploads.Upload(candidates, notes, tests(testTexts, candidates, notes));
    }

    /** Each uploaded test file under the rule it tests: its rule_id, else the rule of the file it sits beside. */
    private static java.util.Map<String, String> tests(java.util.Map<String, String> texts,
                                                       List<io.verdict.lifecycle.Candidate> candidates, List<String> notes) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        texts.forEach((name, text) -> {
            String ruleFile = name.substring(0, name.length() - ".tests.toml".length()) + ".toml";
            String beside = candidates.stream().filter(c -> ruleFile.equals(c.origin())).map(io.verdict.lifecycle.Candidate::ruleId)
                    .findFirst().orElse(null);
            RuleTestFile file = new RuleTestLoader().parse(text, name, beside);
            if (file.ruleId() == null || candidates.stream().noneMatch(c -> file.ruleId().equals(c.ruleId()))) {
                notes.add(name + ": test cases for no rule of the upload; skipped");
            } else {
                out.put(file.ruleId(), text);
            }
        });
        return out;
    }

    private static BadInputException unsupported(String contentType) {
        return new BadInputException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Rules are uploaded as"
                + " application/toml (or text/plain), application/json, application/x-ndjson or multipart/form-data"
                + " files (.toml, .json, .ndjson), not " + contentType + ".", null, null);
    }
}
