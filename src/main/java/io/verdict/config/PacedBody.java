package io.verdict.config;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * One request's body read under {@link BodyPace}'s limits. A read that would wait for bytes first takes a place
 * among the requests allowed to wait (kept until the request ends); each read checks the body's pace. A refused
 * body is answered at once (408 or 503; {@link BodyPace} closes the connection), and whatever the handler answers after its failed read
 * is dropped.
 */
final class PacedBody {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final VerdictProperties.Http limits;
    private final Semaphore waiting;
    private final long start = System.nanoTime();
    private long received;
    private boolean holding;
    private volatile boolean refused;
    private ServletInputStream stream;

    PacedBody(
            HttpServletRequest request,
            HttpServletResponse response,
            VerdictProperties.Http limits,
            Semaphore waiting) {
        this.request = request;
        this.response = response;
        this.limits = limits;
        this.waiting = waiting;
    }

    boolean refused() {
        return refused;
    }

    void close() {
        if (holding) {
            holding = false;
            waiting.release();
        }
    }

    HttpServletRequest request() {
        return new HttpServletRequestWrapper(request) {
            private BufferedReader reader;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Paced(request.getInputStream());
                }
                return stream;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                if (reader == null) {
                    String encoding = getCharacterEncoding();
                    Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                    reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
                }
                return reader;
            }
        };
    }

    HttpServletResponse response() {
        return new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                return refused ? Discarded.STREAM : super.getOutputStream();
            }

            @Override
            public PrintWriter getWriter() throws IOException {
                return refused ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
            }

            @Override
            public void setStatus(int sc) {
                if (!refused) {
                    super.setStatus(sc);
                }
            }

            @Override
            public void sendError(int sc, String msg) throws IOException {
                if (!refused) {
                    super.sendError(sc, msg);
                }
            }

            @Override
            public void sendError(int sc) throws IOException {
                if (!refused) {
                    super.sendError(sc);
                }
            }

            @Override
            public void setHeader(String name, String value) {
                if (!refused) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!refused) {
                    super.addHeader(name, value);
                }
            }

            @Override
            public void setContentType(String type) {
                if (!refused) {
                    super.setContentType(type);
                }
            }

            @Override
            public void setContentLength(int len) {
                if (!refused) {
                    super.setContentLength(len);
                }
            }

            @Override
            public void setContentLengthLong(long len) {
                if (!refused) {
                    super.setContentLengthLong(len);
                }
            }

            @Override
            public void reset() {
                if (!refused) {
                    super.reset();
                }
            }

            @Override
            public void resetBuffer() {
                if (!refused) {
                    super.resetBuffer();
                }
            }

            @Override
            public boolean isCommitted() {
                return refused || super.isCommitted();
            }
        };
    }

    /** Checks the pace before a read and after it, and takes a place among the waiting before a read that waits. */
    private final class Paced extends ServletInputStream {
        private final ServletInputStream in;

        Paced(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            if (!holding && len > 0 && in.available() == 0 && !in.isFinished()) {
                if (!waiting.tryAcquire()) {
                    throw refuse(
                            HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                            "busy",
                            "Service busy",
                            "Too many requests are waiting for their bodies to arrive; retry in a moment.");
                }
                holding = true;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                if (BodyPace.timedOut(e)) {
                    throw refuse(
                            408,
                            "request-timeout",
                            "Request timeout",
                            "No byte of the request body arrived for too long.");
                }
                throw e;
            }
            if (n > 0) {
                received += n;
            }
            if (n >= 0) {
                check();
            }
            return n;
        }

        private void check() throws IOException {
            if (refused) {
                throw new IOException("request body refused");
            }
            long elapsed = System.nanoTime() - start;
            long deadline = limits.bodyDeadline().toNanos();
            if (deadline > 0 && elapsed > deadline) {
                throw refuse(
                        408,
                        "request-timeout",
                        "Request timeout",
                        "The request body took longer than "
                                + limits.bodyDeadline().toSeconds() + " s to arrive (verdict.http.body-deadline).");
            }
            long rate = limits.bodyMinRate().toBytes();
            if (rate > 0 && elapsed > limits.bodyGrace().toNanos() + received * 1_000_000_000L / rate) {
                throw refuse(
                        408,
                        "request-timeout",
                        "Request timeout",
                        "The request body arrived slower than "
                                + rate + " bytes per second (verdict.http.body-min-rate) past a grace of "
                                + limits.bodyGrace().toSeconds() + " s.");
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** Answers the refusal at once, closing the connection, and gives the exception that ends the read. */
    private IOException refuse(int status, String kind, String title, String detail) {
        if (!response.isCommitted()) {
            try {
                response.reset();
                response.setStatus(status);
                response.setContentType(ProblemJson.MEDIA_TYPE);
                if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                    response.setHeader(
                            "Retry-After",
                            String.valueOf(Math.max(1, limits.retryAfter().toSeconds())));
                }
                byte[] body = ProblemJson.of(status, kind, title, detail);
                response.setContentLength(body.length);
                OutputStream out = response.getOutputStream();
                out.write(body);
                response.flushBuffer();
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the handler took the writer: the connection closes all the same
            }
        }
        refused = true;
        return new IOException(title + ": " + detail);
    }

    /** Where a handler's answer goes once the body was refused. */
    private static final class Discarded extends ServletOutputStream {
        static final Discarded STREAM = new Discarded();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}
    }
}
