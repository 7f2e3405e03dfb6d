package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wfp status DEPLOYMENT}: a deployment's steps, progress, failure and URLs. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a deployment's progress.")
final class StatusCommand extends ClientCommand {

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment id printed by publish.")
    String deployment;

    @Override
    int run(PlatformClient platform) {
        JsonNode status = platform.get("/deployments/" + deployment);
        if (json) {
            out.println(ReportJson.write(status));
            return OK;
        }
        out.println(status.path("deploymentId").asText() + "  " + status.path("workflow").asText() + " "
                + status.path("version").asText() + "  " + status.path("state").asText() + "  "
                + status.path("percentDone").asInt() + "%  eta " + status.path("etaMs").asLong() + " ms");
        TextTable table = new TextTable("STEP", "OUTCOME", "STARTED", "ENDED", "MS");
        for (JsonNode step : status.path("steps")) {
            table.row(step.path("step").asText(), step.path("outcome").asText(), step.path("startedAt").asText(),
                    step.path("endedAt").asText(""), step.has("durationMs") ? step.path("durationMs").asLong() : "");
        }
        table.print(out);
        JsonNode failure = status.path("failure");
        if (!failure.isMissingNode()) {
            out.println("Failed at " + failure.path("step").asText() + ": " + failure.path("message").asText()
                    + " (" + failure.path("code").asText() + ")");
            out.println("Hint: " + failure.path("hint").asText());
        }
        if (status.has("productionUrl")) {
            out.println("Production URL: " + status.path("productionUrl").asText());
            out.println("Pinned URL: " + status.path("pinnedUrl").asText());
        }
        return "failed".equals(status.path("state").asText()) ? FAILED : OK;
    }
}
