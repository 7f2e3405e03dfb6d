package com.wfp.local.gateway;

import com.wfp.local.ScratchDirectory;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.port.PodEndpoint;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Load driver for the data path: a routed and a pinned production URL over HTTPS through the
 * gateway, against two baselines measured in the same run: the same release called on its pod
 * directly ({@code POST /run/{releaseId}} over plain HTTP with keep-alive, through the pod client the
 * gateway uses: what a call costs without the gateway), and the gateway's {@code GET /api/v1/health} over HTTPS (the bare HTTPS
 * hello-world of the gateway's Jetty stack, what TLS and HTTP cost without a pod). 32 connections
 * by default (the first argument changes it). Everything is warmed first; the pod baseline then
 * runs first and last. About 65 s; stops by itself. Run it with {@code ./wfp bench DataPathBenchmark}.
 */
public final class DataPathBenchmark {

    private static final long WARM_UP_ALL_NANOS = 5_000_000_000L;

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Path dataDir = ScratchDirectory.create("wfp-datapath-bench-");
        try (DataPathFixture platform = new DataPathFixture(dataDir)) {
            Deployment release = platform.publish("v1.0.0", DataPathFixture.echo("bench"));
            String input = "{\"name\":\"Ada\"}";
            // The pod is called the way the gateway calls it, through the one pod client, so the baseline and the
            // routed path differ only by what the gateway adds.
            PodEndpoint pod = new PodEndpoint(platform.pods.address(), InProcessPods.TOKEN);
            String releaseId = release.releaseId().value();
            HttpRequest routed = request(platform.url("/w/ada/shop/greeter"), input);
            HttpRequest pinned = request(platform.url("/w/ada/shop/greeter/v/v1.0.0"), input);
            HttpRequest health = HttpRequest.newBuilder(platform.url("/api/v1/health")).build();
            Callable<Integer> helloWorld = () -> platform.client.send(health, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            Callable<Integer> toPod = () -> platform.calls.runJson(pod, releaseId, input, null).status();
            Callable<Integer> viaRouted = () -> platform.client.send(routed, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            Callable<Integer> viaPinned = () -> platform.client.send(pinned, HttpResponse.BodyHandlers.ofString())
                    .statusCode();

            System.out.println("DataPathBenchmark: 5 s warm-up of all paths, then " + connections
                    + " connections, 3 s warm-up and 8 s measured per phase, "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            // Both gateway paths share most of their code: warm it all before the first measurement, so
            // that whichever phase runs first does not pay the JIT warm-up alone.
            long warmUpEnd = System.nanoTime() + WARM_UP_ALL_NANOS;
            while (System.nanoTime() < warmUpEnd) {
                toPod.call();
                viaPinned.call();
                viaRouted.call();
                helloWorld.call();
            }
            GatewayBenchmark.Result before = GatewayBenchmark.run("pod /run directly (baseline, first)", toPod, 200,
                    connections);
            GatewayBenchmark.Result hello = GatewayBenchmark.run("GET /api/v1/health over HTTPS", helloWorld, 200,
                    connections);
            GatewayBenchmark.Result pinnedResult = GatewayBenchmark.run("pinned URL over HTTPS", viaPinned, 200,
                    connections);
            GatewayBenchmark.Result routedResult = GatewayBenchmark.run("routed URL over HTTPS", viaRouted, 200,
                    connections);
            GatewayBenchmark.Result after = GatewayBenchmark.run("pod /run directly (baseline, last)", toPod, 200,
                    connections);
            for (GatewayBenchmark.Result result : List.of(before, hello, pinnedResult, routedResult, after)) {
                System.out.println(result.line());
            }
            double baseline = (before.perSecond() + after.perSecond()) / 2;
            double baselineP50 = (before.latencyMicros().getValueAtPercentile(50)
                    + after.latencyMicros().getValueAtPercentile(50)) / 2.0;
            System.out.printf("ratio: the routed URL reaches %.2fx the direct pod throughput and adds %.0f us at p50; "
                            + "the pinned URL %.2fx and %.0f us%n",
                    routedResult.perSecond() / baseline,
                    routedResult.latencyMicros().getValueAtPercentile(50) - baselineP50,
                    pinnedResult.perSecond() / baseline,
                    pinnedResult.latencyMicros().getValueAtPercentile(50) - baselineP50);
            System.out.printf("ratio: the routed URL reaches %.2fx the HTTPS hello-world throughput; pinned/routed %.2f;"
                            + " routed p99 %.1f ms at %d connections%n",
                    routedResult.perSecond() / hello.perSecond(), pinnedResult.perSecond() / routedResult.perSecond(),
                    routedResult.latencyMicros().getValueAtPercentile(99) / 1000.0, connections);
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    private static HttpRequest request(URI url, String input) {
        return HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(input)).build();
    }
}
