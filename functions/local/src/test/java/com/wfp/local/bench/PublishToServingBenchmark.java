package com.wfp.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.LocalPlatform;
import com.wfp.local.LocalPlatformOptions;
import com.wfp.local.ScratchDirectory;
import com.wfp.local.TlsTestClients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Publish-to-serving time: from the moment the publish call is made until the production URL
 * answers with the new release ({@code X-Workflow-Version} names it). Measured warm (new versions
 * of one workflow whose user's pod already runs) and cold (a new user each time, so the publish
 * provisions that user's pod), against a baseline measured in the same run: one bare HTTPS round
 * trip to the health route. The platform runs in this JVM, its pods as child JVMs. Stops by
 * itself in well under a minute; run it with {@code ./wfp bench PublishToServingBenchmark}.
 */
public final class PublishToServingBenchmark {

    private static final int WARM_PUBLISHES = 20;
    private static final int COLD_PUBLISHES = 5;
    private static final int BASELINE_CALLS = 200;
    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_PAUSE_MILLIS = 5;
    private static final double WARM_TARGET_P95_MILLIS = 2_000;
    private static final double COLD_TARGET_P95_MILLIS = 5_000;

    private final HttpClient client;
    private final String httpsUrl;
    private final String token;
    private final String definition;

    private PublishToServingBenchmark(HttpClient client, String httpsUrl, String token, String definition) {
        this.client = client;
        this.httpsUrl = httpsUrl;
        this.token = token;
        this.definition = definition;
    }

    public static void main(String[] args) throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        // Open to anyone: the figure is publish to serving, with no key to manage.
        String definition = Files.readString(sampleGreeting()).replace("\"auth\": \"apiKey\"", "\"auth\": \"none\"");
        Path dataDir = ScratchDirectory.create("wfp-publish-bench-");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformOptions(dataDir, 0, -1, "127.0.0.1"))) {
            HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
            PublishToServingBenchmark bench = new PublishToServingBenchmark(client, platform.httpsUrl(),
                    platform.adminToken().value(), definition);
            System.out.println("PublishToServingBenchmark: " + WARM_PUBLISHES + " warm and " + COLD_PUBLISHES
                    + " cold publishes (strategy all), baseline " + BASELINE_CALLS + " health round trips, "
                    + Runtime.getRuntime().availableProcessors() + " cores");

            // The first publish starts the warm user's pod and warms the platform's code paths; it is not counted.
            bench.publishAndAwaitServing("warm", "v0.0.1");
            double[] baselineBefore = bench.baseline();
            double[] warm = new double[WARM_PUBLISHES];
            for (int i = 0; i < WARM_PUBLISHES; i++) {
                warm[i] = bench.publishAndAwaitServing("warm", "v1." + i + ".0");
            }
            double[] cold = new double[COLD_PUBLISHES];
            for (int i = 0; i < COLD_PUBLISHES; i++) {
                cold[i] = bench.publishAndAwaitServing("cold" + i, "v1.0.0");
            }
            double[] baselineAfter = bench.baseline();
            double[] baseline = concat(baselineBefore, baselineAfter);

            double baselineP50 = percentile(baseline, 50);
            System.out.printf("baseline: HTTPS GET /api/v1/health round trip    p50 %8.2f ms  p95 %8.2f ms%n",
                    baselineP50, percentile(baseline, 95));
            report("warm pod: publish to serving (n=" + WARM_PUBLISHES + ")", warm, baselineP50, WARM_TARGET_P95_MILLIS);
            report("cold pod: publish to serving (n=" + COLD_PUBLISHES + ")", cold, baselineP50, COLD_TARGET_P95_MILLIS);
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    /** The sample greeting workflow, from the repository root (./wfp bench) or the module (Maven). */
    public static Path sampleGreeting() {
        Path fromRoot = Path.of("samples/workflows/valid/greeting.json");
        if (Files.isRegularFile(fromRoot)) {
            return fromRoot;
        }
        return Path.of("../../samples/workflows/valid/greeting.json");
    }

    /** Milliseconds from the publish call until the routed production URL serves {@code version}. */
    private double publishAndAwaitServing(String user, String version) throws Exception {
        String workflow = user + "/default/greeting";
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.set("definition", ReportJson.mapper().readTree(definition));
        body.put("version", version).put("notes", "benchmark").put("strategy", "all");
        HttpRequest publish = HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/workflows/" + workflow + "/releases"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ReportJson.write(body))).build();
        HttpRequest production = HttpRequest.newBuilder(URI.create(httpsUrl + "/w/" + workflow))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build();

        long start = System.nanoTime();
        HttpResponse<String> accepted = client.send(publish, HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("publish of " + workflow + " " + version + " answered "
                    + accepted.statusCode() + ": " + accepted.body());
        }
        long deadline = start + SERVING_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = client.send(production, HttpResponse.BodyHandlers.ofString());
            Optional<String> served = answer.headers().firstValue("X-Workflow-Version");
            if (answer.statusCode() == 200 && served.filter(version::equals).isPresent()) {
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.sleep(POLL_PAUSE_MILLIS);
        }
        throw new IllegalStateException(workflow + " " + version + " was not served within "
                + SERVING_TIMEOUT.toSeconds() + " s of its publish");
    }

    private double[] baseline() throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/health")).GET().build();
        double[] millis = new double[BASELINE_CALLS / 2];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("health answered " + answer.statusCode() + ": " + answer.body());
            }
        }
        return millis;
    }

    private static void report(String label, double[] millis, double baselineP50, double targetP95) {
        double p50 = percentile(millis, 50);
        double p95 = percentile(millis, 95);
        System.out.printf("%-48s p50 %8.2f ms  p95 %8.2f ms  max %8.2f ms  (p50 = %.0fx baseline p50; "
                        + "target p95 < %.0f ms: %s)%n", label, p50, p95, percentile(millis, 100), p50 / baselineP50,
                targetP95, p95 < targetP95 ? "met" : "MISSED");
        List<String> each = new ArrayList<>();
        for (double m : millis) {
            each.add(String.format("%.0f", m));
        }
        System.out.println("    each (ms): " + String.join(" ", each));
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double[] concat(double[] first, double[] second) {
        double[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
