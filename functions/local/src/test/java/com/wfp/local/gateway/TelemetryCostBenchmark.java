package com.wfp.local.gateway;

import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.TelemetryStats;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What production telemetry costs the data path: the routed production URL over HTTPS through the
 * gateway to an in-process pod, on two platforms started side by side in this JVM, one with
 * telemetry off and one with it on. "On" is the platform's wiring: every forwarded call and its
 * caller into the bounded buffer, every pod execution line parsed into an execution record, the
 * buffer drained into {@code telemetry.db} each second.
 *
 * <p>A shared machine's throughput drifts by more than the cost measured, so the two are measured
 * in interleaved rounds, each round both sides back to back, the order flipped every round (off
 * then on, on then off, ...) so that a drift within a round falls on each side as often; the cost
 * is the median of the rounds' on/off ratios, printed with their spread. Both platforms are
 * started and warmed once (the JIT warms the shared code on both before any round counts). Target:
 * under 5% of the throughput. Arguments: rounds (default 6), connections (default 32); about
 * 25 s a round. Run it with {@code ./wfp bench TelemetryCostBenchmark}.
 */
public final class TelemetryCostBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.println("TelemetryCostBenchmark: routed URL over HTTPS, telemetry off and on interleaved, " + rounds
                + " rounds, " + connections + " connections, " + Runtime.getRuntime().availableProcessors() + " cores");
        try (DataPathFixture off = new DataPathFixture(Files.createTempDirectory("wfp-telemetry-bench-off-"), false);
             DataPathFixture on = new DataPathFixture(Files.createTempDirectory("wfp-telemetry-bench-on-"), true)) {
            Callable<Integer> callOff = routedCall(off);
            Callable<Integer> callOn = routedCall(on);
            // Not counted: both paths warm up before either is measured.
            GatewayBenchmark.run("warm-up, telemetry off", callOff, 200, connections);
            GatewayBenchmark.run("warm-up, telemetry on", callOn, 200, connections);
            List<GatewayBenchmark.Result> offResults = new ArrayList<>();
            List<GatewayBenchmark.Result> onResults = new ArrayList<>();
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                boolean offFirst = round % 2 == 0;
                GatewayBenchmark.Result first = GatewayBenchmark.run((offFirst ? "off" : "on ") + " (round " + (round + 1)
                        + ")", offFirst ? callOff : callOn, 200, connections);
                GatewayBenchmark.Result second = GatewayBenchmark.run((offFirst ? "on " : "off") + " (round " + (round + 1)
                        + ")", offFirst ? callOn : callOff, 200, connections);
                GatewayBenchmark.Result offResult = offFirst ? first : second;
                GatewayBenchmark.Result onResult = offFirst ? second : first;
                offResults.add(offResult);
                onResults.add(onResult);
                ratios[round] = onResult.perSecond() / offResult.perSecond();
                System.out.println(first.line());
                System.out.println(second.line());
                System.out.printf("  round %d: on/off %.3f%n", round + 1, ratios[round]);
            }
            Thread.sleep(1500);
            TelemetryStats stats = on.telemetry.stats();
            System.out.printf("telemetry on: %d items accepted, %d written, %d dropped (buffer full %d, store failed %d); "
                            + "the store lists %d executions (at most 1000 asked)%n", stats.accepted(), stats.written(),
                    stats.dropped(), stats.droppedFull(), stats.droppedFailed(), on.telemetryExecutions(
                            new ExecutionQuery(DataPathFixture.GREETER, null, null, null, null, ExecutionQuery.MAX_LIMIT)));
            double ratio = median(ratios);
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf("off: median %.0f calls/s; on: median %.0f calls/s%n",
                    median(offResults.stream().mapToDouble(GatewayBenchmark.Result::perSecond).toArray()),
                    median(onResults.stream().mapToDouble(GatewayBenchmark.Result::perSecond).toArray()));
            System.out.printf("ratio: telemetry on reaches %.3fx the throughput with it off (median of %d rounds; rounds "
                            + "%.3f-%.3f): a cost of %.1f%% (target under 5%%)%n", ratio, rounds, sorted[0],
                    sorted[sorted.length - 1], (1 - ratio) * 100);
        }
    }

    private static Callable<Integer> routedCall(DataPathFixture platform) throws Exception {
        platform.publish("v1.0.0", DataPathFixture.echo("bench"));
        HttpRequest routed = HttpRequest.newBuilder(platform.url("/w/ada/shop/greeter"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build();
        return () -> platform.client.send(routed, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
