package com.wfp.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.adapters.local.access.SqliteKeyStore;
import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.LocalPlatform;
import com.wfp.local.LocalPlatformOptions;
import com.wfp.local.ScratchDirectory;
import com.wfp.local.TlsTestClients;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.access.CallCredentials;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Stickiness;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What authorizing a production call costs. Two parts, each beside its baseline in the same run:
 * <ol>
 *   <li>in process: one {@link ProductionAuthorizer} decision for an API key, cached (the key
 *       verified before: a SHA-256 and two map reads) and uncached (the key read from SQLite each
 *       time), against the latency of a whole open call through the gateway measured below;</li>
 *   <li>through the gateway (the platform started in this JVM, its pod a child JVM): a workflow
 *       open to anyone ({@code "auth": "none"}) and the same workflow behind an API key, driven
 *       alternately in ABBA rounds over HTTPS keep-alive.</li>
 * </ol>
 * Target: cached authorization under 5% of the data path's latency. Stops by itself in about 50 s.
 */
public final class AuthorizationBenchmark {

    private static final int CONNECTIONS = 4;
    private static final long WARMUP_MS = 16_000;
    private static final long MEASURE_MS = 3_000;
    private static final int ROUNDS = 8;
    private static final int CACHED_DECISIONS = 2_000_000;
    private static final int UNCACHED_DECISIONS = 20_000;

