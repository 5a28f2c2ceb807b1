package io.verdict.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page: what no handler answered (an exception that escaped, a {@code sendError} from a filter) becomes
 * a problem like every other answer, not Spring's default body. An unexpected failure is a 500 {@code internal-error}
 * that tells nothing of the exception, its class or the server; the exception itself is in the log.
 */
@RestController
@Hidden
class ErrorProblemController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer number && HttpStatus.resolve(number) != null
                ? HttpStatus.valueOf(number)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (!status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(ProblemHandler.TYPES + kind(status)));
        problem.setTitle(status.getReasonPhrase());
        problem.setDetail(
                status == HttpStatus.INTERNAL_SERVER_ERROR
                        ? "The server failed to answer this request; the error is in its log."
                        : "The request could not be answered (" + status.value() + " " + status.getReasonPhrase()
                                + ").");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The last part of the problem type of a status answered without a more precise one. */
    static String kind(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad-request";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case REQUEST_TIMEOUT -> "request-timeout";
            case CONTENT_TOO_LARGE -> "request-too-large";
            case INTERNAL_SERVER_ERROR -> "internal-error";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> "http-" + status.value();
        };
    }
}
