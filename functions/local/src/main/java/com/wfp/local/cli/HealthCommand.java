package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code wfp health WF [--days 30]}: the workflow's health with its reason, and its pod's uptime with the outages. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "A workflow's health (healthy, degraded, failing, idle) with the reason, and its uptime per day.")
final class HealthCommand extends ClientCommand {

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--days", description = "Uptime over this many days, today included (1-30, default 30).")
    int days = 30;

    @Override
    int run(PlatformClient platform) {
        String path = workflow.apiPath();
        JsonNode health = platform.get(path + "/health");
        JsonNode uptime = platform.get(path + "/uptime?days=" + days);
        if (json) {
            ObjectNode both = ReportJson.mapper().createObjectNode();
            both.set("health", health);
            both.set("uptime", uptime);
            out.println(ReportJson.write(both));
            return OK;
        }
        out.println(health.path("workflow").asText() + ": " + health.path("state").asText().toUpperCase(Locale.ROOT));
        out.println("  " + Printable.escape(health.path("reason").asText()));
        out.println(String.format(Locale.ROOT, "  uptime %.3f%% over %d days (%d checks of the pod of %s)",
                uptime.path("uptimePercent").asDouble(), days, uptime.path("checks").asLong(),
                uptime.path("pod").asText()));
        TextTable daysTable = new TextTable("DAY", "CHECKS", "UP %");
        for (JsonNode d : uptime.path("days")) {
            if (d.path("checks").asLong() > 0) {
                daysTable.row(d.path("day").asText(), d.path("checks").asLong(),
                        String.format(Locale.ROOT, "%.3f", d.path("uptimePercent").asDouble()));
            }
        }
        daysTable.print(out);
        if (!uptime.path("outages").isEmpty()) {
            TextTable outages = new TextTable("OUTAGE FROM", "TO", "MINUTES");
            for (JsonNode o : uptime.path("outages")) {
                outages.row(o.path("from").asText(), o.path("to").asText(), o.path("minutes").asLong());
            }
            outages.print(out);
        }
        return OK;
    }
}
