package com.wfp.workflow.net.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** HTTP/1.1 on the wire: writes one request and reads one response, within a deadline and a size cap. */
final class HttpWire {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final Set<String> MANAGED_HEADERS = Set.of("host", "content-length", "connection",
            "transfer-encoding", "accept-encoding", "te", "upgrade", "keep-alive", "proxy-connection", "trailer");

    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private HttpWire() {
    }

    static void writeRequest(OutputStream out, String method, GuardedHttpClient.Target target,
                             Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(target.hostHeader()).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue() == null ? "" : h.getValue();
            checkHeader(name, value);
            String lower = name.toLowerCase(Locale.ROOT);
            if (MANAGED_HEADERS.contains(lower)) {
                continue;
            }
            userAgent |= lower.equals("user-agent");
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: wfp-workflow/1\r\n");
        }
        head.append("Accept-Encoding: identity\r\n");
        head.append("Connection: close\r\n");
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body.length > 0) {
            out.write(body);
        }
        out.flush();
    }

    private static void checkHeader(String name, String value) {
        if (!HttpToken.matches(name)) {
            throw new OutboundHttpException("http.invalid-header", 500, "The header name '" + name + "' is not valid",
                    "Header names are letters, digits and - (for example X-Request-Id).", false, null);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new OutboundHttpException("http.invalid-header", 500,
                        "The value of header '" + name + "' contains a line break",
                        "Remove line breaks from the header value (check the data its template inserts).", false, null);
            }
        }
    }

    static Response readResponse(Socket socket, String method, long deadline, long maxBodyBytes, String host) throws IOException {
        InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadline), 16 * 1024);
        int[] headerBudget = {MAX_HEADER_BYTES};
        int status;
        Map<String, String> headers;
        do {
            String statusLine = readLine(in, headerBudget);
            status = parseStatus(statusLine, host);
            headers = readHeaders(in, headerBudget);
        } while (status >= 100 && status < 200 && status != 101);
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || status == 101) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in, maxBodyBytes, host, headerBudget);
        } else if (headers.containsKey("content-length")) {
            long length = parseLength(headers.get("content-length"), host);
            if (length > maxBodyBytes) {
                throw tooLarge(host, maxBodyBytes);
            }
            body = readExactly(in, (int) length, host);
        } else {
            body = readToEnd(in, maxBodyBytes, host);
        }
        return new Response(status, headers, body);
    }

    private static int parseStatus(String line, String host) {
        // "HTTP/1.1 200 OK"
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw protocol(host, "the response does not start with an HTTP/1.x status line");
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100 || status > 999) {
                throw protocol(host, "the status " + status + " is out of range");
            }
            return status;
        } catch (NumberFormatException e) {
            throw protocol(host, "the status line has no numeric status");
        }
    }

    private static Map<String, String> readHeaders(InputStream in, int[] budget) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine(in, budget);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    private static String readLine(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.isEmpty()) {
                    throw new IOException("the connection closed before the response was complete");
                }
                return line.toString();
            }
            if (--budget[0] < 0 || line.length() > MAX_LINE) {
                throw new IOException("the response head is larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private static byte[] readChunked(InputStream in, long max, String host, int[] budget) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            String sizeLine = readLine(in, budget);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw protocol(host, "a chunk size is not hexadecimal");
            }
            if (size < 0) {
                throw protocol(host, "a chunk size is negative");
            }
            if (size == 0) {
                readHeaders(in, budget); // trailers
                return body.toByteArray();
            }
            if (body.size() + size > max) {
                throw tooLarge(host, max);
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the connection closed in the middle of a chunk");
                }
                body.write(buffer, 0, n);
                left -= n;
            }
            readLine(in, budget); // CRLF after the chunk
        }
    }

    private static byte[] readExactly(InputStream in, int length, String host) throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw protocol(host, "the connection closed after " + read + " of " + length + " body bytes");
            }
            read += n;
        }
        return body;
    }

    private static byte[] readToEnd(InputStream in, long max, String host) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (body.size() + n > max) {
                throw tooLarge(host, max);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static long parseLength(String value, String host) {
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw protocol(host, "Content-Length is negative");
            }
            return length;
        } catch (NumberFormatException e) {
            throw protocol(host, "Content-Length '" + value + "' is not a number");
        }
    }

    private static OutboundHttpException tooLarge(String host, long max) {
        return new OutboundHttpException("http.response-too-large", 502,
                "The response from '" + host + "' is larger than " + max + " bytes",
                "Ask the target for less data (paging, filters), or raise the engine's maxResponseBytes.", false, null);
    }

    private static OutboundHttpException protocol(String host, String detail) {
        return new OutboundHttpException("http.protocol", 502, "The response from '" + host + "' is malformed: " + detail,
                "Check that the target speaks HTTP/1.1.", false, null);
    }

    /** Bounds every read by what is left of the deadline, so a slow drip of bytes cannot outlast it. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInputStream(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline reached");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
