package io.verdict.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail. Spring's own exceptions (bad types, failed validation,
 * unknown paths) are handled by the base class; Verdict's add a stable {@code type} URI and the offending input.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPES = "urn:verdict:problem:";

    /** A parameter out of its bounds ({@code size=0}): name each offending parameter, its value and the rule. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String parameter = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(Map.of(
                        "parameter",
                        parameter,
                        "value",
                        String.valueOf(result.getArgument()),
                        "message",
                        String.valueOf(error.getDefaultMessage())));
            }
        }
        String detail = errors.stream()
                .map(m -> "Parameter '" + m.get("parameter") + "' " + m.get("message") + ", not '" + m.get("value")
                        + "'.")
                .collect(Collectors.joining(" "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create(TYPES + "invalid-parameter"));
        problem.setTitle("Invalid parameter");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A method the path does not take: the problem names the ones it does, as the Allow header does. */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> allowed = e.getSupportedMethods() == null ? List.of() : List.of(e.getSupportedMethods());
        e.getBody()
                .setDetail("This path does not take " + e.getMethod()
                        + (allowed.isEmpty() ? "." : "; it takes " + String.join(", ", allowed) + "."));
        e.getBody().setProperty("allowed_methods", allowed);
        return super.handleHttpRequestMethodNotSupported(e, headers, status, request);
    }

    /** A body of a type the endpoint does not read: the problem names the types it does, as the Accept header does. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> accepted =
                e.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
        e.getBody()
                .setDetail("This endpoint does not read "
                        + (e.getContentType() == null
                                ? "a body without a" + " Content-Type"
                                : e.getContentType().toString())
                        + "; send " + String.join(", ", accepted) + ".");
        e.getBody().setProperty("accepted_types", accepted);
        return super.handleHttpMediaTypeNotSupported(e, headers, status, request);
    }

    /** An Accept header the endpoint cannot answer: the problem names the types it can. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> produced =
                e.getSupportedMediaTypes().stream().map(MediaType::toString).toList();
        e.getBody()
                .setDetail("This endpoint cannot answer in the types the Accept header asks for; it answers "
                        + String.join(", ", produced) + ".");
        e.getBody().setProperty("produced_types", produced);
        return super.handleHttpMediaTypeNotAcceptable(e, headers, status, request);
    }

    /**
     * Spring's own problems (wrong method, media type, missing parameter...) get a type like Verdict's, from their
     * status, so that a client tells problems apart by {@code type} alone.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setType(URI.create(
                    TYPES + (known == null ? "http-" + status.value() : ErrorProblemController.kind(known))));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
        if (annotation != null && !annotation.name().isEmpty()) {
            return annotation.name();
        }
        return parameter.getParameterName() == null ? "?" : parameter.getParameterName();
    }

    @ExceptionHandler
    ProblemDetail badInput(BadInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(TYPES + e.kind()));
        problem.setTitle(e.status() == HttpStatus.CONTENT_TOO_LARGE ? "Request too large" : "Invalid request body");
        if (e.line() != null) {
            problem.setProperty("line", e.line());
        }
        if (e.column() != null) {
            problem.setProperty("column", e.column());
        }
        return problem;
    }

    /** An event whose bytes turn out not to be JSON text once a rule reads them (e.g. invalid UTF-8). */
    @ExceptionHandler
    ProblemDetail unreadableEvent(io.verdict.engine.Evaluation.UnreadableEvent e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage() + ".");
        problem.setType(URI.create(TYPES + "unreadable-event"));
        problem.setTitle("Invalid request body");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail ruleChange(io.verdict.lifecycle.RuleChangeException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT, READ_ONLY -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TESTS_FAILED -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(TYPES + e.kind().type()));
        problem.setTitle(
                switch (e.kind()) {
                    case INVALID -> "Invalid rule";
                    case CONFLICT -> "Rule exists";
                    case READ_ONLY -> "Rule is read-only";
                    case NOT_FOUND -> "Rule not found";
                    case TESTS_FAILED -> "Rule fails its tests";
                });
        if (!e.problems().isEmpty()) {
            problem.setProperty(
                    "errors", e.problems().stream().map(ProblemView::of).toList());
        }
        if (!e.ids().isEmpty()) {
            problem.setProperty("rule_ids", e.ids());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail ruleNotFound(RuleNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(TYPES + "rule-not-found"));
        problem.setTitle("Rule not found");
        problem.setProperty("rule_id", e.ruleId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + "invalid-parameter"));
        problem.setTitle("Invalid parameter");
        problem.setProperty("parameter", e.parameter());
        problem.setProperty("value", e.value());
        problem.setProperty("allowed", e.allowed());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownSelection(UnknownSelectionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + (e.unknown().isEmpty() ? "empty-selection" : "unknown-selection")));
        problem.setTitle(e.unknown().isEmpty() ? "Selection matches no rule" : "Unknown rule selection");
        if (!e.unknown().isEmpty()) {
            problem.setProperty("unknown", e.unknown());
        }
        problem.setProperty("allowed_types", e.allowedTypes());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknownParameter(QueryParameterCheck.UnknownParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(TYPES + "unknown-parameter"));
        problem.setTitle("Unknown parameter");
        problem.setProperty("unknown", e.unknown());
        problem.setProperty("allowed", e.allowed());
        return problem;
    }
}
