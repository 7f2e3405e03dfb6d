package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wfp pods} lists every pod with its state, memory, load and plan; {@code wfp pods set USER}
 * changes a user's plan.
 */
@Command(name = "pods", mixinStandardHelpOptions = true,
        description = "List the pods with their state, memory, load and plan.",
        subcommands = {PodsCommand.SetPlan.class})
final class PodsCommand extends ClientCommand {

    @Override
    int run(PlatformClient platform) {
        JsonNode pods = platform.get("/pods");
        return print(pods, () -> {
            if (pods.path("pods").isEmpty()) {
                out.println("No pods yet: a user's pod starts with their first publish.");
                return;
            }
            TextTable table = new TextTable("USER", "KIND", "STATE", "PID", "MEMORY", "IN FLIGHT", "QUEUED", "HEAP",
                    "CPUS", "CONCURRENCY", "QUEUE", "RESTARTS", "UPTIME", "RELEASES");
            for (JsonNode pod : pods.path("pods")) {
                JsonNode plan = pod.path("plan");
                table.row(pod.path("user").asText(), pod.path("kind").asText(),
                        pod.path("state").asText() + (pod.path("planPending").asBoolean() ? " (new plan at next start)" : ""),
                        known(pod.path("pid").asLong()), megabytes(pod.path("memoryBytes").asLong()),
                        known(pod.path("inFlight").asLong()), known(pod.path("queued").asLong()),
                        plan.path("heapMb").asInt() + " MiB", plan.path("cpus").asText(),
                        plan.path("maxConcurrency").asText(), plan.path("queueSize").asText(),
                        pod.path("restarts").asText(), uptime(pod.path("uptimeMs").asLong()),
                        Integer.toString(pod.path("releases").size()));
            }
            table.print(out);
        });
    }

    private static String known(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "-" : (bytes + (1 << 19)) / (1 << 20) + " MiB";
    }

    private static String uptime(long millis) {
        if (millis <= 0) {
            return "-";
        }
        long seconds = millis / 1000;
        return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m" : seconds / 3600 + "h";
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a user's pod plan; values not given keep theirs. The production pod takes it at "
                    + "its next start, or at once with --restart.")
    static final class SetPlan extends ClientCommand {

        @Parameters(index = "0", paramLabel = "USER", description = "Whose pod.")
        String user;

        @Option(names = "--heap-mb", description = "Maximum heap in MiB (64 to 16384).")
        Integer heapMb;

        @Option(names = "--cpus", description = "Cores the pod's JVM sizes itself for (1 to 64).")
        Integer cpus;

        @Option(names = "--concurrency", description = "Executions at once (1 to 1024).")
        Integer concurrency;

        @Option(names = "--queue", description = "Executions queued beyond that before 429 (0 to 10000).")
        Integer queue;

        @Option(names = "--restart", description = "Restart the production pod now with the new plan "
                + "(its calls are refused for the second it takes).")
        boolean restart;

        @Override
        int run(PlatformClient platform) {
            ObjectNode body = ReportJson.mapper().createObjectNode();
            if (heapMb != null) {
                body.put("heapMb", heapMb);
            }
            if (cpus != null) {
                body.put("cpus", cpus);
            }
            if (concurrency != null) {
                body.put("maxConcurrency", concurrency);
            }
            if (queue != null) {
                body.put("queueSize", queue);
            }
            body.put("restart", restart);
            JsonNode pod = platform.put("/pods/" + user + "/plan", body);
            return print(pod, () -> {
                JsonNode plan = pod.path("plan");
                out.println("Pod plan of " + pod.path("user").asText() + ": " + plan.path("heapMb").asInt() + " MiB heap, "
                        + plan.path("cpus").asInt() + " cpus, " + plan.path("maxConcurrency").asInt() + " at once, "
                        + plan.path("queueSize").asInt() + " queued.");
                out.println(pod.path("planPending").asBoolean()
                        ? "The running pod keeps its old plan until it starts again; add --restart to apply it now."
                        : "The production pod is " + pod.path("state").asText() + " with this plan.");
            });
        }
    }
}
