package com.wfp.adapters.pod;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a scripted server on a real Unix domain socket, standing in for a pod. */
class PodSocketClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final PodSocketClient client = new PodSocketClient(1024);
    private final PodClient podClient = new PodClient();
    private ScriptedPod pod;

    @AfterEach
    void stop() throws IOException {
        client.close();
        podClient.close();
        if (pod != null) {
            pod.close();
        }
    }

    private static byte[] head(String method, String target) {
        return new PodSocketClient.RequestHead(method, target).end(0, false);
    }

    private static String ok(String body, String... headers) {
        return "HTTP/1.1 200 OK\r\n" + String.join("", headers) + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void exchange_whenThePodAnswersWithALength_returnsStatusHeadersAndBody_andReusesTheConnection() throws Exception {
        pod = new ScriptedPod(dir, request -> ok("{\"n\":" + request.number + "}", "X-Release-Id: rel-1\r\n", "X-Multi: a\r\n",
                "x-multi: b\r\n", "X-Spaced:\t padded value \t\r\n", "CONTENT-TYPE: text/plain\r\n"));

        PodAnswer first = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);
        PodAnswer second = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(first.headers()).containsEntry("x-release-id", List.of("rel-1")).containsEntry("x-multi", List.of("a", "b"))
                .containsEntry("x-spaced", List.of("padded value")).containsEntry("content-type", List.of("text/plain"));
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        assertThat(pod.connections.get()).isEqualTo(1);
    }

    @Test
    void exchange_whenTheAnswerIsChunked_joinsTheChunks() throws Exception {
        pod = new ScriptedPod(dir, request -> "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");

        PodAnswer answer = client.exchange(pod.socket, "POST", head("POST", "/run/rel-1"), new byte[0], TIMEOUT);
        PodAnswer again = client.exchange(pod.socket, "POST", head("POST", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(pod.connections.get()).isEqualTo(1);
    }

    @Test
    void exchange_whenTheAnswerEndsWithTheConnection_readsToTheEnd_andOpensANewOneNextTime() throws Exception {
        pod = new ScriptedPod(dir, request -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end").closingAfterAnswer();

        PodAnswer first = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);
        PodAnswer second = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("until the end");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("until the end");
        assertThat(pod.connections.get()).isEqualTo(2);
    }

    @Test
    void exchange_whenThePodClosedAnIdleConnection_sendsOnAFreshOne() throws Exception {
        // Answers with a length and no Connection: close, then closes: the pooled connection is dead when reused.
        pod = new ScriptedPod(dir, request -> ok("fine")).closingAfterAnswer();

        client.exchange(pod.socket, "POST", head("POST", "/run/rel-1"), new byte[0], TIMEOUT);
        Thread.sleep(100);
        PodAnswer second = client.exchange(pod.socket, "POST", head("POST", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("fine");
        assertThat(pod.requests).hasSize(2);
    }

    @Test
    void exchange_whenTheAnswerIsLargerThanTheBound_failsAndSaysSo() throws Exception {
        pod = new ScriptedPod(dir, request -> ok("x".repeat(2000)));

        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void exchange_whenAChunkedAnswerGrowsPastTheBound_failsAndSaysSo() throws Exception {
        String chunk = "200\r\n" + "y".repeat(512) + "\r\n";
        pod = new ScriptedPod(dir, request -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk.repeat(3) + "0\r\n\r\n");

        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void exchange_whenThePodAnswersSomethingElse_failsWithWhatItGot() throws Exception {
        pod = new ScriptedPod(dir, request -> "SSH-2.0-OpenSSH\r\n\r\n");

        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("not HTTP/1.1").hasMessageContaining("SSH-2.0");
    }

    @Test
    void exchange_whenAHeaderLineNeverEnds_failsAtTheHeadsBound() throws Exception {
        pod = new ScriptedPod(dir, request -> "HTTP/1.1 200 OK\r\nX-Long: " + "z".repeat(70_000));

        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than 65536 bytes");
    }

    @Test
    void exchange_whenAHeaderRepeatsThousandsOfTimesWithinTheBound_keepsEveryValueInOrder() throws Exception {
        StringBuilder repeated = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            repeated.append("a: ").append(i).append("\r\n");
        }
        pod = new ScriptedPod(dir, request -> ok("{}", repeated.toString()));

        PodAnswer answer = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(answer.headers().get("a")).hasSize(6_000).startsWith("0", "1").endsWith("5999");
    }

    @Test
    void exchange_whenThePodDoesNotAnswerInTime_throwsTimeoutSoonAfterTheBound() throws Exception {
        pod = new ScriptedPod(dir, request -> null);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0],
                Duration.ofMillis(300))).isInstanceOf(TimeoutException.class).hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofMillis(1500));
    }

    @Test
    void exchange_whenNothingListens_throwsConnectExceptionNamingTheSocket() {
        Path nowhere = dir.resolve("none.sock");

        assertThatThrownBy(() -> client.exchange(nowhere, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(ConnectException.class).hasMessageContaining(nowhere.toString());
    }

    @Test
    void exchange_whenTheMethodIsHead_expectsNoBodyWhateverTheLengthSays() throws Exception {
        pod = new ScriptedPod(dir, request -> request.method.equals("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n" : ok("after"));

        PodAnswer head = client.exchange(pod.socket, "HEAD", head("HEAD", "/run/rel-1"), new byte[0], TIMEOUT);
        PodAnswer next = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(head.body()).isEmpty();
        assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo("after");
    }

    @Test
    void exchange_whenTheWorkflowAnswered1xx_returnsItWithoutABody_andDoesNotReuseTheConnection() throws Exception {
        pod = new ScriptedPod(dir, request -> request.number == 1 ? "HTTP/1.1 103 Early Hints\r\n\r\n" : ok("next"));

        PodAnswer early = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);
        PodAnswer next = client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT);

        assertThat(early.status()).isEqualTo(103);
        assertThat(early.body()).isEmpty();
        assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo("next");
        assertThat(pod.connections.get()).isEqualTo(2);
    }

    @Test
    void exchange_whenAChunkSizeIsNegative_failsAndSaysSo() throws Exception {
        pod = new ScriptedPod(dir, request -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n");

        assertThatThrownBy(() -> client.exchange(pod.socket, "GET", head("GET", "/run/rel-1"), new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("negative chunk size");
    }

    @Test
    void requestHead_whenValuesCarryLineBreaks_cannotAddAHeaderOrALine() {
        byte[] bytes = new PodSocketClient.RequestHead("POST", "/run/rel-1?q=a b\r\nX-Evil: 1")
                .header("X-Note", "one\r\nX-Injected: yes")
                .header("Bad Name", "dropped")
                .header("X-Wide", "caf\u00e9 \u2603")
                .end(3, true);

        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("POST /run/rel-1?q=a%20b%0D%0AX-Evil:%201 HTTP/1.1\r\n")
                .contains("X-Note: one  X-Injected: yes\r\n")
                .doesNotContain("Bad Name")
                .contains("X-Wide: caf\u00e9 ?\r\n")
                .endsWith("Content-Length: 3\r\n\r\n");
        assertThat(text.split("\r\n")).as("request line, Host, X-Note, X-Wide, Content-Length").hasSize(5);
    }

    @Test
    void requestHead_whenTheMethodIsNotAToken_refuses() {
        assertThatThrownBy(() -> new PodSocketClient.RequestHead("GET /x", "/run/rel-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void run_whenThePodHasASocket_forwardsTheCallOverItWithThePlatformsHeadersOnly() throws Exception {
        pod = new ScriptedPod(dir, request -> ok("{\"ok\":true}", "X-Answer: yes\r\n"));
        PodEndpoint endpoint = new PodEndpoint(URI.create("http://127.0.0.1:1"), "pod-token", pod.socket);
        PodCall call = new PodCall("ada", new ReleaseId("rel-1"), "PATCH",
                Map.of("X-Tenant", List.of("acme"), "Authorization", List.of("Bearer caller-secret"),
                        "X-Wfp-Shadow", List.of("1"), "X-Wfp-Caller", List.of("forged"), "Connection", List.of("keep-alive"),
                        "Host", List.of("api.example.com"), "Content-Type", List.of("text/plain")),
                "a=1&b=two", "/w/acme/orders", "hi!".getBytes(StandardCharsets.UTF_8), false, "key-7");

        PodAnswer answer = podClient.run(endpoint, call);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("x-answer", List.of("yes"));
        Request seen = pod.requests.getFirst();
        assertThat(seen.method).isEqualTo("PATCH");
        assertThat(seen.target).isEqualTo("/run/rel-1?a=1&b=two");
        assertThat(seen.body).isEqualTo("hi!");
        assertThat(seen.headers).containsEntry("authorization", List.of("Bearer pod-token"))
                .containsEntry("x-tenant", List.of("acme"))
                .containsEntry("x-wfp-host", List.of("api.example.com"))
                .containsEntry("x-wfp-path", List.of("/w/acme/orders"))
                .containsEntry("x-wfp-caller", List.of("key-7"))
                .containsEntry("content-type", List.of("text/plain"))
                .containsEntry("content-length", List.of("3"))
                .doesNotContainKeys("x-wfp-shadow", "connection");
    }

    @Test
    void run_whenThePodsSocketIsGone_answers503PodUnreachable() {
        PodEndpoint endpoint = new PodEndpoint(URI.create("http://127.0.0.1:1"), "pod-token", dir.resolve("gone.sock"));
        PodCall call = new PodCall("ada", new ReleaseId("rel-1"), "GET", Map.of(), null, null, null, false, null);

        assertThatThrownBy(() -> podClient.run(endpoint, call)).isInstanceOf(DomainException.class)
                .satisfies(e -> {
                    assertThat(((DomainException) e).code()).isEqualTo("pod.unreachable");
                    assertThat(((DomainException) e).httpStatus()).isEqualTo(503);
                })
                .hasMessageContaining("refused the connection");
    }

    /** What the scripted pod read: one request. */
    private record Request(int number, String method, String target, Map<String, List<String>> headers, String body) {
    }

    /**
     * A server on a Unix domain socket that reads each request and writes what its script returns for it, as
     * raw bytes; null writes nothing and leaves the caller waiting.
     */
    private static final class ScriptedPod implements AutoCloseable {
        final Path socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final Function<Request, String> script;
        private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
        private volatile boolean closeAfterAnswer;

        ScriptedPod(Path dir, Function<Request, String> script) throws IOException {
            this.socket = dir.resolve("pod.sock");
            this.script = script;
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(this::accept);
        }

        ScriptedPod closingAfterAnswer() {
            closeAfterAnswer = true;
            return this;
        }

        private void accept() {
            try {
                while (true) {
                    SocketChannel channel = server.accept();
                    connections.incrementAndGet();
                    open.add(channel);
                    Thread.ofVirtual().start(() -> serve(channel));
                }
            } catch (IOException e) {
                // Closed.
            }
        }

        private void serve(SocketChannel channel) {
            try (channel) {
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (true) {
                    String text = pending.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end < 0) {
                        buffer.clear();
                        if (channel.read(buffer) < 0) {
                            return;
                        }
                        pending.write(buffer.array(), 0, buffer.position());
                        continue;
                    }
                    String[] lines = text.substring(0, end).split("\r\n");
                    String[] requestLine = lines[0].split(" ");
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                                .add(lines[i].substring(colon + 1).strip());
                    }
                    int length = Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).getFirst());
                    byte[] all = pending.toByteArray();
                    while (all.length < end + 4 + length) {
                        buffer.clear();
                        if (channel.read(buffer) < 0) {
                            return;
                        }
                        pending.write(buffer.array(), 0, buffer.position());
                        all = pending.toByteArray();
                    }
                    String body = new String(all, end + 4, length, StandardCharsets.UTF_8);
                    pending.reset();
                    pending.write(all, end + 4 + length, all.length - end - 4 - length);
                    Request request = new Request(requests.size() + 1, requestLine[0], requestLine[1], headers, body);
                    requests.add(request);
                    String answer = script.apply(request);
                    if (answer == null) {
                        Thread.sleep(Duration.ofSeconds(30));
                        return;
                    }
                    ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // The client went away, or the test ended.
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
    }
}
