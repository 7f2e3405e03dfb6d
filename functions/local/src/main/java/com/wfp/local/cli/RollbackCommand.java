package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Map;

/** {@code wfp rollback WORKFLOW [--to V] [--why TEXT]}: all traffic back to an earlier release. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Send all of a workflow's traffic back to an earlier release (the previous one by default).")
final class RollbackCommand extends ClientCommand {

    @Parameters(paramLabel = "WORKFLOW", description = "WORKFLOW (in local/default) or USER/PROJECT/WORKFLOW.")
    String workflow;

    @Option(names = "--to", paramLabel = "VERSION", description = "The version to return to (default: the previous one).")
    String to;

    @Option(names = "--why", description = "The reason, written to the routing history.")
    String why;

    @Mixin
    Confirmation confirmation = new Confirmation();

    @Override
    int run(PlatformClient platform) {
        if (!confirmation.confirmed("Roll back " + workflowPath(workflow) + (to == null ? "" : " to " + to),
                "wfp rollback " + workflow + (to == null ? "" : " --to " + to), err)) {
            return FAILED;
        }
        ObjectNode body = ReportJson.mapper().createObjectNode();
        if (to != null) {
            body.put("version", to);
        }
        if (why != null) {
            body.put("why", why);
        }
        JsonNode result = platform.post("/workflows/" + workflowPath(workflow) + "/rollback", body, Map.of());
        if (json) {
            out.println(ReportJson.write(result));
            return OK;
        }
        out.println("Rolled back " + (result.path("from").isNull() ? "(nothing else served)" : result.path("from").asText())
                + " -> " + result.path("to").asText() + " in " + String.format(Locale.ROOT, "%.1f", result.path("tookMs")
                .asDouble()) + " ms" + (result.path("loadedIntoPod").asBoolean() ? " (reloaded into the pod)" : ""));
        out.println("Routing revision " + result.path("routing").path("revision").asLong() + ": "
                + result.path("why").asText());
        return OK;
    }
}
