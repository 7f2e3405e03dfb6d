package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code wfp retire WORKFLOW [--reason TEXT]}: stops serving a workflow; its releases stay. */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = "Stop serving a workflow: its production URLs answer 410 Gone with the reason. Its releases "
                + "stay as they are; publishing again (or wfp rollback) serves it again.")
final class RetireCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--reason", description = "Why, told to callers in the 410 answer and written to the history.")
    String reason;

    @Mixin
    Confirmation confirmation = new Confirmation();

    @Override
    int run(PlatformClient platform) {
        String target = workflow.path();
        if (!confirmation.confirmed("Retire " + target + " (its production URLs will answer 410 Gone)",
                "wfp retire " + workflow.reference() + (reason == null ? "" : " --reason '...'"), err)) {
            return FAILED;
        }
        ObjectNode body = ReportJson.mapper().createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        JsonNode result = platform.post("/workflows/" + target + "/retire", body, Map.of());
        return print(result, () -> {
            JsonNode routing = result.path("routing");
            out.println((result.path("changed").asBoolean() ? "Retired " : "Already retired: ")
                    + routing.path("workflow").asText() + ": its production URLs answer 410 Gone ("
                    + Printable.escape(routing.path("retired").path("reason").asText()) + ").");
            out.println("Its releases are kept; publish again, or wfp rollback " + workflow.reference() + ", to serve it again.");
        });
    }
}
