package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code wfp diff WORKFLOW V1 V2}: what changed, node by node, between two versions. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Compare two versions of a workflow.")
final class DiffCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "WORKFLOW (in local/default) or USER/PROJECT/WORKFLOW.")
    String workflow;

    @Parameters(index = "1", paramLabel = "V1", description = "The earlier version.")
    String from;

    @Parameters(index = "2", paramLabel = "V2", description = "The later version.")
    String to;

    @Override
    int run(PlatformClient platform) {
        JsonNode diff = platform.get("/workflows/" + workflowPath(workflow) + "/diff?from=" + encode(from)
                + "&to=" + encode(to));
        return print(diff, () -> {
            out.println(diff.path("workflow").asText() + ": " + from + " -> " + to
                    + (diff.path("identical").asBoolean() ? " (identical)" : ""));
            TextTable table = new TextTable("CHANGE", "WHAT", "DETAIL");
            diff.path("nodesAdded").forEach(n -> table.row("node added", n.asText(), ""));
            diff.path("nodesRemoved").forEach(n -> table.row("node removed", n.asText(), ""));
            diff.path("nodesChanged").forEach(n -> table.row("node changed", n.path("nodeId").asText(),
                    (n.path("typeBefore").asText().equals(n.path("typeAfter").asText()) ? ""
                            : n.path("typeBefore").asText() + " -> " + n.path("typeAfter").asText() + "; ")
                            + "config " + join(n.path("configKeysChanged"))));
            diff.path("edgesAdded").forEach(e -> table.row("edge added", edge(e), ""));
            diff.path("edgesRemoved").forEach(e -> table.row("edge removed", edge(e), ""));
            diff.path("settingsChanged").forEach(s -> table.row("setting changed", s.asText(), ""));
            diff.path("credentialsAdded").forEach(c -> table.row("credential added", c.asText(), ""));
            diff.path("credentialsRemoved").forEach(c -> table.row("credential removed", c.asText(), ""));
            diff.path("credentialsChanged").forEach(c -> table.row("credential changed", c.asText(), ""));
            diff.path("workflowFieldsChanged").forEach(f -> table.row("field changed", f.asText(), ""));
            table.print(out);
        });
    }

    private static String edge(JsonNode edge) {
        return edge.path("from").asText() + " -> " + edge.path("to").asText()
                + (edge.path("branch").isTextual() ? " [" + edge.path("branch").asText() + "]" : "");
    }

    private static String join(JsonNode keys) {
        StringBuilder text = new StringBuilder();
        keys.forEach(k -> text.append(text.isEmpty() ? "" : ", ").append(k.asText()));
        return text.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
