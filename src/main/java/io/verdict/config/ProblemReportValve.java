package io.verdict.config;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's answer to what never reaches the application (a malformed request line, header or path, a request
 * cut at the connector) as an RFC 9457 problem instead of Tomcat's HTML page: {@code bad-request} for a 400,
 * otherwise a kind named after the status. Neither the exception nor the server's details are shown. It keeps
 * Tomcat's handling of a response that failed after it was committed: flushed and closed at once.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        byte[] body = ProblemJson.of(status, kind(status), title, detail(status));
        try {
            response.setContentType(ProblemJson.MEDIA_TYPE);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was taken as a writer; nothing more can be said
        }
    }

    static String kind(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "request-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            case 500 -> "internal-error";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    static String detail(int status) {
        return switch (status) {
            case 400 ->
                "The request is not valid HTTP: its request line, a header or the path has characters or a"
                        + " form the server does not accept.";
            case 500 -> "The server failed to answer this request; the error is in its log.";
            default -> "The server could not answer this request.";
        };
    }
}
