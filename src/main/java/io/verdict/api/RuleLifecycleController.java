package io.verdict.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.verdict.lifecycle.Candidate;
import io.verdict.lifecycle.RuleChanges;
import io.verdict.lifecycle.RuleUploads;
import io.verdict.rule.RuleCatalog;
import io.verdict.rule.RuleSet;
import io.verdict.rule.RuleStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes to the rule set: upload (TOML, Kibana JSON, Kibana NDJSON export, multipart files), replace, delete,
 * enable and disable, a dry-run validation, export (Kibana NDJSON or a zip of TOML files) and a forced reload.
 * Every change is applied whole or not at all; writes need an API key with the {@code write} scope.
 */
@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "Rule lifecycle", description = "Upload, edit, delete, enable/disable, validate, export and reload rules")
class RuleLifecycleController {

    static final String ACTOR = io.verdict.security.ActorFilter.ATTRIBUTE;
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final RuleChanges changes;
    private final RuleUploadReader uploads;
    private final RuleExport export;

    RuleLifecycleController(
            RuleChanges changes, RuleUploads uploads, io.verdict.config.VerdictProperties properties, JsonMapper json) {
        this.changes = changes;
        this.uploads =
                new RuleUploadReader(uploads, properties.rules().maxUploadSize().toBytes());
        this.export = new RuleExport(json);
    }

    static String actor(HttpServletRequest request) {
        Object id = request.getAttribute(ACTOR);
        return id == null ? "anonymous" : id.toString();
    }

    @PostMapping
    @Operation(
            summary = "Upload rules",
            description = "Creates rules from a TOML body (application/toml or"
                    + " text/plain), a Kibana rule JSON object or array (application/json), a Kibana NDJSON export"
                    + " (application/x-ndjson: exception lists and items are attached to the rules that reference them;"
                    + " connectors and the summary line are skipped with a note) or multipart/form-data files. All or"
                    + " nothing: any problem rejects the whole upload with every problem's file, line and column.")
    @ApiResponse(
            responseCode = "201",
            description = "the rules were created (or replaced, with overwrite=true; a"
                    + " replaced rule keeps its exceptions unless the upload brings its own)")
    @RuleUploadBody
    ResponseEntity<ChangeResponse> create(
            @Parameter(description = "replace rules whose rule_id exists (their revision is bumped)")
                    @RequestParam(defaultValue = "false")
                    boolean overwrite,
            HttpServletRequest request) {
        RuleUploads.Upload upload = uploads.read(request);
        List<RuleChanges.Applied> applied =
                changes.create(upload.candidates(), upload.tests(), overwrite, actor(request));
        ChangeResponse body = new ChangeResponse(applied, upload.notes(), warnings(upload.candidates()));
        ResponseEntity.BodyBuilder created = ResponseEntity.status(HttpStatus.CREATED);
        if (applied.size() == 1) {
            created.location(URI.create("/api/v1/rules/" + applied.get(0).ruleId()));
        }
        return created.body(body);
    }

