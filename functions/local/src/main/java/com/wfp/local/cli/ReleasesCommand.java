package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wfp releases WORKFLOW}: the draft and every release with its state, traffic and pinned URL. */
@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List a workflow's draft and releases with their state and traffic.")
final class ReleasesCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Override
    int run(PlatformClient platform) {
        JsonNode listing = platform.get(workflow.apiPath() + "/releases");
        return print(listing, () -> {
            out.println(listing.path("workflow").asText() + "  " + listing.path("productionUrl").asText());
            TextTable table = new TextTable("SEQ", "VERSION", "STATE", "TRAFFIC", "CREATED", "BY", "SHA256", "NOTES");
            for (JsonNode e : listing.path("entries")) {
                if ("draft".equals(e.path("state").asText())) {
                    table.row("-", "(draft)", e.path("differsFromLive").asBoolean() ? "draft, differs from live" : "draft",
                            "", e.path("savedAt").asText(), e.path("savedBy").asText(), shortSha(e), "");
                } else {
                    table.row(e.path("seq").asLong(), e.path("version").asText(), e.path("state").asText(),
                            e.path("trafficPercent").asInt() + "%", e.path("createdAt").asText(),
                            e.path("createdBy").asText(), shortSha(e), e.path("notes").asText());
                }
            }
            table.print(out);
            out.println("Suggested next version: " + listing.path("suggestedVersion").asText());
        });
    }

    private static String shortSha(JsonNode entry) {
        String sha = entry.path("sha256").asText();
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
