package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.StringJoiner;

/** {@code wfp workflows [--project P]}: a project's published workflows at a glance. */
@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = "List a project's published workflows: state, live version, traffic split and health.")
final class WorkflowsCommand extends ClientCommand {

    @Mixin
    ProjectOption project = new ProjectOption();

    @Override
    int run(PlatformClient platform) {
        JsonNode answer = platform.get(project.apiPath() + "/workflows");
        return print(answer, () -> {
            if (answer.path("workflows").isEmpty()) {
                out.println("No workflow of " + answer.path("project").asText() + " has been published yet.");
                return;
            }
            TextTable table = new TextTable("WORKFLOW", "STATE", "LIVE", "TRAFFIC", "HEALTH");
            for (JsonNode row : answer.path("workflows")) {
                StringJoiner traffic = new StringJoiner(", ");
                row.path("traffic").forEach(share -> traffic.add(share.path("version").asText() + " "
                        + share.path("percent").asInt() + "%"));
                JsonNode health = row.path("health");
                String state = row.path("state").asText();
                if (!row.path("retiredReason").isNull()) {
                    state += ": " + row.path("retiredReason").asText();
                }
                table.row(row.path("workflow").asText(), Printable.escape(state),
                        row.path("liveVersion").isNull() ? "-" : row.path("liveVersion").asText(),
                        traffic.length() == 0 ? "-" : traffic.toString(),
                        health.isObject() ? health.path("state").asText() + " (" + Printable.escape(health.path("reason")
                                .asText()) + ")" : "-");
            }
            table.print(out);
        });
    }
}
