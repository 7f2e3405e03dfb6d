package com.wfp.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.LocalPlatform;
import com.wfp.local.LocalPlatformOptions;
import com.wfp.local.ScratchDirectory;
import com.wfp.local.TlsTestClients;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What routing costs on the data path: the whole platform started in this JVM (its pod a child
 * JVM), one workflow published, then its routed URL ({@code /w/local/default/greeting}, decided by
 * the routing cache) and its pinned URL ({@code .../v/v1.0.0}, no weights) driven alternately in
 * the same run, over HTTPS keep-alive with {@link #CONNECTIONS} concurrent callers. The two
 * alternate in ABBA rounds, so drift weighs on both alike. Prints req/s, p50
 * and p99 for each and the routing cost ratio. Stops by itself in about 50 s.
 */
public final class GatewayRoutingBenchmark {

    private static final int CONNECTIONS = 4;
    private static final long WARMUP_MS = 16_000;
    private static final long MEASURE_MS = 3_000;
    private static final int ROUNDS = 8;
    private static final String WORKFLOW = "local/default/greeting";

    private record Result(String name, long requests, double seconds, Histogram micros) {
        double perSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format("%-34s %7.0f req/s   p50 %6d us   p99 %6d us   (%d requests)", name, perSecond(),
                    micros.getValueAtPercentile(50), micros.getValueAtPercentile(99), requests);
        }
    }

    public static void main(String[] args) throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        Path dataDir = ScratchDirectory.create("wfp-routing-bench-");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformOptions(dataDir, 0, -1, "127.0.0.1"))) {
            HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
            String base = platform.httpsUrl();
            publish(client, base, platform.adminToken().value());
            HttpRequest routed = call(base + "/w/" + WORKFLOW);
            HttpRequest pinned = call(base + "/w/" + WORKFLOW + "/v/v1.0.0");

            System.out.println("GatewayRoutingBenchmark: " + CONNECTIONS + " keep-alive connections, "
                    + WARMUP_MS / 1000 + " s warm-up, " + MEASURE_MS / 1000 + " s per round, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            drive(client, routed, WARMUP_MS / 2);
            drive(client, pinned, WARMUP_MS / 2);
            // Rounds in ABBA order (pinned, routed, routed, pinned, ...) so a steady drift (JIT, other
            // load on the machine) weighs on both sides alike.
            List<Result> pinnedRounds = new ArrayList<>();
            List<Result> routedRounds = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                boolean pinnedNow = round % 4 == 0 || round % 4 == 3;
                Result result = pinnedNow
                        ? measure("pinned /v/v1.0.0 (baseline) #" + (pinnedRounds.size() + 1), client, pinned)
                        : measure("routed (routing cache) #" + (routedRounds.size() + 1), client, routed);
                (pinnedNow ? pinnedRounds : routedRounds).add(result);
                System.out.println(result.line());
            }
            Result pinnedTotal = total("pinned /v/v1.0.0, all rounds", pinnedRounds);
            Result routedTotal = total("routed, all rounds", routedRounds);
            System.out.println(pinnedTotal.line());
            System.out.println(routedTotal.line());
            double pinnedRate = pinnedTotal.perSecond();
            double routedRate = routedTotal.perSecond();
            double pinnedP50 = pinnedTotal.micros().getValueAtPercentile(50);
            double routedP50 = routedTotal.micros().getValueAtPercentile(50);
            System.out.printf("ratio: routed/pinned throughput %.3f; routing costs %.1f%% of throughput and %+.0f us"
                            + " (%+.1f%%) at p50 (target: under 10%%)%n",
                    routedRate / pinnedRate, (1 - routedRate / pinnedRate) * 100, routedP50 - pinnedP50,
                    (routedP50 / pinnedP50 - 1) * 100);
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    private static HttpRequest call(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\"}")).build();
    }

    private static void publish(HttpClient client, String base, String token) throws Exception {
        ObjectNode body = ReportJson.mapper().createObjectNode().put("version", "v1.0.0");
        // Open to anyone, so the figures are routing's alone (AuthorizationBenchmark measures the key check).
        body.set("definition", ReportJson.mapper().readTree(Files.readString(greetingSample())
                .replace("\"auth\": \"apiKey\"", "\"auth\": \"none\"")));
        JsonNode accepted = send(client, base + "/api/v1/workflows/" + WORKFLOW + "/releases", token, ReportJson.write(body));
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

    private static Result total(String name, List<Result> rounds) {
        Histogram all = new Histogram(3);
        rounds.forEach(r -> all.add(r.micros()));
        return new Result(name, all.getTotalCount(), rounds.stream().mapToDouble(Result::seconds).sum(), all);
    }

    private static Result measure(String name, HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        Histogram total = new Histogram(3);
        drive(client, request, MEASURE_MS).forEach(total::add);
        return new Result(name, total.getTotalCount(), (System.nanoTime() - start) / 1e9, total);
    }

    /** Sends the request through the closed-loop load; a call not answered 200 with X-Workflow-Version stops it. */
    private static List<Histogram> drive(HttpClient client, HttpRequest request, long millis) throws Exception {
        return ClosedLoopLoad.drive(CONNECTIONS, millis, () -> {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || answer.headers().firstValue("X-Workflow-Version").isEmpty()) {
                throw new IllegalStateException("unexpected answer " + answer.statusCode() + ": " + answer.body());
            }
            return answer.statusCode();
        }, 200);
    }
}