    @PutMapping("/{rule_id}")
    @Operation(
            summary = "Replace a rule",
            description =
                    "Replaces the rule with the body (one rule, any upload"
                            + " format), which must carry the same rule_id; its exceptions are kept unless the body has its own"
                            + " [[verdict.exceptions]]. A rule from a configured directory is overridden by a copy in the store.")
    @ApiResponse(responseCode = "200", description = "the rule was replaced; its revision bumped")
    @RuleUploadBody
    ChangeResponse update(@PathVariable("rule_id") String ruleId, HttpServletRequest request) {
        checkId(ruleId);
        RuleUploads.Upload upload = uploads.read(request);
        if (upload.candidates().size() != 1) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "one-rule-expected",
                    "PUT takes exactly one rule, the" + " body holds "
                            + upload.candidates().size() + ".",
                    null,
                    null);
        }
        Candidate candidate = upload.candidates().get(0);
        // a body too broken to tell its rule_id has no tests to run, only its problems
        RuleChanges.Applied applied = changes.update(
                ruleId,
                candidate,
                candidate.ruleId() == null ? null : upload.tests().get(candidate.ruleId()),
                actor(request));
        return new ChangeResponse(List.of(applied), upload.notes(), warnings(upload.candidates()));
    }

    @DeleteMapping("/{rule_id}")
    @Operation(
            summary = "Delete a rule",
            description = "Deletes a rule created over the API (from the store). A"
                    + " rule read from a configured directory is a 409: remove its file there, or disable it.")
    @ApiResponse(responseCode = "200", description = "deleted")
    ChangeResponse delete(@PathVariable("rule_id") String ruleId, HttpServletRequest request) {
        checkId(ruleId);
        return new ChangeResponse(List.of(changes.delete(ruleId, actor(request))), List.of(), List.of());
    }

    @PostMapping("/{rule_id}/_enable")
    @Operation(summary = "Enable a rule", description = "Sets enabled = true; the rule runs on every event again.")
    ChangeResponse enable(@PathVariable("rule_id") String ruleId, HttpServletRequest request) {
        checkId(ruleId);
        return new ChangeResponse(List.of(changes.setEnabled(ruleId, true, actor(request))), List.of(), List.of());
    }

    @PostMapping("/{rule_id}/_disable")
    @Operation(
            summary = "Disable a rule",
            description = "Sets enabled = false: skipped as `disabled` unless a" + " request names it by rule_id.")
    ChangeResponse disable(@PathVariable("rule_id") String ruleId, HttpServletRequest request) {
        checkId(ruleId);
        return new ChangeResponse(List.of(changes.setEnabled(ruleId, false, actor(request))), List.of(), List.of());
    }

    @PostMapping("/_validate")
    @Operation(
            summary = "Validate rules (dry run)",
            description =
                    "Parses, checks and compiles an upload in any"
                            + " format without changing anything; answers 200 with valid=false and every problem when it has problems.")
    @RuleUploadBody
    ValidationResponse validate(HttpServletRequest request) {
        RuleUploads.Upload upload = uploads.read(request);
        List<ProblemView> errors = changes.validate(upload.candidates()).stream()
                .map(ProblemView::of)
                .toList();
        List<String> ids = upload.candidates().stream().map(Candidate::ruleId).toList();
        RuleCatalog.Snapshot now = changes.snapshot();
        return new ValidationResponse(
                errors.isEmpty() && !ids.isEmpty(),
                upload.candidates().size(),
                ids,
                ids.stream()
                        .filter(id -> id != null && now.sources().containsKey(id))
                        .toList(),
                errors,
                warnings(upload.candidates()),
                upload.notes());
    }

    @GetMapping("/_export")
    @Operation(
            summary = "Export rules",
            description = "The rule set as a Kibana-importable NDJSON export (rules,"
                    + " then each rule's exception list and items, then the summary line), or format=zip: a zip of the TOML"
                    + " files (with [verdict] revision and exceptions), which POST /api/v1/rules takes back.")
    ResponseEntity<byte[]> export(
            @Parameter(schema = @Schema(allowableValues = {"ndjson", "zip"})) @RequestParam(defaultValue = "ndjson")
                    String format)
            throws IOException {
        RuleCatalog.Snapshot snapshot = changes.snapshot();
        if ("zip".equalsIgnoreCase(format)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (RuleCatalog.Source source : snapshot.sources().values()) {
                    zip.putNextEntry(new ZipEntry(source.rule().ruleId() + ".toml"));
                    zip.write(source.toml().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"rules.zip\"")
                    .body(bytes.toByteArray());
        }
        if (!"ndjson".equalsIgnoreCase(format)) {
            throw new InvalidParameterException("format", format, List.of("ndjson", "zip"));
        }
        return ResponseEntity.ok()
                .contentType(NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"rules_export.ndjson\"")
                .body(export.ndjson(snapshot).getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/_reload")
    @Operation(
            summary = "Reload rule files",
            description = "Re-reads every configured rule directory and the store"
                    + " now (the watcher does it by itself every verdict.rules.reload-interval). A file that no longer loads"
                    + " or compiles keeps its last good version; its problems are listed at /api/v1/rules/errors.")
    Map<String, Object> reload(HttpServletRequest request) {
        boolean changed = changes.reload(true, actor(request));
        RuleSet set = changes.snapshot().set();
        return Map.of(
                "changed",
                changed,
                "rules",
                set.size(),
                "files",
                set.files(),
                "errors",
                set.errors().size());
    }

    /** Validation answer. */
    record ValidationResponse(
            boolean valid,
            int rules,
            List<String> ruleIds,
            List<String> existing,
            List<ProblemView> errors,
            List<ProblemView> warnings,
            List<String> notes) {}

    /** The upload formats, so Swagger UI offers a body for them (the controller reads the raw request itself). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "one or more rules",
            content = {
                @Content(
                        mediaType = "application/toml",
                        schema = @Schema(type = "string", description = "a rule file, as in elastic/detection-rules")),
                @Content(mediaType = "text/plain", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/json",
                        schema = @Schema(type = "object", description = "a Kibana rule, or an array of them")),
                @Content(
                        mediaType = "application/x-ndjson",
                        schema = @Schema(type = "string", description = "a Kibana export")),
                @Content(
                        mediaType = "multipart/form-data",
                        schema =
                                @Schema(
                                        type = "object",
                                        requiredProperties = {"file"},
                                        description = "files named *.toml, *.json or *.ndjson in parts named file"))
            })
    @interface RuleUploadBody {}

    static void checkId(String ruleId) {
        if (!RuleStore.safeId(ruleId)) {
            throw new BadInputException(
                    HttpStatus.BAD_REQUEST,
                    "unsafe-rule-id",
                    "A rule_id is 1 to 128 letters, digits," + " '.', '_' or '-', starting with a letter or digit; '"
                            + ruleId + "' is not.",
                    null,
                    null);
        }
    }

    private static List<ProblemView> warnings(List<Candidate> candidates) {
        return candidates.stream()
                .flatMap(c -> c.warnings().stream())
                .map(ProblemView::of)
                .toList();
    }
}
