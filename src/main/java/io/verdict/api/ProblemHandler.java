package io.verdict.api;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail. Spring's own exceptions (bad types, failed validation,
 * unknown paths) are handled by the base class; Verdict's add a stable {@code type} URI and the offending input.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPES = "urn:verdict:problem:";

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
}
