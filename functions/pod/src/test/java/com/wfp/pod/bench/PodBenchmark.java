package com.wfp.pod.bench;

import com.wfp.pod.EnvironmentSecretProvider;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput and latency of a pod executing {@code trigger.http -> transform -> respond}, against a bare
 * hello-world handler on the same Jetty stack, driven by the same closed-loop load generator in the same run.
 *
 * <p>The driver is deliberately cheap because it shares the CPU with the server: one platform thread per
 * keep-alive socket, a pre-encoded request, and a minimal response parser that reads the status line and
 * Content-Length. Both targets are warmed up, then measured in alternating rounds so that the load other processes put on
 * the machine weighs on both alike. Besides the rates it reports the process CPU time per request (server and driver),
 * which other processes' load disturbs far less. Arguments: {@code [connections=64] [warmupSeconds=8] [measureSeconds=15]}.
 */
public final class PodBenchmark {

    private static final long SETTLE_MILLIS = 200;
    private static final String TOKEN = "benchmark-pod-token-0123456789";
    private static final String WORKFLOW = """
            {"format": 1, "id": "bench",
             "nodes": [
               {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
               {"id": "shape", "type": "transform", "config": {"expression": "{ 'greeting': 'hello ' & input.name, 'n': input.n + 1 }"}},
               {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
             ],
             "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
            """;
    private static final byte[] INPUT = "{\"name\":\"bench\",\"n\":41}".getBytes(StandardCharsets.US_ASCII);

    /** One measured stretch against one target. */
    private record Segment(long requests, long errors, double seconds, Histogram latency, long cpuNanos) {
    }

    /** The measured rounds of one target, added up. */
    private static final class Result {
        final String name;
        long requests;
        long errors;
        double seconds;
        long cpuNanos;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);

        Result(String name) {
            this.name = name;
        }

        void add(Segment segment) {
            requests += segment.requests();
            errors += segment.errors();
            seconds += segment.seconds();
            cpuNanos += segment.cpuNanos();
            latency.add(segment.latency());
        }

        double rate() {
            return requests / seconds;
        }

