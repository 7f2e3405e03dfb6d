package com.wfp.local.gateway;

import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.TelemetryStats;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What production telemetry costs the data path: the routed production URL over HTTPS through the
 * gateway to an in-process pod, with telemetry off and on, alternated (off, on, off, on) in the
 * same run so drift of the machine falls on both. "On" is the platform's wiring: every forwarded
 * call and its caller into the bounded buffer, every pod execution line parsed into an execution
 * record, the buffer drained into {@code telemetry.db} each second. A first off/on pair warms the
 * JIT and is not counted. Target: under 5% of the throughput. 32 connections by default (the
 * first argument changes it); about 80 s. Run it with
 * {@code ./wfp bench TelemetryCostBenchmark}.
 */
public final class TelemetryCostBenchmark {

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        System.out.println("TelemetryCostBenchmark: routed URL over HTTPS, telemetry off/on alternated, " + connections
                + " connections, " + Runtime.getRuntime().availableProcessors() + " cores");
        // A first pair, not counted: the JIT warms the whole path before either side is measured.
        phase(false, "warm-up, telemetry off", connections);
        phase(true, "warm-up, telemetry on", connections);
        List<GatewayBenchmark.Result> off = new ArrayList<>();
        List<GatewayBenchmark.Result> on = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            off.add(phase(false, "telemetry off (round " + round + ")", connections));
            on.add(phase(true, "telemetry on  (round " + round + ")", connections));
        }
        for (int i = 0; i < off.size(); i++) {
            System.out.println(off.get(i).line());
            System.out.println(on.get(i).line());
        }
        double offPerSecond = off.stream().mapToDouble(GatewayBenchmark.Result::perSecond).average().orElseThrow();
        double onPerSecond = on.stream().mapToDouble(GatewayBenchmark.Result::perSecond).average().orElseThrow();
        double cost = (1 - onPerSecond / offPerSecond) * 100;
        System.out.printf("ratio: telemetry on reaches %.3fx the throughput with it off (%.0f vs %.0f calls/s): a cost "
                + "of %.1f%% (target under 5%%)%n", onPerSecond / offPerSecond, onPerSecond, offPerSecond, cost);
    }

    private static GatewayBenchmark.Result phase(boolean telemetry, String label, int connections) throws Exception {
        Path dataDir = Files.createTempDirectory("wfp-telemetry-bench-");
        try (DataPathFixture platform = new DataPathFixture(dataDir, telemetry)) {
            platform.publish("v1.0.0", DataPathFixture.echo("bench"));
            HttpRequest routed = HttpRequest.newBuilder(platform.url("/w/ada/shop/greeter"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build();
            Callable<Integer> call = () -> platform.client.send(routed, HttpResponse.BodyHandlers.ofString()).statusCode();
            GatewayBenchmark.Result result = GatewayBenchmark.run(label, call, 200, connections);
            if (telemetry) {
                Thread.sleep(1500);
                TelemetryStats stats = platform.telemetry.stats();
                System.out.printf("  %s: %d items accepted, %d written, %d dropped (buffer full %d, store failed %d); "
                                + "the store lists %d executions (at most 1000 asked)%n", label, stats.accepted(),
                        stats.written(), stats.dropped(), stats.droppedFull(), stats.droppedFailed(),
                        platform.telemetryExecutions(new ExecutionQuery(DataPathFixture.GREETER, null, null, null, null,
                                ExecutionQuery.MAX_LIMIT)));
            }
            return result;
        }
    }
}
