package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;

/** {@code wfp rollback WORKFLOW [--to V] [--why TEXT]}: all traffic back to an earlier release. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Send all of a workflow's traffic back to an earlier release (the previous one by default).")
final class RollbackCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--to", paramLabel = "VERSION", description = "The version to return to (default: the release that served before the last change,"
                    + " named before anything is changed).")
    String to;

    @Option(names = "--why", description = "The reason, written to the routing history.")
    String why;

    @Mixin
    Confirmation confirmation = new Confirmation();

    @Override
    int run(PlatformClient platform) {
        // Without --to, say where it goes and why before acting, then roll back to exactly that release.
        JsonNode announced = to == null ? announce(platform) : null;
        String target = to != null ? to : announced == null ? null : announced.path("version").asText();
        if (!confirmation.confirmed("Roll back " + workflow.path() + (target == null ? "" : " to " + target),
                "wfp rollback " + workflow.reference() + (target == null ? "" : " --to " + target), err)) {
            return FAILED;
        }
        ObjectNode body = ReportJson.mapper().createObjectNode();
        if (to != null) {
            body.put("version", to);
        } else if (announced != null) {
            body.put("version", announced.path("releaseId").asText());
        }
        if (why != null) {
            body.put("why", why);
        }
        JsonNode result = platform.post(workflow.apiPath() + "/rollback", body, Map.of());
        if (announced != null && result instanceof ObjectNode answer) {
            answer.put("reason", announced.path("reason").asText());
        }
        return print(result, () -> {
            out.println("Rolled back " + (result.path("from").isNull() ? "(nothing else served)" : result.path("from").asText())
                    + " -> " + result.path("to").asText() + " in " + String.format(Locale.ROOT, "%.1f", result.path("tookMs")
                    .asDouble()) + " ms" + (result.path("loadedIntoPod").asBoolean() ? " (reloaded into the pod)" : ""));
            out.println("Routing revision " + result.path("routing").path("revision").asLong() + ": "
                    + result.path("why").asText());
        });
    }

    /**
     * Reads where a rollback without a version goes ({@code rollbackTo} of the traffic view) and,
     * unless printing JSON, says it; null when nothing earlier served, which the rollback call
     * then refuses with its own explanation.
     */
    private JsonNode announce(PlatformClient platform) {
        JsonNode target = platform.get(workflow.apiPath() + "/traffic").path("rollbackTo");
        if (!target.isObject()) {
            return null;
        }
        if (!json) {
            out.println("Rolling back " + workflow.path() + " to " + target.path("version").asText() + ": "
                    + target.path("reason").asText());
        }
        return target;
    }
}
