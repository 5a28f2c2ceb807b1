package io.verdict.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection on a plain socket, for the load client: it writes requests prepared in
 * advance as bytes and reads each answer (status, headers, a body sized by Content-Length or chunked) into a
 * reused buffer, so the client spends next to no CPU of the two cores it shares with the service. Reconnects
 * when the service closes the connection. One thread at a time.
 */
final class Http1Connection implements AutoCloseable {

    private final InetSocketAddress address;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] line = new byte[8192];
    private final byte[] skip = new byte[64 * 1024];
    private boolean closeAfter;

    Http1Connection(InetSocketAddress address) {
        this.address = address;
    }

    /** A complete request: request line, headers and body, ready to be written as it is. */
    static byte[] request(String method, String host, String path, String contentType, String accept, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nAccept: " + accept + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Sends one request and reads its whole answer; returns the status code. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        } finally {
            if (closeAfter) {
                close();
            }
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        closeAfter = false;
    }

    private int readResponse() throws IOException {
        int status;
        do {
            String statusLine = readLine();
            // "HTTP/1.1 200 " : the code is the three digits after the first space
            status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closeAfter = value.equalsIgnoreCase("close");
                }
            }
            if (status / 100 == 1) {
                continue; // 100 Continue and friends: the real answer follows
            }
            if (chunked) {
                for (long size = Long.parseLong(chunkSize(readLine()), 16);
                        size > 0;
                        size = Long.parseLong(chunkSize(readLine()), 16)) {
                    discard(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                discard(length);
            }
        } while (status / 100 == 1);
        return status;
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return semicolon < 0 ? line.trim() : line.substring(0, semicolon).trim();
    }

    private void discard(long count) throws IOException {
        while (count > 0) {
            int n = in.read(skip, 0, (int) Math.min(skip.length, count));
            if (n < 0) {
                throw new EOFException("the answer ends early");
            }
            count -= n;
        }
    }

    /** One CRLF-terminated line (headers are ASCII). */
    private String readLine() throws IOException {
        int length = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed mid-answer");
            }
            if (length < line.length) {
                line[length++] = (byte) b;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
            socket = null;
        }
    }
}