    public static void main(String[] args) throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        double[] inProcess = inProcessNanos();
        Path dataDir = ScratchDirectory.create("wfp-auth-bench-");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformOptions(dataDir, 0, -1, "127.0.0.1"))) {
            HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
            String base = platform.httpsUrl();
            String token = platform.adminToken().value();
            String greeting = Files.readString(greetingSample());
            publish(client, base, token, "local/default/open", greeting.replace("\"auth\": \"apiKey\"", "\"auth\": \"none\"")
                    .replace("\"id\": \"greeting\"", "\"id\": \"open\""));
            publish(client, base, token, "local/default/keyed", greeting.replace("\"id\": \"greeting\"", "\"id\": \"keyed\""));
            String key = send(client, base + "/api/v1/projects/local/default/keys", token,
                    "{\"name\": \"bench\"}").path("key").asText();
            HttpRequest open = call(base + "/w/local/default/open", null);
            HttpRequest keyed = call(base + "/w/local/default/keyed", key);

            System.out.println("AuthorizationBenchmark: " + CONNECTIONS + " keep-alive connections, "
                    + WARMUP_MS / 1000 + " s warm-up, " + MEASURE_MS / 1000 + " s per round, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            drive(client, open, WARMUP_MS / 2);
            drive(client, keyed, WARMUP_MS / 2);
            Histogram openAll = new Histogram(3);
            Histogram keyedAll = new Histogram(3);
            double openSeconds = 0;
            double keyedSeconds = 0;
            for (int round = 0; round < ROUNDS; round++) {
                boolean openNow = round % 4 == 0 || round % 4 == 3;
                long start = System.nanoTime();
                Histogram h = new Histogram(3);
                drive(client, openNow ? open : keyed, MEASURE_MS).forEach(h::add);
                double seconds = (System.nanoTime() - start) / 1e9;
                (openNow ? openAll : keyedAll).add(h);
                if (openNow) {
                    openSeconds += seconds;
                } else {
                    keyedSeconds += seconds;
                }
                System.out.printf("%-28s %7.0f req/s   p50 %6d us   p99 %6d us%n", openNow ? "open (auth none)" : "API key (cached)",
                        h.getTotalCount() / seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(99));
            }
            double openRate = openAll.getTotalCount() / openSeconds;
            double keyedRate = keyedAll.getTotalCount() / keyedSeconds;
            long openP50 = openAll.getValueAtPercentile(50);
            System.out.printf("gateway, all rounds: open %.0f req/s p50 %d us; API key %.0f req/s p50 %d us;"
                            + " throughput ratio key/open %.3f%n", openRate, openP50, keyedRate,
                    keyedAll.getValueAtPercentile(50), keyedRate / openRate);
            System.out.printf("authorizer in process: cached %.2f us per decision, uncached (SQLite read) %.1f us%n",
                    inProcess[0] / 1000, inProcess[1] / 1000);
            System.out.printf("ratio: cached authorization is %.3f%% of an open call's p50 through the gateway"
                            + " (%d us); uncached %.2f%% (target: cached under 5%%)%n",
                    inProcess[0] / 1000 / openP50 * 100, openP50, inProcess[1] / 1000 / openP50 * 100);
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    /** Nanoseconds per decision: [cached, uncached]. */
    private static double[] inProcessNanos() throws Exception {
        Path dir = ScratchDirectory.create("wfp-auth-bench-store-");
        WorkflowRef ref = new WorkflowRef("ada", "shop", "orders");
        try (SqliteReleaseStore store = new SqliteReleaseStore(dir.resolve("wfp.db"))) {
            Release release = store.createRelease(NewRelease.of(ref, "v1", "", Files.readString(greetingSample()), "{}",
                    "ada", java.time.Instant.now()));
            store.compareAndSetRouting(ref, 0, new RoutingConfig(ref, 1, List.of(new RouteWeight(release.id(), 100)),
                    Stickiness.OFF, null), "ada", "bench");
            SqliteKeyStore keys = new SqliteKeyStore(store.database());
            WorkflowAccessRules rules = new WorkflowAccessRules(store, store, null, null, System::nanoTime);
            ProductionAuthorizer cached = new ProductionAuthorizer(rules, keys, Clock.systemUTC(), null, System::nanoTime);
            ProductionAuthorizer uncached = new ProductionAuthorizer(rules, keys, Clock.systemUTC(), Duration.ofNanos(1),
                    System::nanoTime);
            String key = new ApiKeyService(keys, Clock.systemUTC(), k -> { }).create(new NewApiKey("bench",
                    ApiKeyFormat.Environment.LIVE, new KeyScope("ada", "shop", null, null, Set.of(KeyPermission.INVOKE)),
                    null, 0), "ada").secret();
            CallCredentials call = new CallCredentials(ref, null, null, "POST", key, null, null);
            return new double[] {perDecision(cached, call, CACHED_DECISIONS), perDecision(uncached, call, UNCACHED_DECISIONS)};
        } finally {
            ScratchDirectory.delete(dir);
        }
    }

    private static double perDecision(ProductionAuthorizer authorizer, CallCredentials call, int n) {
        for (int i = 0; i < n / 4; i++) {
            check(authorizer.authorize(call));
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            check(authorizer.authorize(call));
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private static void check(AccessDecision decision) {
        if (!decision.allowed()) {
            throw new IllegalStateException("the benchmark's key was refused: " + decision.code());
        }
    }

    private static HttpRequest call(String url, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\"}"));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return request.build();
    }

    private static void publish(HttpClient client, String base, String token, String workflow, String definition)
            throws Exception {
        ObjectNode body = ReportJson.mapper().createObjectNode().put("version", "v1.0.0");
        body.set("definition", ReportJson.mapper().readTree(definition));
        JsonNode accepted = send(client, base + "/api/v1/workflows/" + workflow + "/releases", token, ReportJson.write(body));
        String status = base + accepted.path("statusUrl").asText();
        for (int i = 0; i < 600; i++) {
            String state = send(client, status, token, null).path("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            if (state.equals("failed")) {
                throw new IllegalStateException("the publish failed: " + send(client, status, token, null));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the publish did not finish within 60 s");
    }

    /** The greeting sample, from the module directory (Maven) or the repository root ({@code ./wfp bench}). */
    private static Path greetingSample() {
        Path fromModule = Path.of(System.getProperty("basedir", "functions/local"))
                .resolve("../../samples/workflows/valid/greeting.json").normalize();
        return Files.isRegularFile(fromModule) ? fromModule : Path.of("samples/workflows/valid/greeting.json");
    }

    private static JsonNode send(HttpClient client, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return ReportJson.mapper().readTree(client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static List<Histogram> drive(HttpClient client, HttpRequest request, long millis) throws Exception {
        return ClosedLoopLoad.drive(CONNECTIONS, millis, () -> {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("unexpected answer " + answer.statusCode() + ": " + answer.body());
            }
            return answer.statusCode();
        }, 200);
    }
}
