package com.wfp.adapters.pod;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.release.InputRules;
import com.wfp.workflow.net.http.HttpToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Production runs to a pod on the same machine: HTTP/1.1 keep-alive over the pod's Unix domain socket, written
 * and read with blocking channels on the calling thread (a virtual one in the gateway, which parks while it
 * waits). The general HTTP client cost the gateway about as much CPU a call as the rest of the call together:
 * request and response listeners, a connection pool keyed by origin, a hand-off from its selector to the waiting
 * thread. Runs carry one request and one bounded answer, and nothing else here needs more.
 *
 * <p>A call that outlives its timeout has its connection closed under it by the sweeper, which also closes
 * connections idle for longer than the pod would keep them. A connection that saw anything but a complete
 * answer is never reused.
 */
final class PodSocketClient implements AutoCloseable {

    /** Connections kept idle for one pod; the gateway holds at most 64 runs in flight and 64 queued per pod. */
    private static final int MAX_IDLE_PER_POD = 128;
    /** A pod closes a connection idle for 30 s by default; one idle for a third of that is not trusted again. */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(10).toNanos();
    /** How often the sweeper looks for calls past their timeout and connections idle too long. */
    private static final long SWEEP_MILLIS = 100;
    /** The pod's answers carry a few short headers; a head past this is not the pod's. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    /** The headers of a pod's answer to a run, in lower case, as the head's map keys them. */
    private static final List<String> KNOWN_HEADERS = Stream.of("Content-Type", "Content-Length",
                    PodProtocol.WORKFLOW_VERSION_HEADER, PodProtocol.RELEASE_ID_HEADER, PodProtocol.EXECUTION_ID_HEADER,
                    "Transfer-Encoding", "Connection")
            .map(name -> name.toLowerCase(Locale.ROOT)).toList();

    private final int maxAnswerBytes;
    private final Map<Path, IdlePool> idle = new ConcurrentHashMap<>();
    /** Every connection from its connect to its close: the sweeper's view of the calls in flight. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Started with the first connection: a host whose pods are all on the network never needs it. */
    private volatile Thread sweeper;
    private volatile boolean closed;

