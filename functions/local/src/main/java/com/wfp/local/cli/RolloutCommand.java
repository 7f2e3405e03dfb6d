package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code wfp rollout WORKFLOW --version V [--steps 10,50,100] [--interval 30s] [guard options]}
 * starts a progressive rollout; {@code --status} shows it, {@code --cancel} stops it.
 */
@Command(name = "rollout", mixinStandardHelpOptions = false,
        description = "Roll a version out step by step, rolling back by itself when its error rate or p95 crosses a limit.")
final class RolloutCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    // Not the standard help mixin: its -V/--version would take this command's own --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "VERSION", description = "The version to roll out.")
    String version;
    @Option(names = "--steps", split = ",", description = "Percentages, ending at 100 (default: 10,50,100).")
    java.util.List<Integer> steps;
    @Option(names = "--interval", description = "Least time at each step, such as 30s or 5m (default: 60s).")
    String interval;
    @Option(names = "--max-error-rate", description = "Highest error share tolerated, 0 to 1 (default: 0.05).")
    Double maxErrorRate;
    @Option(names = "--max-p95-ms", description = "Highest p95 latency tolerated in ms (default: 1000).")
    Double maxP95Ms;
    @Option(names = "--min-requests", description = "Fewest calls in the window to judge (default: 20).")
    Long minRequests;
    @Option(names = "--window", description = "How far back each judgement looks, such as 60s (default: 60s).")
    String window;
    @Option(names = "--status", description = "Show the latest rollout.")
    boolean status;
    @Option(names = "--cancel", description = "Stop the running rollout, leaving traffic as it is.")
    boolean cancel;

    @Override
    int run(PlatformClient platform) {
        String path = workflow.apiPath() + "/rollout";
        JsonNode state;
        if (cancel) {
            state = platform.delete(path);
        } else if (status || version == null) {
            if (!status) {
                throw new PlatformClient.ApiError(400, "cli.missing-version", "Name the version to roll out",
                        "Give --version V, or --status / --cancel for the running rollout.");
            }
            state = platform.get(path);
        } else {
            ObjectNode body = ReportJson.mapper().createObjectNode().put("version", version);
            if (steps != null) {
                steps.forEach(body.putArray("steps")::add);
            }
            if (interval != null) {
                body.put("intervalSeconds", seconds(interval));
            }
            if (window != null) {
                body.put("windowSeconds", seconds(window));
            }
            if (maxErrorRate != null) {
                body.put("maxErrorRate", maxErrorRate);
            }
            if (maxP95Ms != null) {
                body.put("maxP95Ms", maxP95Ms);
            }
            if (minRequests != null) {
                body.put("minRequests", minRequests);
            }
            state = platform.post(path, body, Map.of());
        }
        if (json) {
            out.println(ReportJson.write(state));
            return OK;
        }
        printState(out, state);
        return "ROLLED_BACK".equals(state.path("status").asText()) ? FAILED : OK;
    }

    /** Reads 30s, 5m, 1h, 250ms or a bare number of seconds. */
    static double seconds(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Double.parseDouble(t.substring(0, t.length() - 2)) / 1000;
            }
            if (t.endsWith("s")) {
                return Double.parseDouble(t.substring(0, t.length() - 1));
            }
            if (t.endsWith("m")) {
                return Double.parseDouble(t.substring(0, t.length() - 1)) * 60;
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1))).toSeconds();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new PlatformClient.ApiError(400, "cli.invalid-duration", "'" + text + "' is not a duration",
                    "Give durations such as 30s, 5m or 250ms.");
        }
    }

    static void printState(PrintStream out, JsonNode state) {
        out.println("Rollout of " + state.path("candidate").asText() + " (from " + state.path("previous").asText()
                + "): " + state.path("status").asText() + " at step " + state.path("step").asInt() + "/"
                + state.path("steps").size() + " (" + state.path("percent").asInt() + "%)");
        out.println("  " + state.path("reason").asText());
        JsonNode stats = state.path("lastStats");
        if (stats.isObject()) {
            out.println(String.format(Locale.ROOT, "  last window: %d calls, %d errors (%.1f%%), p95 %.1f ms",
                    stats.path("requests").asLong(), stats.path("errors").asLong(),
                    stats.path("errorRate").asDouble() * 100, stats.path("p95Ms").asDouble()));
        }
    }
}
