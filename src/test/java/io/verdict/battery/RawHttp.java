package io.verdict.battery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so the request line is sent
 * exactly as written: paths are not normalised, headers may repeat, methods may be anything. The answer is read
 * whole (Content-Length, chunked, or until the connection closes) and kept with how it ended: complete, cut short
 * (a chunked body without its last chunk), timed out, or not connected.
 */
final class RawHttp {

    /** Bodies are kept up to this size; what is beyond is read and dropped (and the answer marked clipped). */
    private static final int KEEP = 4 * 1024 * 1024;

    private final InetSocketAddress address;
    private final String host;

    RawHttp(int port) {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.host = "127.0.0.1:" + port;
    }

    /** A request to send as written; headers are "Name: value" lines, Host and Connection are added. */
    record Request(String method, String target, List<String> headers, byte[] body) {

        static Request of(String method, String target, String contentType, byte[] body, String... headers) {
            List<String> all = new ArrayList<>(List.of(headers));
            if (contentType != null) {
                all.add("Content-Type: " + contentType);
            }
            return new Request(method, target, all, body);
        }

        static Request of(String method, String target, String contentType, String body, String... headers) {
            return of(
                    method, target, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** "POST /api/v1/rules" with the body size: how the report names a request. */
        String describe() {
            return method + " " + target + (body == null ? "" : " (" + body.length + " B)");
        }
    }

    byte[] bytes(Request request) {
        StringBuilder head = new StringBuilder(request.method())
                .append(' ')
                .append(request.target())
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\nConnection: close\r\n");
        for (String header : request.headers()) {
            head.append(header).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (request.body() == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + request.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }

    Answer send(Request request, Duration timeout) {
        return send(bytes(request), timeout, request.method().equalsIgnoreCase("HEAD"));
    }

    /** Sends the bytes as they are and reads the answer (without a body after HEAD); never throws. */
    Answer send(byte[] request, Duration timeout, boolean head) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the service may answer (413, 400) and close before it has read a large body: read that answer
            }
            Reader reader = new Reader(new BufferedInputStream(socket.getInputStream(), 64 * 1024), deadline, head);
            return reader.read(started);
        } catch (SocketTimeoutException e) {
            return Answer.failed(Answer.Outcome.TIMEOUT, e.toString(), started);
        } catch (ConnectException e) {
            return Answer.failed(Answer.Outcome.NOT_CONNECTED, e.toString(), started);
        } catch (IOException | RuntimeException e) {
            return Answer.failed(Answer.Outcome.CONNECTION_ERROR, e.toString(), started);
        }
    }

    /** Reads one answer; a 1xx interim answer is skipped. */
    private static final class Reader {
        private final InputStream in;
        private final long deadline;
        private final boolean head;

        Reader(InputStream in, long deadline, boolean head) {
            this.in = in;
            this.deadline = deadline;
            this.head = head;
        }

        Answer read(long started) throws IOException {
            while (true) {
                String statusLine = line();
                if (statusLine == null) {
                    return Answer.failed(Answer.Outcome.CONNECTION_ERROR, "closed before an answer", started);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                List<String> headers = new ArrayList<>();
                long length = -1;
                boolean chunked = false;
                for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                    headers.add(header);
                    int colon = header.indexOf(':');
                    String name =
                            colon < 0 ? header : header.substring(0, colon).trim();
                    String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")
                            && value.toLowerCase().contains("chunked")) {
                        chunked = true;
                    }
                }
                if (status / 100 == 1) {
                    continue;
                }
                Body body = new Body();
                boolean complete;
                try {
                    boolean none = head || status == 204 || status == 304;
                    complete =
                            none || (chunked ? chunks(body) : length >= 0 ? exactly(body, length) : untilClosed(body));
                } catch (SocketTimeoutException e) {
                    return new Answer(
                            status,
                            headers,
                            body.bytes(),
                            Answer.Outcome.TIMEOUT,
                            e.toString(),
                            System.nanoTime() - started,
                            body.clipped);
                } catch (IOException e) {
                    return new Answer(
                            status,
                            headers,
                            body.bytes(),
                            Answer.Outcome.CUT,
                            e.toString(),
                            System.nanoTime() - started,
                            body.clipped);
                }
                return new Answer(
                        status,
                        headers,
                        body.bytes(),
                        complete ? Answer.Outcome.COMPLETE : Answer.Outcome.CUT,
                        complete ? null : "the body ended early",
                        System.nanoTime() - started,
                        body.clipped);
            }
        }

        private boolean chunks(Body body) throws IOException {
            while (true) {
                String size = line();
                if (size == null) {
                    return false;
                }
                int semicolon = size.indexOf(';');
                long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                        // trailers
                    }
                    return true;
                }
                if (!exactly(body, n)) {
                    return false;
                }
                line();
            }
        }

        private boolean exactly(Body body, long n) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (n > 0) {
                checkDeadline();
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (read < 0) {
                    return false;
                }
                body.add(buffer, read);
                n -= read;
            }
            return true;
        }

        private boolean untilClosed(Body body) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                checkDeadline();
                body.add(buffer, read);
            }
            return true;
        }

        private void checkDeadline() throws SocketTimeoutException {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("the answer took longer than the client's timeout");
            }
        }

        /** A CRLF line in ISO-8859-1, or null at the end of the stream. */
        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    if (line.size() == 0) {
                        return null;
                    }
                    throw new EOFException("the connection closed mid-line");
                }
                if (line.size() < 256 * 1024) {
                    line.write(b);
                }
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    private static final class Body {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean clipped;

        void add(byte[] buffer, int n) {
            int room = KEEP - kept.size();
            if (room < n) {
                clipped = true;
            }
            kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