    /** @param maxAnswerBytes the largest answer body taken from a pod; a larger one fails the call */
    PodSocketClient(int maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * Sends one request and reads the pod's whole answer.
     *
     * @param head the request line and headers, with the blank line that ends them (see {@link RequestHead})
     * @throws IOException      when the pod could not be reached or did not answer in full
     * @throws TimeoutException when it did not answer within {@code timeout}
     */
    PodAnswer exchange(Path socket, String method, byte[] head, byte[] body, Duration timeout)
            throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = pooled(socket);
        if (connection != null && !send(connection, deadline, head, body)) {
            // The pod closed this idle connection (it restarted, or its idle timeout passed): a peer that is gone
            // refuses the write, so nothing of the request reached it, and sending again on a new one is safe.
            connection = null;
        }
        if (connection == null) {
            connection = connect(socket);
            if (!send(connection, deadline, head, body)) {
                throw new IOException("The pod closed a new connection before it took the request");
            }
        }
        boolean reusable = false;
        try {
            Connection.Answer answer = connection.read("HEAD".equals(method), maxAnswerBytes);
            reusable = answer.keepAlive();
            return answer.answer();
        } catch (IOException e) {
            if (connection.timedOut) {
                TimeoutException timedOut = new TimeoutException("The pod did not answer within " + timeout.toMillis() + " ms");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            connection.busy = false;
            if (reusable && !closed) {
                release(connection);
            } else {
                discard(connection);
            }
        }
    }

    /** Writes the request; false, with the connection closed, when the pod had closed it. */
    private boolean send(Connection connection, long deadline, byte[] head, byte[] body) {
        // A flag on the connection rather than a set of busy ones: marking each call in and out of a concurrent set
        // was a measurable share of the call. The deadline is written first, so a sweeper that sees the flag sees it.
        connection.deadline = deadline;
        connection.busy = true;
        try {
            connection.write(head, body);
            return true;
        } catch (IOException e) {
            connection.busy = false;
            discard(connection);
            return false;
        }
    }

    /** The most recently used idle connection to the socket that is still fresh, or null. */
    private Connection pooled(Path socket) throws IOException {
        if (closed) {
            throw new IOException("The pod client is closed");
        }
        IdlePool pool = idle.get(socket);
        if (pool != null) {
            long now = System.nanoTime();
            for (Connection pooled = pool.take(); pooled != null; pooled = pool.take()) {
                if (now - pooled.idleSince < MAX_IDLE_NANOS && pooled.channel.isOpen()) {
                    return pooled;
                }
                discard(pooled);
            }
        }
        return null;
    }

    private Connection connect(Path socket) throws IOException {
        startSweeper();
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            ConnectException refused = new ConnectException("No pod answers on " + socket + ": " + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        Connection connection = new Connection(socket, channel);
        open.add(connection);
        if (closed) {
            // Closed while this one connected: close() may have passed over it.
            discard(connection);
            throw new IOException("The pod client is closed");
        }
        return connection;
    }

    private void release(Connection connection) {
        connection.idleSince = System.nanoTime();
        IdlePool pool = idle.computeIfAbsent(connection.socket, s -> new IdlePool());
        if (!pool.offer(connection)) {
            discard(connection);
        }
    }

    private void discard(Connection connection) {
        open.remove(connection);
        connection.close();
    }

    private void startSweeper() {
        if (sweeper == null) {
            synchronized (this) {
                if (sweeper == null && !closed) {
                    sweeper = Thread.ofPlatform().daemon().name("pod-socket-sweeper").start(this::sweep);
                }
            }
        }
    }

    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(SWEEP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                if (connection.busy && now - connection.deadline > 0) {
                    connection.timedOut = true;
                    connection.close();
                }
            }
            for (IdlePool pool : idle.values()) {
                for (Iterator<Connection> it = pool.connections.descendingIterator(); it.hasNext(); ) {
                    Connection connection = it.next();
                    if (now - connection.idleSince >= MAX_IDLE_NANOS && pool.remove(connection)) {
                        discard(connection);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running = sweeper;
        if (running != null) {
            running.interrupt();
        }
        idle.clear();
        open.forEach(Connection::close);
        open.clear();
    }

    /**
     * A request's line and headers as bytes. Header values are sanitised as a general HTTP client would: line
     * breaks become spaces, characters beyond Latin-1 become {@code ?}, so no value can add a header or a line.
     */
    static final class RequestHead {
        private byte[] bytes = new byte[512];
        private int size;

        RequestHead(String method, String target) {
            if (!HttpToken.matches(method)) {
                throw new IllegalArgumentException("Not an HTTP method: " + method);
            }
            ascii(method);
            put((byte) ' ');
            target(target);
            ascii(" HTTP/1.1");
            put(CRLF);
            // The pod's own name for itself: the caller's host travels in X-Wfp-Host.
            header("Host", "pod");
        }

        /** Adds a header; one whose name is not an HTTP token is left out. */
        RequestHead header(String name, String value) {
            if (!HttpToken.matches(name)) {
                return this;
            }
            ascii(name);
            put((byte) ':');
            put((byte) ' ');
            // Latin-1 encoding turns what it cannot hold into '?'.
            byte[] latin1 = value.getBytes(StandardCharsets.ISO_8859_1);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf(0) >= 0) {
                for (int i = 0; i < latin1.length; i++) {
                    if (latin1[i] == '\r' || latin1[i] == '\n' || latin1[i] == 0) {
                        latin1[i] = ' ';
                    }
                }
            }
            put(latin1);
            put(CRLF);
            return this;
        }

        byte[] end(int contentLength, boolean sendLength) {
            if (sendLength) {
                header("Content-Length", Integer.toString(contentLength));
            }
            put(CRLF);
            return Arrays.copyOf(bytes, size);
        }

        /** The path and query, with anything that may not stand in a request line percent-encoded. */
        private void target(String target) {
            byte[] utf8 = target.getBytes(StandardCharsets.UTF_8);
            for (byte b : utf8) {
                int c = b & 0xFF;
                if (c > 0x20 && c < 0x7F && c != '#') {
                    put(b);
                } else {
                    put((byte) '%');
                    put((byte) Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                    put((byte) Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                }
            }
        }

        private void ascii(String text) {
            put(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        private void put(byte[] more) {
            if (size + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
        }

        private void put(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = b;
        }
    }

    /**
     * The idle connections to one pod, most recently used first: under a light load the same few connections stay
     * warm and the rest age out. Counted apart, since a concurrent deque counts itself by walking every node, which
     * each call paid when it gave its connection back.
     */
    private static final class IdlePool {
        final ConcurrentLinkedDeque<Connection> connections = new ConcurrentLinkedDeque<>();
        private final AtomicInteger size = new AtomicInteger();

        /** False, keeping nothing, when the pool is full. */
        boolean offer(Connection connection) {
            if (size.incrementAndGet() > MAX_IDLE_PER_POD) {
                size.decrementAndGet();
                return false;
            }
            connections.offerFirst(connection);
            return true;
        }

        Connection take() {
            Connection connection = connections.pollFirst();
            if (connection != null) {
                size.decrementAndGet();
            }
            return connection;
        }

        boolean remove(Connection connection) {
            if (connections.removeLastOccurrence(connection)) {
                size.decrementAndGet();
                return true;
            }
            return false;
        }
    }

    /** One keep-alive connection to a pod, used by one call at a time. */
    private static final class Connection {
        record Answer(PodAnswer answer, boolean keepAlive) {
        }

        final Path socket;
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
        volatile long deadline;
        /** Set while a call uses the connection, after its {@link #deadline}. */
        volatile boolean busy;
        volatile boolean timedOut;
        long idleSince;

        Connection(Path socket, SocketChannel channel) {
            this.socket = socket;
            this.channel = channel;
            in.flip();
        }

        void write(byte[] head, byte[] body) throws IOException {
            ByteBuffer[] buffers = {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
            long remaining = (long) head.length + body.length;
            while (remaining > 0) {
                remaining -= channel.write(buffers);
            }
        }

        /** Reads one whole answer; it may be kept alive only when the buffer then holds nothing more. */
        Answer read(boolean headRequest, int maxAnswerBytes) throws IOException {
            Head head = readHead();
            byte[] body;
            boolean keepAlive = !head.close;
            if (head.status < 200) {
                // Never an interim answer (the platform sends no Expect): a workflow that answers 1xx gets no body,
                // and what the pod's server writes after such a status is not worth a connection.
                body = new byte[0];
                keepAlive = false;
            } else if (headRequest || head.status == 204 || head.status == 304) {
                body = new byte[0];
            } else if (head.chunked) {
                body = readChunked(maxAnswerBytes);
            } else if (head.contentLength >= 0) {
                if (head.contentLength > maxAnswerBytes) {
                    throw tooLarge(maxAnswerBytes);
                }
                body = readExactly((int) head.contentLength);
            } else {
                body = readToEnd(maxAnswerBytes);
                keepAlive = false;
            }
            return new Answer(new PodAnswer(head.status, head.headers, body), keepAlive && in.remaining() == 0);
        }

        private record Head(int status, Map<String, List<String>> headers, long contentLength, boolean chunked,
                            boolean close) {
        }

        private Head readHead() throws IOException {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("The pod answered something that is not HTTP/1.1: " + InputRules.abbreviate(statusLine));
            }
            int status = parseStatus(statusLine);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            long contentLength = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            int headBytes = statusLine.length();
            for (String line = line(); !line.isEmpty(); line = line()) {
                headBytes += line.length() + 2;
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("The pod's answer has more than " + MAX_HEAD_BYTES + " bytes of headers");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("The pod's answer has a malformed header: " + InputRules.abbreviate(line));
                }
                String name = headerName(line, colon);
                String value = headerValue(line, colon + 1);
                switch (name) {
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                    default -> {
                    }
                }
                // One value, the usual case, in a list of its own size; a repeated header grows a list in place.
                List<String> earlier = headers.get(name);
                if (earlier == null) {
                    headers.put(name, List.of(value));
                } else if (earlier instanceof ArrayList<String> values) {
                    values.add(value);
                } else {
                    List<String> values = new ArrayList<>(earlier);
                    values.add(value);
                    headers.put(name, values);
                }
            }
            return new Head(status, headers, contentLength, chunked, close);
        }

        /**
         * The header's name in lower case: one of the names a pod always sends as its constant (no copy, and its
         * hash already known to the map), any other as a new string.
         */
        private static String headerName(String line, int colon) {
            int end = colon;
            while (end > 0 && isBlank(line.charAt(end - 1))) {
                end--;
            }
            for (String known : KNOWN_HEADERS) {
                if (known.length() == end && line.regionMatches(true, 0, known, 0, end)) {
                    return known;
                }
            }
            return line.substring(0, end).strip().toLowerCase(Locale.ROOT);
        }

        /** The value after the colon, without the blanks around it, copied once. */
        private static String headerValue(String line, int from) {
            int start = from;
            int end = line.length();
            while (start < end && isBlank(line.charAt(start))) {
                start++;
            }
            while (end > start && isBlank(line.charAt(end - 1))) {
                end--;
            }
            return line.substring(start, end);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private static int parseStatus(String statusLine) throws IOException {
            int status = 0;
            for (int i = 9; i < 12; i++) {
                char c = statusLine.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IOException("The pod answered a malformed status line: " + InputRules.abbreviate(statusLine));
                }
                status = status * 10 + (c - '0');
            }
            return status;
        }

        private static long parseLength(String value) throws IOException {
            try {
                long length = Long.parseLong(value);
                if (length >= 0) {
                    return length;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new IOException("The pod's answer has a malformed Content-Length: " + InputRules.abbreviate(value));
        }

        /** One line of the head, without its CRLF, as Latin-1; bounded by the head's limit. */
        private String line() throws IOException {
            while (true) {
                byte[] array = in.array();
                int from = in.position();
                for (int i = from; i < in.limit(); i++) {
                    if (array[i] == '\n') {
                        int end = i > from && array[i - 1] == '\r' ? i - 1 : i;
                        in.position(i + 1);
                        return new String(array, from, end - from, StandardCharsets.ISO_8859_1);
                    }
                }
                if (in.remaining() >= MAX_HEAD_BYTES) {
                    throw new IOException("The pod's answer has a header line longer than " + MAX_HEAD_BYTES + " bytes");
                }
                more();
            }
        }

        /** Reads more after what the buffer holds, growing it when a line fills it (up to the head's limit). */
        private void more() throws IOException {
            if (in.position() == 0 && in.limit() == in.capacity()) {
                ByteBuffer grown = ByteBuffer.allocate(Math.min(in.capacity() * 2, MAX_HEAD_BYTES + 2));
                grown.put(in);
                grown.flip();
                in = grown;
            }
            in.compact();
            int n;
            do {
                n = channel.read(in);
            } while (n == 0);
            in.flip();
            if (n < 0) {
                throw new IOException("The pod closed the connection before it answered in full");
            }
        }

        private byte[] readExactly(int length) throws IOException {
            byte[] body = new byte[length];
            int buffered = Math.min(in.remaining(), length);
            in.get(body, 0, buffered);
            // The rest goes straight into the body, not through the buffer.
            ByteBuffer rest = ByteBuffer.wrap(body, buffered, length - buffered);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new IOException("The pod closed the connection before it answered in full");
                }
            }
            return body;
        }

        private byte[] readChunked(int maxAnswerBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("The pod's answer has a malformed chunk size: " + InputRules.abbreviate(sizeLine), e);
                }
                if (size < 0) {
                    throw new IOException("The pod's answer has a negative chunk size: " + InputRules.abbreviate(sizeLine));
                }
                if (body.size() + size > maxAnswerBytes) {
                    throw tooLarge(maxAnswerBytes);
                }
                if (size == 0) {
                    // Trailers, if any, end with a blank line like the head, and share its bound.
                    int trailerBytes = 0;
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        trailerBytes += trailer.length() + 2;
                        if (trailerBytes > MAX_HEAD_BYTES) {
                            throw new IOException("The pod's answer has more than " + MAX_HEAD_BYTES + " bytes of trailers");
                        }
                    }
                    return body.toByteArray();
                }
                body.write(readExactly((int) size));
                if (!line().isEmpty()) {
                    throw new IOException("The pod's answer has a chunk longer than its size says");
                }
            }
        }

        private byte[] readToEnd(int maxAnswerBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                if (in.hasRemaining()) {
                    if (body.size() + in.remaining() > maxAnswerBytes) {
                        throw tooLarge(maxAnswerBytes);
                    }
                    body.write(in.array(), in.arrayOffset() + in.position(), in.remaining());
                    in.position(in.limit());
                }
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    return body.toByteArray();
                }
            }
        }

        private static IOException tooLarge(int maxAnswerBytes) {
            return new IOException("The pod's answer is larger than " + maxAnswerBytes + " bytes");
        }


        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing: nothing is left to save on this connection.
            }
        }
    }
}