        double cpuPerRequestMicros() {
            return requests == 0 ? 0 : cpuNanos / 1000.0 / requests;
        }
    }

    private PodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int measureSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int rounds = 3;
        System.out.printf("pod benchmark: %d connections, %d s warm-up each, then %d s measured per target in %d "
                        + "alternating rounds, %d cores%n",
                connections, warmupSeconds, measureSeconds, rounds, Runtime.getRuntime().availableProcessors());

        Path logFile = Files.createTempFile("pod-benchmark-", ".log");
        Server bare = PodServer.newJettyServer("127.0.0.1", 0, Duration.ofSeconds(30), 1024, new HelloHandler());
        try (FileLineSink sink = new FileLineSink(logFile)) {
            PodSettings settings = new PodSettings("127.0.0.1", 0, TOKEN, "bench", 64, 1024, Duration.ofSeconds(10),
                    Duration.ofSeconds(5), 1 << 20, Duration.ofSeconds(30), 1 << 18, null, null, null);
            WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), new EnvironmentSecretProvider(Map.of()));
            PodServer pod = new PodServer(settings, engine, sink).start();
            bare.start();
            try {
                int podPort = pod.port();
                int barePort = ((ServerConnector) bare.getConnectors()[0]).getLocalPort();
                byte[] load = request("PUT", "/releases/bench-1", ("{\"workflowId\":\"bench\",\"version\":\"v1.0.0\",\"definition\":"
                        + WORKFLOW + "}").getBytes(StandardCharsets.UTF_8));
                try (RawConnection admin = new RawConnection(podPort)) {
                    int status = admin.exchange(load);
                    if (status != 200) {
                        throw new IllegalStateException("loading the benchmark release answered " + status + ": " + admin.lastBody());
                    }
                }
                byte[] run = request("POST", "/run/bench-1", INPUT);
                byte[] hello = request("POST", "/hello", INPUT);
                // Warm both up (the JIT shares the CPU with everything else), then alternate measured rounds so that
                // load from other processes on this machine weighs on both targets alike.
                drive("pod", podPort, run, connections, TimeUnit.SECONDS.toMillis(warmupSeconds));
                drive("bare", barePort, hello, connections, TimeUnit.SECONDS.toMillis(warmupSeconds / 2));
                Result podTotal = new Result("pod (transform workflow)");
                Result bareTotal = new Result("bare Jetty hello-world");
                long roundMillis = TimeUnit.SECONDS.toMillis(measureSeconds) / rounds;
                for (int round = 0; round < rounds; round++) {
                    podTotal.add(drive(podTotal.name, podPort, run, connections, roundMillis));
                    bareTotal.add(drive(bareTotal.name, barePort, hello, connections, roundMillis));
                }
                System.out.println();
                print(podTotal);
                print(bareTotal);
                System.out.printf("pod log: %d EMF lines written, %d dropped%n", pod.log().written(), pod.log().dropped());
                double ratio = podTotal.rate() / bareTotal.rate();
                System.out.printf("ratio pod/bare: %.1f%% of the bare rate (target >= 50%%); pod rate %.0f/s (target >= 5000/s)%n",
                        ratio * 100, podTotal.rate());
                System.out.printf("ratio by CPU cost: bare %.1f us / pod %.1f us per request = %.1f%%%n",
                        bareTotal.cpuPerRequestMicros(), podTotal.cpuPerRequestMicros(),
                        100 * bareTotal.cpuPerRequestMicros() / podTotal.cpuPerRequestMicros());
            } finally {
                pod.stop();
                bare.stop();
            }
        } finally {
            Files.deleteIfExists(logFile);
        }
        System.exit(0);
    }

    private static void print(Result result) {
        Histogram h = result.latency;
        System.out.printf("%-26s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.3f ms  "
                        + "CPU %5.1f us/req  (%d requests, %d errors)%n",
                result.name, result.rate(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, result.cpuPerRequestMicros(),
                result.requests, result.errors);
    }

    /** Runs the closed loop on fresh connections for a while and measures all of it but the first 200 ms. */
    private static Segment drive(String name, int port, byte[] request, int connections, long millis)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
            histograms.add(histogram);
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                try (RawConnection connection = new RawConnection(port)) {
                    while (running.get()) {
                        long start = System.nanoTime();
                        int status = connection.exchange(request);
                        long micros = (System.nanoTime() - start) / 1000;
                        if (measuring.get()) {
                            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                            requests.increment();
                            if (status != 200) {
                                errors.increment();
                                if (statuses.merge(status, 1, Integer::sum) == 1) {
                                    System.out.println(name + ": first " + status + " answer: " + connection.lastBody());
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    if (running.get()) {
                        errors.increment();
                        System.err.println(name + ": connection failed: " + e);
                    }
                }
            }));
        }
        Thread.sleep(SETTLE_MILLIS);
        long cpuStart = processCpuNanos();
        long measureStart = System.nanoTime();
        measuring.set(true);
        Thread.sleep(Math.max(1, millis - SETTLE_MILLIS));
        measuring.set(false);
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        long cpuNanos = processCpuNanos() - cpuStart;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        histograms.forEach(total::add);
        if (!statuses.isEmpty()) {
            System.out.println(name + ": answers other than 200 by status: " + statuses);
        }
        return new Segment(requests.sum(), errors.sum(), seconds, total, cpuNanos);
    }

    /** CPU time of this process (server and driver together): the cost per request, whatever else the machine runs. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static byte[] request(String method, String path, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** A keep-alive HTTP/1.1 connection that sends a pre-encoded request and reads one response. */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private int bodyStart;
        private int bodyEnd;

        RawConnection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Sends the request and reads the whole response; returns its status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            int filled = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed by the server");
                }
                filled += n;
                headerEnd = indexOfHeaderEnd(buffer, filled);
            }
            int status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
            int contentLength = contentLength(buffer, headerEnd);
            int total = headerEnd + contentLength;
            while (filled < total) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed mid-response");
                }
                filled += n;
            }
            bodyStart = headerEnd;
            bodyEnd = total;
            return status;
        }

        /** The body of the last response, for reporting unexpected answers. */
        String lastBody() {
            return new String(buffer, bodyStart, bodyEnd - bodyStart, StandardCharsets.UTF_8);
        }

        private static int indexOfHeaderEnd(byte[] b, int length) {
            for (int i = 3; i < length; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private static int contentLength(byte[] b, int headerEnd) {
            byte[] name = "content-length:".getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + name.length < headerEnd; i++) {
                if (b[i] != '\n') {
                    continue;
                }
                for (int j = 0; j < name.length; j++) {
                    if (Character.toLowerCase(b[i + 1 + j]) != name[j]) {
                        continue outer;
                    }
                }
                int k = i + 1 + name.length;
                while (b[k] == ' ') {
                    k++;
                }
                int value = 0;
                while (b[k] >= '0' && b[k] <= '9') {
                    value = value * 10 + (b[k] - '0');
                    k++;
                }
                return value;
            }
            throw new IllegalStateException("response without Content-Length");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The baseline: answers a fixed JSON body, on the same server stack and dispatch as the pod. */
    private static final class HelloHandler extends Handler.Abstract {
        private static final byte[] BODY = "{\"greeting\":\"hello bench\",\"n\":42}".getBytes(StandardCharsets.US_ASCII);

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
            response.write(true, ByteBuffer.wrap(BODY), callback);
            return true;
        }
    }

    /** The pod's log going to a file, as it would go to stdout, so formatting and writing cost what they cost. */
    private static final class FileLineSink implements LineSink, AutoCloseable {
        private final BufferedWriter out;

        FileLineSink(Path file) throws IOException {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        @Override
        public void write(String line) {
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
