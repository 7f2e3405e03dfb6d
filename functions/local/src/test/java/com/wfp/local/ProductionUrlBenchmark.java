package com.wfp.local;

import com.wfp.adapters.pod.PodProtocol;
import com.wfp.local.bench.PublishToServingBenchmark;
import com.wfp.platform.port.PodEndpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production URL as a caller meets it: the platform started in this JVM as {@code wfp start} starts it (the
 * gateway here, the user's pod a child JVM), loaded by {@code wrk} in its own process over loopback, so the load
 * generator's cost is the same small one for every target. Targets, side by side in alternating rounds of one run:
 * the user's pod directly ({@code POST /run/{releaseId}} over plain HTTP with the pod token), the gateway's
 * {@code GET /api/v1/health} over HTTPS (the bare HTTPS hello-world of the gateway's stack), and the routed and
 * pinned production URLs over HTTPS with an API key, the trivial workflow trigger -> transform -> respond. It
 * prints each target's median rate and p99 over the rounds, the ratios the data path's targets name, the CPU each
 * process spent per routed call, the fastest a routed call could be on these cores if routing and the hop to the pod
 * cost nothing (the machine's CPU per hello-world call plus the pod's per direct call), and then the pod's cold start (launch to ready), stopping and starting it again.
 *
 * <p>Needs {@code wrk} on the PATH ({@code ./wfp bench ProductionUrlBenchmark} installs it with apt-get where it
 * can). Arguments: rounds (default 3), seconds per phase (default 8), connections (default 32). About two and a
 * half minutes; stops by itself.
 */
public final class ProductionUrlBenchmark {

    private static final String USER = "local";
    private static final String WORKFLOW = USER + "/default/greeting";
    private static final String INPUT = "{\"name\":\"Ada\"}";
    private static final int WRK_THREADS = 2;
    private static final int COLD_STARTS = 3;
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("\\n\\s+50%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern P99 = Pattern.compile("\\n\\s+99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

    /** One wrk phase: requests a second and latency percentiles in milliseconds. */
    private record Phase(double perSecond, double p50Millis, double p99Millis) {
    }

    private record Target(String name, String url, Path script) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String wrk = findWrk();
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        Path dataDir = ScratchDirectory.create("wfp-production-url-bench-");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatformOptions(dataDir, 0, -1, "127.0.0.1"))) {
            ControlApi api = new ControlApi(TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir)),
                    platform.httpsUrl(), platform.adminToken().value());
            api.publish(WORKFLOW, "v1.0.0", Files.readString(PublishToServingBenchmark.sampleGreeting()), "all");
            String key = api.createKey(USER + "/default");
            String releaseId = releaseIdServing(api.client(), platform.httpsUrl(), key);
            PodEndpoint pod = platform.services().pods().ensurePod(USER);
            long podPid = podPid();

            String base = platform.httpsUrl().replace("localhost", "127.0.0.1");
            List<Target> targets = List.of(
                    new Target("pod POST /run directly (HTTP)", PodProtocol.runUri(pod.baseUrl(), releaseId, null).toString(),
                            script(dataDir, "pod", "Authorization: Bearer " + pod.token())),
                    new Target("GET /api/v1/health (HTTPS)", base + "/api/v1/health", null),
                    new Target("pinned URL (HTTPS)", base + "/w/" + WORKFLOW + "/v/v1.0.0",
                            script(dataDir, "pinned", "X-Api-Key: " + key)),
                    new Target("routed URL (HTTPS)", base + "/w/" + WORKFLOW,
                            script(dataDir, "routed", "X-Api-Key: " + key)));
            System.out.printf("ProductionUrlBenchmark: wrk -t%d -c%d, %d s per phase, %d alternating rounds, %d cores;"
                            + " gateway in this JVM (pid %d), pod pid %d%n", WRK_THREADS, connections, seconds, rounds,
                    Runtime.getRuntime().availableProcessors(), ProcessHandle.current().pid(), podPid);

            // The JIT of both JVMs settles over the first half minute; none of it counts.
            for (Target target : targets) {
                run(wrk, target, connections, target.name().startsWith("routed") ? 20 : 8);
            }
            Map<String, List<Phase>> phases = new LinkedHashMap<>();
            double[] cpuPerRoutedCall = new double[2];
            double cpuPerDirectCall = 0;
            double cpuPerHelloCall = 0;
            // Every process's CPU and the kernel's, per call: what the two cores can give a target at most.
            double machinePerHelloCall = 0;
            double machinePerRoutedCall = 0;
            for (int round = 0; round < rounds; round++) {
                List<Target> order = new ArrayList<>(targets);
                // Rotate the order, so that a drift within a round falls on every target alike.
                java.util.Collections.rotate(order, round);
                for (Target target : order) {
                    long gatewayBefore = cpuNanos(ProcessHandle.current().pid());
                    long podBefore = cpuNanos(podPid);
                    long machineBefore = machineBusyNanos();
                    Phase phase = run(wrk, target, connections, seconds);
                    double calls = phase.perSecond() * seconds;
                    if (target.name().startsWith("routed")) {
                        cpuPerRoutedCall[0] += (cpuNanos(ProcessHandle.current().pid()) - gatewayBefore) / 1e3 / calls / rounds;
                        cpuPerRoutedCall[1] += (cpuNanos(podPid) - podBefore) / 1e3 / calls / rounds;
                        machinePerRoutedCall += (machineBusyNanos() - machineBefore) / 1e3 / calls / rounds;
                    } else if (target == targets.get(0)) {
                        cpuPerDirectCall += (cpuNanos(podPid) - podBefore) / 1e3 / calls / rounds;
                    } else if (target == targets.get(1)) {
                        cpuPerHelloCall += (cpuNanos(ProcessHandle.current().pid()) - gatewayBefore) / 1e3 / calls / rounds;
                        machinePerHelloCall += (machineBusyNanos() - machineBefore) / 1e3 / calls / rounds;
                    }
                    phases.computeIfAbsent(target.name(), name -> new ArrayList<>()).add(phase);
                    System.out.printf("round %d  %-32s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms%n", round + 1,
                            target.name(), phase.perSecond(), phase.p50Millis(), phase.p99Millis());
                }
            }
            System.out.println("medians over the rounds:");
            Map<String, Phase> median = new LinkedHashMap<>();
            for (Map.Entry<String, List<Phase>> entry : phases.entrySet()) {
                Phase m = new Phase(median(entry.getValue().stream().mapToDouble(Phase::perSecond).toArray()),
                        median(entry.getValue().stream().mapToDouble(Phase::p50Millis).toArray()),
                        median(entry.getValue().stream().mapToDouble(Phase::p99Millis).toArray()));
                median.put(entry.getKey(), m);
                System.out.printf("  %-32s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms%n", entry.getKey(), m.perSecond(),
                        m.p50Millis(), m.p99Millis());
            }
            Phase podDirect = median.get(targets.get(0).name());
            Phase hello = median.get(targets.get(1).name());
            Phase pinned = median.get(targets.get(2).name());
            Phase routed = median.get(targets.get(3).name());
            System.out.printf("ratio: routed %.2fx the pod directly (target >= 0.6), %.2fx the HTTPS hello-world "
                            + "(target >= 0.5); routed p99 %.2f ms at %d connections (target <= 10); pinned/routed %.2f "
                            + "(target within 10%%)%n", routed.perSecond() / podDirect.perSecond(),
                    routed.perSecond() / hello.perSecond(), routed.p99Millis(), connections,
                    pinned.perSecond() / routed.perSecond());
            System.out.printf("cpu per routed call: gateway JVM %.0f us, pod JVM %.0f us (wrk and the kernel's share of"
                    + " loopback outside both); pod JVM per direct call %.0f us, gateway JVM per hello-world call %.0f us%n",
                    cpuPerRoutedCall[0], cpuPerRoutedCall[1], cpuPerDirectCall, cpuPerHelloCall);
            if (machinePerHelloCall > 0) {
                // A routed call does all a hello-world call does (wrk, loopback, TLS, the gateway's stack) and then
                // the pod's run, on the same cores: even a route and a hop that cost nothing leave it this fast.
                int cores = Runtime.getRuntime().availableProcessors();
                double ceiling = cores * 1e6 / (machinePerHelloCall + cpuPerDirectCall);
                System.out.printf("machine cpu per call (every process and the kernel): hello-world %.0f us, routed %.0f us;"
                                + " a routed call costing only a hello-world's %.0f us plus the pod's direct run %.0f us would"
                                + " top out on %d cores at %.0f req/s: %.2fx the pod directly, %.2fx the hello-world%n",
                        machinePerHelloCall, machinePerRoutedCall, machinePerHelloCall, cpuPerDirectCall, cores, ceiling,
                        ceiling / podDirect.perSecond(), ceiling / hello.perSecond());
            }

            double[] coldStarts = new double[COLD_STARTS];
            for (int i = 0; i < COLD_STARTS; i++) {
                platform.services().pods().stop(USER);
                long start = System.nanoTime();
                platform.services().pods().ensurePod(USER);
                coldStarts[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf("pod cold start, launch to ready: median %.0f ms (%s; target <= 1000)%n",
                    median(coldStarts), Arrays.toString(Arrays.stream(coldStarts).mapToLong(Math::round).toArray()));
        } finally {
            ScratchDirectory.delete(dataDir);
        }
    }

    private static String findWrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        System.err.println("ProductionUrlBenchmark needs wrk on the PATH: apt-get install -y wrk");
        System.exit(2);
        return null;
    }

    /** A wrk script that posts the workflow's input with one extra header. */
    private static Path script(Path dir, String name, String header) throws IOException {
        int colon = header.indexOf(':');
        String lua = "wrk.method = \"POST\"\n"
                + "wrk.body = '" + INPUT + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"" + header.substring(0, colon) + "\"] = \"" + header.substring(colon + 1).strip() + "\"\n";
        Path file = dir.resolve(name + ".lua");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
        return file;
    }

    private static Phase run(String wrk, Target target, int connections, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(wrk, "-t" + WRK_THREADS, "-c" + connections, "-d" + seconds + "s",
                "--latency"));
        if (target.script() != null) {
            command.add("-s");
            command.add(target.script().toString());
        }
        command.add(target.url());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed for " + target.name() + ":\n" + output);
        }
        Matcher errors = ERRORS.matcher(output);
        if (errors.find()) {
            throw new IllegalStateException(target.name() + " did not answer every call with 2xx: " + errors.group()
                    + "\n" + output);
        }
        return new Phase(number(RATE, output), millis(P50, output), millis(P99, output));
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("wrk's output has no " + pattern + ":\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double millis(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("wrk's output has no " + pattern + ":\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** The release the routed URL serves, as its answer names it. */
    private static String releaseIdServing(HttpClient client, String httpsUrl, String key) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(httpsUrl + "/w/" + WORKFLOW))
                .header("Content-Type", "application/json").header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(INPUT)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the production URL answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.headers().firstValue("X-Release-Id")
                .orElseThrow(() -> new IllegalStateException("the answer names no release: " + answer.headers()));
    }

    /** The one pod this JVM launched. */
    private static long podPid() {
        return ProcessHandle.current().children().filter(ProductionUrlBenchmark::isPod)
                .findFirst().orElseThrow(() -> new IllegalStateException("no pod process runs")).pid();
    }

    private static boolean isPod(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
                    .contains("com.wfp.pod.PodMain");
        } catch (IOException e) {
            return false;
        }
    }

    /** User and system CPU time of a process, from {@code /proc}. */
    private static long cpuNanos(long pid) throws IOException {
        if (pid == ProcessHandle.current().pid()) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** Busy CPU time of the whole machine (every state but idle and waiting for I/O), from {@code /proc/stat}; 0 without it. */
    private static long machineBusyNanos() {
        try {
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
