package com.wfp.local.gateway;

import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.TelemetryStats;

import com.wfp.local.ScratchDirectory;
import com.wfp.local.bench.ClosedLoopLoad;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * is the median of the rounds' on/off ratios, printed with their spread. Beside throughput each
 * phase reports this process's CPU time per call (load generator, gateway, pod and telemetry all
 * run in it, on the same cores), which drifts far less than throughput and says where the cost is.
 * Both platforms are started once and warmed in alternating rounds that do not count, since the
 * JIT keeps compiling the telemetry side's code for half a minute after the off side settles.
 * Target: under 5% of the throughput. Arguments: rounds (default 8), connections (default 32);
 * about 20 s a round, a minute of warm-up. Run it with {@code ./wfp bench TelemetryCostBenchmark}.
 */
public final class TelemetryCostBenchmark {

    private static final long WARM_MS = 2_000;
    private static final long MEASURE_MS = 8_000;
    private static final int WARM_ROUNDS = 3;

    /** One measured phase: its throughput and latency, and this process's CPU time per call. */
    private record Phase(GatewayBenchmark.Result result, double cpuMicrosPerCall) {
        String line() {
            return String.format("%s   cpu %5.1f us/call", result.line(), cpuMicrosPerCall);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.println("TelemetryCostBenchmark: routed URL over HTTPS, telemetry off and on interleaved, " + rounds
                + " rounds, " + connections + " connections, " + Runtime.getRuntime().availableProcessors() + " cores");
        Path offDir = ScratchDirectory.create("wfp-telemetry-bench-off-");
        Path onDir = ScratchDirectory.create("wfp-telemetry-bench-on-");
        try (DataPathFixture off = new DataPathFixture(offDir, false);
             DataPathFixture on = new DataPathFixture(onDir, true)) {
            Callable<Integer> callOff = routedCall(off);
            Callable<Integer> callOn = routedCall(on);
            for (int round = 0; round < WARM_ROUNDS; round++) {
                System.out.println("warm-up (not counted): " + measure("off", callOff, connections).line());
                System.out.println("warm-up (not counted): " + measure("on", callOn, connections).line());
            }
            List<Phase> offPhases = new ArrayList<>();
            List<Phase> onPhases = new ArrayList<>();
            double[] ratios = new double[rounds];
            double[] cpuRatios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                boolean offFirst = round % 2 == 0;
                Phase first = measure((offFirst ? "off" : "on ") + " (round " + (round + 1) + ")",
                        offFirst ? callOff : callOn, connections);
                Phase second = measure((offFirst ? "on " : "off") + " (round " + (round + 1) + ")",
                        offFirst ? callOn : callOff, connections);
                Phase offPhase = offFirst ? first : second;
                Phase onPhase = offFirst ? second : first;
                offPhases.add(offPhase);
                onPhases.add(onPhase);
                ratios[round] = onPhase.result().perSecond() / offPhase.result().perSecond();
                cpuRatios[round] = offPhase.cpuMicrosPerCall() / onPhase.cpuMicrosPerCall();
                System.out.println(first.line());
                System.out.println(second.line());
                System.out.printf("  round %d: on/off throughput %.3f, CPU per call off/on %.3f%n", round + 1,
                        ratios[round], cpuRatios[round]);
            }
            Thread.sleep(1500);
            TelemetryStats stats = on.telemetry.stats();
            System.out.printf("telemetry on: %d items accepted, %d written, %d dropped (buffer full %d, store failed %d); "
                            + "the store lists %d executions (at most 1000 asked)%n", stats.accepted(), stats.written(),
                    stats.dropped(), stats.droppedFull(), stats.droppedFailed(), on.telemetryExecutions(
                            new ExecutionQuery(DataPathFixture.GREETER, null, null, null, null, ExecutionQuery.MAX_LIMIT)));
            System.out.printf("off: median %.0f calls/s, %.1f us CPU a call; on: median %.0f calls/s, %.1f us CPU a call%n",
                    median(offPhases.stream().mapToDouble(p -> p.result().perSecond()).toArray()),
                    median(offPhases.stream().mapToDouble(Phase::cpuMicrosPerCall).toArray()),
                    median(onPhases.stream().mapToDouble(p -> p.result().perSecond()).toArray()),
                    median(onPhases.stream().mapToDouble(Phase::cpuMicrosPerCall).toArray()));
            double cpuRatio = median(cpuRatios);
            double[] cpuSorted = cpuRatios.clone();
            Arrays.sort(cpuSorted);
            System.out.printf("CPU: a call with telemetry on takes %.1f%% more of this process's CPU (median of %d rounds; "
                            + "off/on %.3f-%.3f)%n", (1 / cpuRatio - 1) * 100, rounds, cpuSorted[0],
                    cpuSorted[cpuSorted.length - 1]);
            double ratio = median(ratios);
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf("ratio: telemetry on reaches %.3fx the throughput with it off (median of %d rounds; rounds "
                            + "%.3f-%.3f): a cost of %.1f%% (target under 5%%)%n", ratio, rounds, sorted[0],
                    sorted[sorted.length - 1], (1 - ratio) * 100);
        } finally {
            ScratchDirectory.delete(offDir);
            ScratchDirectory.delete(onDir);
        }
    }

    /** Warms {@code call} briefly, then drives it for the measured window, timing this process's CPU in it. */
    private static Phase measure(String name, Callable<Integer> call, int connections) throws Exception {
        ClosedLoopLoad.drive(connections, WARM_MS, call, 200);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        List<Histogram> perCaller = ClosedLoopLoad.drive(connections, MEASURE_MS, call, 200);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        Histogram total = new Histogram(3);
        perCaller.forEach(total::add);
        return new Phase(new GatewayBenchmark.Result(name, total.getTotalCount(), seconds, total),
                cpu / 1000.0 / Math.max(1, total.getTotalCount()));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
