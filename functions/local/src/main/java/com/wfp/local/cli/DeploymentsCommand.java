package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wfp deployments WORKFLOW}: the workflow's latest deployments, newest first, with how each ended. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "List a workflow's latest deployments, newest first: state, step reached and why one failed.")
final class DeploymentsCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--limit", defaultValue = "20", description = "How many, 1 to 100 (default: 20).")
    int limit;

    @Override
    int run(PlatformClient platform) {
        JsonNode answer = platform.get(workflow.apiPath() + "/deployments?limit=" + limit);
        return print(answer, () -> {
            if (answer.path("deployments").isEmpty()) {
                out.println("No deployment of " + answer.path("workflow").asText() + " yet.");
                return;
            }
            TextTable table = new TextTable("DEPLOYMENT", "VERSION", "STRATEGY", "STATE", "STEP", "BY", "STARTED", "ENDED", "REASON");
            for (JsonNode d : answer.path("deployments")) {
                JsonNode steps = d.path("steps");
                String ended = steps.isEmpty() || d.path("state").asText().equals("running") ? ""
                        : steps.get(steps.size() - 1).path("endedAt").asText("");
                JsonNode failure = d.path("failure");
                String reason = failure.isObject() ? failure.path("code").asText() + ": " + failure.path("message").asText() : "";
                table.row(d.path("deploymentId").asText(), Printable.escape(d.path("version").asText()),
                        d.path("strategy").asText(), d.path("state").asText(), d.path("currentStep").asText(),
                        Printable.escape(d.path("createdBy").asText()), d.path("createdAt").asText(), ended,
                        Printable.escape(reason));
            }
            table.print(out);
        });
    }
}
