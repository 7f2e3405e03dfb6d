package com.wfp.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.publishing.ValidateHandler;
import com.wfp.local.ScratchDirectory;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminToken;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import com.wfp.local.bench.ClosedLoopLoad;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Load driver for the local gateway: POST /api/v1/validate and GET /api/v1/health over HTTPS with
 * keep-alive, against a baseline measured in the same run, the validate handler called in-process
 * with the same document (what the work costs without TLS, HTTP and event translation).
 * The baseline runs first and last, so machine noise shows as a gap between the two. Runs about
 * 45 s and stops by itself. Run it with {@code ./wfp bench GatewayBenchmark}.
 */
public final class GatewayBenchmark {

    private static final int CLIENT_THREADS = 2;
    private static final long WARMUP_MS = 3_000;
    private static final long MEASURE_MS = 8_000;

    record Result(String name, long requests, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format("%-36s %7.0f req/s   mean %7.0f us   p50 %7.0f us   p99 %7.0f us   max %7.0f us   (%d requests)",
                    name, perSecond(), latencyMicros.getMean(), (double) latencyMicros.getValueAtPercentile(50),
                    (double) latencyMicros.getValueAtPercentile(99), (double) latencyMicros.getMaxValue(), requests);
        }
    }

    public static void main(String[] args) throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        byte[] workflow = readWorkflow();
        Path dataDir = ScratchDirectory.create("wfp-bench-");
        AdminToken token = new AdminTokenStore(dataDir).loadOrCreate();
        try (LocalGateway gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, GatewaySettings.HTTP_OFF,
                new CertificateStore(dataDir).loadOrCreate(), token, GatewaySettings.DEFAULT_MAX_BODY_BYTES)).start()) {
            HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
            String base = "https://127.0.0.1:" + gateway.httpsPort() + ControlRoutes.API_PREFIX;
            HttpRequest validate = HttpRequest.newBuilder(URI.create(base + "/validate"))
                    .header("Authorization", "Bearer " + token.value())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(workflow)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).build();

            ValidateHandler handler = new ValidateHandler();
            String body = new String(workflow, StandardCharsets.UTF_8);
            Callable<Integer> inProcess = () -> handler.handleRequest(
                    new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(body), null).getStatusCode();
            Callable<Integer> overHttps = () -> client.send(validate, HttpResponse.BodyHandlers.ofString()).statusCode();
            Callable<Integer> healthOverHttps = () -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode();

            System.out.println("GatewayBenchmark: " + CLIENT_THREADS + " client threads, " + WARMUP_MS / 1000 + " s warm-up and "
                    + MEASURE_MS / 1000 + " s measured per phase, " + workflow.length + "-byte workflow, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            Result before = run("validate in-process (baseline, first)", inProcess, 200);
            Result gatewayValidate = run("POST /api/v1/validate over HTTPS", overHttps, 200);
            Result gatewayHealth = run("GET /api/v1/health over HTTPS", healthOverHttps, 200);
            Result after = run("validate in-process (baseline, last)", inProcess, 200);
            for (Result result : List.of(before, gatewayValidate, gatewayHealth, after)) {
                System.out.println(result.line());
            }
            double baseline = (before.perSecond() + after.perSecond()) / 2;
            double baselineP50 = (before.latencyMicros().getValueAtPercentile(50)
                    + after.latencyMicros().getValueAtPercentile(50)) / 2.0;
            System.out.printf("ratio: validate over HTTPS reaches %.2fx the in-process baseline throughput; "
                            + "the gateway adds %.0f us at p50%n",
                    gatewayValidate.perSecond() / baseline,
                    gatewayValidate.latencyMicros().getValueAtPercentile(50) - baselineP50);
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    static Result run(String name, Callable<Integer> call, int expectedStatus) throws Exception {
        return run(name, call, expectedStatus, CLIENT_THREADS);
    }

    /** One phase: {@code connections} closed-loop callers, warmed up, then measured. */
    static Result run(String name, Callable<Integer> call, int expectedStatus, int connections) throws Exception {
        ClosedLoopLoad.drive(connections, WARMUP_MS, call, expectedStatus);
        long start = System.nanoTime();
        List<Histogram> perThread = ClosedLoopLoad.drive(connections, MEASURE_MS, call, expectedStatus);
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram total = new Histogram(3);
        perThread.forEach(total::add);
        return new Result(name, total.getTotalCount(), seconds, total);
    }

    private static byte[] readWorkflow() throws IOException {
        try (InputStream in = GatewayBenchmark.class.getResourceAsStream("/workflows/valid-greeting.json")) {
            if (in == null) {
                throw new IOException("test resource /workflows/valid-greeting.json is missing");
            }
            return in.readAllBytes();
        }
    }
}
