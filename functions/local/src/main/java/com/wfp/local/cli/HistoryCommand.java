package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wfp history WORKFLOW}: every routing change, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List a workflow's routing changes: who, when and why.")
final class HistoryCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Override
    int run(PlatformClient platform) {
        JsonNode history = platform.get(workflow.apiPath() + "/history");
        return print(history, () -> {
            TextTable table = new TextTable("REV", "AT", "BY", "ROUTING", "WHY");
            for (JsonNode e : history.path("entries")) {
                StringBuilder routing = new StringBuilder();
                for (JsonNode w : e.path("after").path("weights")) {
                    routing.append(routing.isEmpty() ? "" : ", ").append(w.path("version").asText()).append(' ')
                            .append(w.path("percent").asInt()).append('%');
                }
                table.row(e.path("revision").asLong(), e.path("at").asText(), Printable.escape(e.path("by").asText()),
                        routing, Printable.escape(e.path("why").asText()));
            }
            table.print(out);
        });
    }
}
