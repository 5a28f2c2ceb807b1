package io.verdict.api;

import org.springframework.http.HttpStatus;

/**
 * The request body is not what the endpoint takes: malformed JSON (with its line and column), not an object,
 * too deep, too large. Always the client's mistake, so always a 4xx.
 */
class BadInputException extends RuntimeException {

    private final HttpStatus status;
    private final String kind;
    private final Integer line;
    private final Integer column;

    BadInputException(HttpStatus status, String kind, String message, Integer line, Integer column) {
        super(message);
        this.status = status;
        this.kind = kind;
        this.line = line;
        this.column = column;
    }

    static BadInputException tooLarge(String message) {
        return new BadInputException(HttpStatus.CONTENT_TOO_LARGE, "too-large", message, null, null);
    }

    HttpStatus status() {
        return status;
    }

    /** The last part of the problem type URI: {@code malformed-json}, {@code not-an-object}, {@code too-large}... */
    String kind() {
        return kind;
    }

    Integer line() {
        return line;
    }

    Integer column() {
        return column;
    }
}
