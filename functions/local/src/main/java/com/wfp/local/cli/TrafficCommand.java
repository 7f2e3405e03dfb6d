package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wfp traffic WORKFLOW}: shows the routing, or changes it with one of {@code --set},
 * {@code --promote}, {@code --demote}, {@code --switch}, {@code --sticky} or {@code --shadow}, then
 * shows the routing that resulted.
 */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = "Show or change how a workflow's production traffic is split between its releases.")
final class TrafficCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @ArgGroup(exclusive = true)
    Change change;

    static final class Change {
        @Option(names = "--set", paramLabel = "V=PCT,...", description = "Set every weight, such as v1.0.0=90,v1.1.0=10.")
        String set;
        @Option(names = "--promote", paramLabel = "VERSION", description = "Give the version all traffic.")
        String promote;
        @Option(names = "--demote", paramLabel = "VERSION", description = "Take the version's traffic away.")
        String demote;
        @Option(names = "--switch", description = "Blue/green: swap the release at 100%% and the one at 0%%.")
        boolean blueGreenSwitch;
        @Option(names = "--sticky", paramLabel = "RULE", description = "off, callerKey or header:NAME.")
        String sticky;
        @Option(names = "--shadow", paramLabel = "VERSION:PCT", description = "Mirror PCT%% of calls to VERSION; 'off' stops.")
        String shadow;

        /** The option as typed when it moves production traffic between releases, else null. */
        String movesTraffic() {
            if (set != null) {
                return "--set " + set;
            }
            if (promote != null) {
                return "--promote " + promote;
            }
            if (demote != null) {
                return "--demote " + demote;
            }
            return blueGreenSwitch ? "--switch" : null;
        }
    }

    @Option(names = "--why", description = "The reason, written to the routing history.")
    String why;

    @Mixin
    Confirmation confirmation = new Confirmation();

    @Override
    int run(PlatformClient platform) {
        String path = workflow.apiPath() + "/traffic";
        String moves = change == null ? null : change.movesTraffic();
        if (moves != null && !confirmation.confirmed("Change the production traffic of " + workflow.path() + " (" + moves + ")",
                "wfp traffic " + workflow.reference() + " " + moves, err)) {
            return FAILED;
        }
        JsonNode answer = change == null ? platform.get(path) : apply(platform, path);
        return print(answer, () -> {
            JsonNode routing = answer.has("routing") ? answer.path("routing") : answer;
            if (answer.has("changed")) {
                out.println(answer.path("changed").asBoolean() ? "Changed: " + answer.path("why").asText() : "Nothing to change.");
            }
            print(routing, answer.path("rollout"));
        });
    }

    private JsonNode apply(PlatformClient platform, String path) {
        ObjectNode body = ReportJson.mapper().createObjectNode();
        if (why != null) {
            body.put("why", why);
        }
        if (change.set != null) {
            long revision = platform.get(path).path("revision").asLong();
            body.put("revision", revision);
            ObjectNode weights = body.putObject("weights");
            for (String pair : change.set.split(",")) {
                String[] parts = pair.strip().split("=", 2);
                weights.put(parts[0].strip(), parts.length == 2 ? percent(parts[1]) : -1);
            }
            return platform.put(path, body);
        }
        if (change.promote != null) {
            return platform.post(path + "/promote", body.put("version", change.promote), java.util.Map.of());
        }
        if (change.demote != null) {
            return platform.post(path + "/demote", body.put("version", change.demote), java.util.Map.of());
        }
        if (change.blueGreenSwitch) {
            return platform.post(path + "/switch", body, java.util.Map.of());
        }
        if (change.sticky != null) {
            return platform.put(path + "/stickiness", body.put("stickiness", change.sticky));
        }
        if (change.shadow.equalsIgnoreCase("off")) {
            return platform.put(path + "/shadow", body.putNull("version"));
        }
        int colon = change.shadow.lastIndexOf(':');
        if (colon < 1) {
            throw new PlatformClient.ApiError(400, "cli.invalid-shadow", "'" + change.shadow + "' is not VERSION:PCT",
                    "Give the shadow as v1.1.0:20, or 'off'.");
        }
        return platform.put(path + "/shadow", body.put("version", change.shadow.substring(0, colon))
                .put("percent", percent(change.shadow.substring(colon + 1))));
    }

    private static int percent(String text) {
        try {
            return Integer.parseInt(text.strip().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new PlatformClient.ApiError(400, "cli.invalid-percent", "'" + text + "' is not a whole percentage",
                    "Give percentages as whole numbers, such as v1.0.0=90,v1.1.0=10.");
        }
    }

    private static String calls(JsonNode live) {
        return live.isObject() ? Long.toString(live.path("requests").asLong()) : "-";
    }

    private static String errors(JsonNode live) {
        if (!live.isObject() || live.path("requests").asLong() == 0) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%d (%.1f%%)", live.path("errors").asLong(),
                100 * live.path("errorRate").asDouble());
    }

    private static String p95(JsonNode live) {
        if (!live.isObject() || live.path("requests").asLong() == 0) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%.0f ms", live.path("p95Ms").asDouble());
    }

    private void print(JsonNode routing, JsonNode rollout) {
        out.println(routing.path("workflow").asText() + "  revision " + routing.path("revision").asLong()
                + "  stickiness " + routing.path("stickiness").asText());
        String window = routing.path("liveWindowSeconds").asLong(60) + "s";
        TextTable table = new TextTable("VERSION", "TRAFFIC", "CALLS/" + window, "ERRORS", "P95", "RELEASE", "STATE");
        boolean anyStaged = false;
        for (JsonNode w : routing.path("weights")) {
            JsonNode live = w.path("live");
            // A 0% entry takes no routed traffic: it is staged (loaded, pinned URL only), never shown as live.
            boolean staged = w.path("percent").asInt() == 0;
            anyStaged |= staged;
            table.row(w.path("version").asText(), w.path("percent").asInt() + "%", calls(live), errors(live), p95(live),
                    w.path("releaseId").asText(), staged ? "staged" : "serving");
        }
        table.print(out);
        if (anyStaged) {
            out.println("staged: no routed traffic; answers its pinned URL only, and --promote makes it serve at once.");
        }
        JsonNode shadow = routing.path("shadow");
        if (shadow.isObject()) {
            out.println("Shadow: " + shadow.path("version").asText() + " mirrors " + shadow.path("percent").asInt()
                    + "% of calls" + (shadow.path("live").isObject()
                    ? " (" + calls(shadow.path("live")) + " copies in " + window + ", errors " + errors(shadow.path("live"))
                    + ", p95 " + p95(shadow.path("live")) + ")"
                    : ""));
        }
        if (rollout != null && rollout.isObject()) {
            RolloutCommand.printState(out, rollout);
        }
    }
}
