package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;

/**
 * {@code wfp logs WF [--follow]}: a workflow's production executions as log lines, oldest first;
 * with {@code --follow}, new ones as they are recorded (polled each second) until interrupted.
 * Text from the workflow or its callers is printed with control characters escaped.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a workflow's production executions as log lines; --follow keeps printing new ones.")
final class LogsCommand extends ClientCommand {

    private static final int REMEMBERED = 5000;

    @Mixin
    WorkflowArgument workflow = new WorkflowArgument();

    @Option(names = "--since", description = "From this far back (default 1h), such as 10m or 2026-12-05T10:00:00Z.")
    String since = "1h";

    @Option(names = {"-f", "--follow"}, description = "Keep printing new executions until interrupted.")
    boolean follow;

    @Option(names = "--failed", description = "Only failed executions.")
    boolean failed;

    /** Polls before giving up when following; unlimited by default (tests bound it). */
    long maxPolls = Long.MAX_VALUE;

    @Override
    int run(PlatformClient platform) {
        String path = workflow.apiPath() + "/executions?limit=1000"
                + (failed ? "&status=failed" : "");
        SequencedSet<String> seen = new LinkedHashSet<>();
        String from = since;
        for (long poll = 0; ; poll++) {
            JsonNode answer = platform.get(path + "&since=" + URLEncoder.encode(from, StandardCharsets.UTF_8));
            List<JsonNode> fresh = new ArrayList<>();
            for (JsonNode e : answer.path("executions")) {
                if (seen.add(e.path("releaseId").asText() + "/" + e.path("executionId").asText())) {
                    fresh.add(e);
                }
            }
            for (JsonNode e : fresh.reversed()) {
                out.println(json ? ReportJson.write(e) : line(e));
                from = later(from, e.path("startedAt").asText());
            }
            out.flush();
            while (seen.size() > REMEMBERED) {
                seen.removeFirst();
            }
            if (!follow || poll + 1 >= maxPolls) {
                return OK;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OK;
            }
        }
    }

    /** The later of a since value and an execution's start (executions can finish out of start order: keep 1 min). */
    private static String later(String since, String startedAt) {
        try {
            Instant started = Instant.parse(startedAt).minusSeconds(60);
            Instant current = since.matches("\\d+[smhd]") ? Instant.EPOCH : Instant.parse(since);
            return started.isAfter(current) ? started.toString() : since;
        } catch (RuntimeException e) {
            return since;
        }
    }

    static String line(JsonNode e) {
        StringBuilder line = new StringBuilder();
        line.append(e.path("startedAt").asText()).append(' ')
                .append(e.path("version").asText()).append(' ')
                .append(e.path("status").asText().toUpperCase(Locale.ROOT)).append(' ')
                .append(e.path("httpStatus").asInt()).append(' ')
                .append(String.format(Locale.ROOT, "%.1fms", e.path("durationMs").asDouble())).append(' ')
                .append(e.path("caller").isNull() ? "-" : e.path("caller").asText()).append(' ')
                .append(e.path("executionId").asText());
        JsonNode error = e.path("error");
        if (!error.isMissingNode()) {
            line.append(" node=").append(Printable.escape(error.path("node").asText("-")))
                    .append(" code=").append(Printable.escape(error.path("code").asText()))
                    .append(" ").append(Printable.escape(error.path("message").asText().replace('\n', ' ')));
        }
        return line.toString();
    }
}
