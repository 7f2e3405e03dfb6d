package com.wfp.workflow.net.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedHttpClientTest {

    private static final InetAddress LOOPBACK = address("127.0.0.1");
    private static final InetAddress PUBLIC = address("8.8.8.8");

    @TempDir
    static Path certificates;
    private static SelfSignedTls tls;

    private LocalServer server;

    @BeforeAll
    static void certificate() throws Exception {
        tls = SelfSignedTls.generate(certificates, "dns:api.example");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A resolver that knows a fixed set of names, like a hosts file. */
    private static Resolver hosts(Map<String, List<InetAddress>> entries) {
        return host -> {
            List<InetAddress> found = entries.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        };
    }

    private static GuardedHttpClient client(Resolver resolver, Set<String> allowed) {
        return new GuardedHttpClient(resolver, GuardedHttpClient.defaultSslContext(), allowed, 64 * 1024, 5);
    }

    private static OutboundRequest get(String url) {
        return new OutboundRequest("GET", URI.create(url), Map.of(), null, true, 3_000);
    }

    private static String code(Throwable e) {
        return ((OutboundHttpException) e).code();
    }

    @Test
    void send_whenTheTargetIsLoopbackAndNotAllowed_refusesWithoutConnecting() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "text/plain", "secret data"));
        GuardedHttpClient strict = client(hosts(Map.of("localhost", List.of(LOOPBACK))), Set.of());

        for (String host : List.of("127.0.0.1", "localhost", "2130706433", "0x7f.0.0.1", "127.1")) {
            assertThatThrownBy(() -> strict.send(get("http://" + host + ":" + server.port() + "/x"), RetryPolicy.NONE))
                    .as(host)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"))
                    .hasMessageContaining("loopback");
        }
        assertThat(server.hits()).isEmpty();
    }

    @Test
    void send_whenTheLoopbackHostIsAllowed_reachesTheLocalServer() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "application/json", "{\"ok\":true}"));
        GuardedHttpClient dev = client(Resolver.system(), Set.of("127.0.0.1"));

        OutboundResponse response = dev.send(get("http://127.0.0.1:" + server.port() + "/hello?a=1"), RetryPolicy.NONE);

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(server.hits()).containsExactly("/hello?a=1");
    }

    @Test
    void send_whenDnsAnswersPublicFirstAndLoopbackSecond_neverReachesLoopback() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "text/plain", "internal"));
        AtomicInteger lookups = new AtomicInteger();
        Resolver rebinding = host -> lookups.incrementAndGet() == 1 ? List.of(PUBLIC) : List.of(LOOPBACK);
        GuardedHttpClient guarded = client(rebinding, Set.of());
        OutboundRequest request = new OutboundRequest("GET", URI.create("http://rebind.example:" + server.port() + "/"),
                Map.of(), null, true, 1_000);

        // Whatever happens on the way to the public address, the checked address is the only one used.
        assertThatThrownBy(() -> guarded.send(request, new RetryPolicy(3, 10)))
                .isInstanceOf(OutboundHttpException.class);
        assertThat(server.hits()).isEmpty();
        // One lookup per attempt, never a second lookup behind the check.
        assertThat(lookups.get()).isBetween(1, 3);
    }

    @Test
    void send_whenANameResolvesToPublicAndPrivateAddresses_refusesIt() {
        GuardedHttpClient guarded = client(hosts(Map.of("mixed.example", List.of(PUBLIC, address("10.0.0.8")))), Set.of());

        assertThatThrownBy(() -> guarded.send(get("https://mixed.example/"), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"))
                .hasMessageContaining("10.0.0.8");
    }

    @Test
    void send_whenTheFirstCheckedAddressRefuses_connectsToTheNextCheckedAddress() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "text/plain", "v4"));
        GuardedHttpClient dev = client(hosts(Map.of("dual.local", List.of(address("::1"), LOOPBACK))), Set.of("dual.local"));

        OutboundResponse response = dev.send(get("http://dual.local:" + server.port() + "/"), RetryPolicy.NONE);

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.hits()).hasSize(1);
    }

    @Test
    void send_whenARedirectPointsIntoPrivateSpace_refusesTheHop() throws Exception {
        server = LocalServer.http();
        int port = server.port();
        server.on("/start", x -> LocalServer.redirect(x, "/next"))
                .on("/next", x -> LocalServer.redirect(x, "http://127.0.0.1:" + port + "/internal"))
                .on("/internal", x -> LocalServer.answer(x, 200, "text/plain", "internal"));
        GuardedHttpClient guarded = client(hosts(Map.of("dev.local", List.of(LOOPBACK))), Set.of("dev.local"));

        assertThatThrownBy(() -> guarded.send(get("http://dev.local:" + port + "/start"), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"))
                .hasMessageContaining("127.0.0.1");
        assertThat(server.hits()).containsExactly("/start", "/next");
    }

    @Test
    void send_whenRedirectedToAnotherOrigin_dropsEveryHeaderCarryingASecretButKeepsTheOthers() throws Exception {
        java.util.concurrent.atomic.AtomicReference<com.sun.net.httpserver.Headers> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (LocalServer other = LocalServer.http().on("/landing", x -> {
            seen.set(x.getRequestHeaders());
            LocalServer.answer(x, 200, "text/plain", "ok");
        })) {
            server = LocalServer.http().on("/start", x -> LocalServer.redirect(x,
                    "http://127.0.0.1:" + other.port() + "/landing"));
            GuardedHttpClient dev = client(Resolver.system(), Set.of("127.0.0.1"));
            OutboundRequest request = new OutboundRequest("GET", URI.create("http://127.0.0.1:" + server.port() + "/start"),
                    Map.of("X-Api-Key", "s3cret-value", "Authorization", "Bearer s3cret", "X-Trace", "plain"),
                    null, true, 3_000, Set.of("X-Api-Key"));

            OutboundResponse response = dev.send(request, RetryPolicy.NONE);

            assertThat(response.status()).isEqualTo(200);
            assertThat(seen.get().getFirst("X-Trace")).isEqualTo("plain");
            assertThat(seen.get().containsKey("X-api-key")).isFalse();
            assertThat(seen.get().containsKey("Authorization")).isFalse();
        }
    }

    @Test
    void send_whenRedirectsStayOnAnAllowedHost_followsThemUpToTheLimit() throws Exception {
        server = LocalServer.http();
        server.on("/a", x -> LocalServer.redirect(x, "/b"))
                .on("/b", x -> LocalServer.redirect(x, "/c"))
                .on("/c", x -> LocalServer.answer(x, 200, "text/plain", "done"))
                .on("/loop", x -> LocalServer.redirect(x, "/loop"));
        GuardedHttpClient dev = client(Resolver.system(), Set.of("127.0.0.1"));
        String base = "http://127.0.0.1:" + server.port();

        OutboundResponse response = dev.send(get(base + "/a"), RetryPolicy.NONE);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.uri().getPath()).isEqualTo("/c");

        assertThatThrownBy(() -> dev.send(get(base + "/loop"), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.too-many-redirects"));
        assertThat(server.hits().stream().filter(h -> h.equals("/loop")).count()).isEqualTo(6);
    }

    @Test
    void send_whenTheTargetIsACloudMetadataAddress_refusesEvenWhenTheHostIsAllowed() throws Exception {
        GuardedHttpClient lenient = client(hosts(Map.of("metadata.example", List.of(address("169.254.169.254")),
                        "metadata6.example", List.of(address("fd00:ec2::254")))),
                Set.of("169.254.169.254", "fd00:ec2::254", "metadata.example", "metadata6.example"));

        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/",
                "http://metadata.example/", "http://metadata6.example/", "http://0xa9fea9fe/")) {
            assertThatThrownBy(() -> lenient.send(get(url), RetryPolicy.NONE))
                    .as(url)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"))
                    .hasMessageContaining("metadata");
        }
    }

    @Test
    void send_whenTheAddressIsIpv4MappedIpv6_refusesIt() throws Exception {
        InetAddress mapped = Inet6Address.getByAddress("mapped.example",
                new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8}, -1);
        GuardedHttpClient guarded = client(hosts(Map.of("mapped.example", List.of(mapped))), Set.of("mapped.example"));

        assertThatThrownBy(() -> guarded.send(get("https://mapped.example/"), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"));
        assertThatThrownBy(() -> client(Resolver.system(), Set.of()).send(get("http://[::ffff:127.0.0.1]:8080/"), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.blocked-address"));
    }

    @Test
    void send_whenPlainHttpIsNotAllowed_refusesIt() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "text/plain", "x"));
        OutboundRequest insecure = new OutboundRequest("GET", URI.create("http://127.0.0.1:" + server.port() + "/"),
                Map.of(), null, false, 1_000);

        assertThatThrownBy(() -> client(Resolver.system(), Set.of("127.0.0.1")).send(insecure, RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.insecure-scheme"));
        assertThat(server.hits()).isEmpty();
    }

    @Test
    void send_whenTheResponseExceedsTheCap_failsForBothLengthAndChunkedBodies() throws Exception {
        String big = "x".repeat(5_000);
        server = LocalServer.http()
                .on("/length", x -> LocalServer.answer(x, 200, "text/plain", big))
                .on("/chunked", x -> {
                    x.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 10; i++) {
                        x.getResponseBody().write(big.substring(0, 500).getBytes(StandardCharsets.UTF_8));
                        x.getResponseBody().flush();
                    }
                });
        GuardedHttpClient capped = new GuardedHttpClient(Resolver.system(), GuardedHttpClient.defaultSslContext(),
                Set.of("127.0.0.1"), 1_000, 5);
        String base = "http://127.0.0.1:" + server.port();

        for (String path : List.of("/length", "/chunked")) {
            assertThatThrownBy(() -> capped.send(get(base + path), RetryPolicy.NONE))
                    .as(path)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("http.response-too-large"));
        }
        OutboundResponse small = new GuardedHttpClient(Resolver.system(), GuardedHttpClient.defaultSslContext(),
                Set.of("127.0.0.1"), 10_000, 5).send(get(base + "/chunked"), RetryPolicy.NONE);
        assertThat(small.body()).hasSize(5_000);
    }

    @Test
    void send_whenTheServerFailsOnceThenRecovers_retriesIdempotentRequestsWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = LocalServer.http().on("/flaky", x -> {
            if (calls.incrementAndGet() == 1) {
                LocalServer.answer(x, 500, "text/plain", "boom");
            } else {
                LocalServer.answer(x, 200, "text/plain", "fine");
            }
        });
        GuardedHttpClient dev = client(Resolver.system(), Set.of("127.0.0.1"));
        long start = System.nanoTime();

        OutboundResponse response = dev.send(get("http://127.0.0.1:" + server.port() + "/flaky"), new RetryPolicy(3, 150));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(server.hits()).hasSize(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void send_whenAPostGets500_doesNotRetryIt() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 500, "text/plain", "boom"));
        OutboundRequest post = new OutboundRequest("POST", URI.create("http://127.0.0.1:" + server.port() + "/"),
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), true, 2_000);

        OutboundResponse response = client(Resolver.system(), Set.of("127.0.0.1")).send(post, new RetryPolicy(3, 10));

        assertThat(response.status()).isEqualTo(500);
        assertThat(server.hits()).hasSize(1);
    }

    @Test
    void send_whenTheServerIsTooSlow_timesOutWithinTheLimit() throws Exception {
        server = LocalServer.http().on("/", x -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.answer(x, 200, "text/plain", "late");
        });
        OutboundRequest request = new OutboundRequest("GET", URI.create("http://127.0.0.1:" + server.port() + "/"),
                Map.of(), null, true, 300);
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(Resolver.system(), Set.of("127.0.0.1")).send(request, RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.timeout"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
    }

    @Test
    void send_whenAHeaderValueContainsALineBreak_refusesToSendIt() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "text/plain", "x"));
        OutboundRequest smuggling = new OutboundRequest("GET", URI.create("http://127.0.0.1:" + server.port() + "/"),
                Map.of("X-Id", "1\r\nX-Admin: yes"), null, true, 1_000);

        assertThatThrownBy(() -> client(Resolver.system(), Set.of("127.0.0.1")).send(smuggling, RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.invalid-header"));
        assertThat(server.hits()).isEmpty();
    }

    @Test
    void send_whenHttpsCertificateMatchesTheName_connectsToTheCheckedAddressWithSni() throws Exception {
        server = LocalServer.https(tls.server()).on("/", x -> LocalServer.answer(x, 200, "application/json", "{\"tls\":true}"));
        GuardedHttpClient guarded = new GuardedHttpClient(hosts(Map.of("api.example", List.of(LOOPBACK))), tls.client(),
                Set.of("api.example"), 64 * 1024, 5);

        OutboundResponse response = guarded.send(new OutboundRequest("GET",
                URI.create("https://api.example:" + server.port() + "/v1"), Map.of(), null, false, 3_000), RetryPolicy.NONE);

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"tls\":true}");
    }

    @Test
    void send_whenHttpsCertificateIsForAnotherName_failsHostNameVerification() throws Exception {
        server = LocalServer.https(tls.server()).on("/", x -> LocalServer.answer(x, 200, "text/plain", "x"));
        GuardedHttpClient guarded = new GuardedHttpClient(hosts(Map.of("other.example", List.of(LOOPBACK))), tls.client(),
                Set.of("other.example"), 64 * 1024, 5);

        assertThatThrownBy(() -> guarded.send(new OutboundRequest("GET",
                URI.create("https://other.example:" + server.port() + "/"), Map.of(), null, false, 3_000), RetryPolicy.NONE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("http.tls"));
        assertThat(server.hits()).isEmpty();
    }
}
