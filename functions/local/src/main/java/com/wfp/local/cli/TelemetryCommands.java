package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The production telemetry commands: {@code wfp executions}, {@code wfp execution},
 * {@code wfp errors} and {@code wfp metrics}. Text a workflow or caller put in the data (messages,
 * inputs) is printed with control characters escaped.
 */
final class TelemetryCommands {

    private TelemetryCommands() {
    }

    /** {@code path?name=value&...} with the values given, encoded. */
    static String withQuery(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(path);
        query.forEach((name, value) -> {
            if (value != null) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return url.toString();
    }

    private static void orEmpty(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }

    private static String ms(JsonNode value) {
        return String.format(Locale.ROOT, "%.1f", value.asDouble());
    }

    private static String oneLine(String text, int max) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return Printable.escape(line.length() <= max ? line : line.substring(0, max) + "...");
    }

    @Command(name = "executions", mixinStandardHelpOptions = true,
            description = "List a workflow's production executions, newest first.")
    static final class Executions extends ClientCommand {

        @Mixin
        WorkflowArgument workflow = new WorkflowArgument();

        @Option(names = "--status", description = "Only succeeded, failed, timed_out or rejected executions.")
        String status;

        @Option(names = "--failed", description = "Same as --status failed.")
        boolean failed;

        @Option(names = "--release", paramLabel = "VERSION", description = "Only this release's executions.")
        String release;

        @Option(names = "--since", description = "Only executions since, such as 30m, 1h, 7d or 2026-12-05T10:00:00Z.")
        String since;

        @Option(names = "--search", paramLabel = "TEXT",
                description = "Failures whose code, node, message, stack trace or masked input contain every word.")
        String search;

        @Option(names = "--limit", description = "At most this many (1-1000, default 100).")
        Integer limit;

        @Override
        int run(PlatformClient platform) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            orEmpty(query, "status", failed && status == null ? "failed" : status);
            orEmpty(query, "version", release);
            orEmpty(query, "since", since);
            orEmpty(query, "search", search);
            orEmpty(query, "limit", limit == null ? null : limit.toString());
            JsonNode answer = platform.get(withQuery(workflow.apiPath() + "/executions", query));
            return print(answer, () -> {
                TextTable table = new TextTable("EXECUTION", "STARTED", "VERSION", "STATUS", "HTTP", "MS", "CALLER", "NODE",
                        "CODE", "MESSAGE");
                for (JsonNode e : answer.path("executions")) {
                    JsonNode error = e.path("error");
                    table.row(e.path("executionId").asText(), e.path("startedAt").asText(), e.path("version").asText(),
                            e.path("status").asText(), e.path("httpStatus").asInt(), ms(e.path("durationMs")),
                            e.path("caller").asText("-"), Printable.escape(error.path("node").asText("")),
                            Printable.escape(error.path("code").asText("")), oneLine(error.path("message").asText(""), 80));
                }
                table.print(out);
                printDrops(answer.path("telemetry"));
            });
        }

        private void printDrops(JsonNode telemetry) {
            long dropped = telemetry.path("dropped").asLong();
            if (dropped > 0) {
                out.println("(telemetry dropped " + dropped + " items since the platform started: "
                        + telemetry.path("droppedBufferFull").asLong() + " with the buffer full, "
                        + telemetry.path("droppedStoreFailed").asLong() + " when the store failed)");
            }
        }
    }

    @Command(name = "execution", mixinStandardHelpOptions = true,
            description = "Show one execution: node timings and, when it failed, the error with its stack trace and masked input.")
    static final class Execution extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The execution id (the answer's X-Execution-Id header).")
        String id;

        @Override
        int run(PlatformClient platform) {
            JsonNode e = platform.get("/executions/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            return print(e, () -> {
                out.println("execution " + e.path("executionId").asText() + "  " + e.path("workflow").asText() + " "
                        + e.path("version").asText() + "  " + e.path("status").asText() + " (HTTP "
                        + e.path("httpStatus").asInt() + ")  " + ms(e.path("durationMs")) + " ms");
                out.println("started " + e.path("startedAt").asText() + "  caller " + e.path("caller").asText("-")
                        + "  release " + e.path("releaseId").asText());
                TextTable nodes = new TextTable("NODE", "TYPE", "STATUS", "MS");
                for (JsonNode n : e.path("nodes")) {
                    nodes.row(n.path("node").asText(), n.path("type").asText(), n.path("status").asText(),
                            ms(n.path("durationMs")));
                }
                nodes.print(out);
                JsonNode error = e.path("error");
                if (!error.isMissingNode()) {
                    out.println();
                    out.println("error " + Printable.escape(error.path("code").asText()) + " at node "
                            + Printable.escape(error.path("node").asText("-")) + " (group " + error.path("fingerprint").asText() + ")");
                    out.println("  " + Printable.escape(error.path("message").asText()));
                    if (!error.path("type").asText().isEmpty()) {
                        out.println("  type: " + Printable.escape(error.path("type").asText()));
                    }
                    printInputAndStack(out, error, "  ");
                }
            });
        }
    }

    @Command(name = "errors", mixinStandardHelpOptions = true,
            description = "List a workflow's error groups: count, first and last seen, and the release each was first seen in.",
            subcommands = ErrorGroup.class)
    static final class Errors extends ClientCommand {

        // Optional to picocli, so that `wfp errors show GROUP` needs none; run() asks for it.
        @Parameters(paramLabel = "WORKFLOW", arity = "0..1",
                description = "WORKFLOW (in local/default) or USER/PROJECT/WORKFLOW.")
        String workflow;

        @Option(names = "--since", description = "Only groups seen since, such as 1h, 7d or 2026-12-05T10:00:00Z.")
        String since;

        @Option(names = "--search", paramLabel = "TEXT",
                description = "Groups with a kept failure whose code, node, message, stack trace or masked input hold every word.")
        String search;

        @Option(names = "--release", paramLabel = "VERSION", description = "Only groups that happened in this release.")
        String release;

        @Option(names = "--node", description = "Only groups of this node.")
        String node;

        @Option(names = "--code", description = "Only groups of this error code, such as http.status.")
        String code;

        @Option(names = "--limit", description = "At most this many (1-500, default 500).")
        Integer limit;

        @Override
        int run(PlatformClient platform) {
            if (workflow == null) {
                throw new PlatformClient.ApiError(400, "cli.missing-workflow", "Name the workflow: wfp errors WORKFLOW",
                        "Or show one group: wfp errors show GROUP --workflow WORKFLOW.");
            }
            Map<String, String> query = new java.util.LinkedHashMap<>();
            orEmpty(query, "since", since);
            orEmpty(query, "search", search);
            orEmpty(query, "release", release);
            orEmpty(query, "node", node);
            orEmpty(query, "code", code);
            orEmpty(query, "limit", limit == null ? null : limit.toString());
            JsonNode answer = platform.get(withQuery("/workflows/" + workflowPath(workflow) + "/errors", query));
            return print(answer, () -> {
                TextTable table = new TextTable("GROUP", "COUNT", "FIRST SEEN IN", "RELEASES", "NODE", "CODE", "LAST SEEN",
                        "FIRST SEEN", "MESSAGE");
                for (JsonNode g : answer.path("groups")) {
                    StringBuilder releases = new StringBuilder();
                    for (JsonNode r : g.path("releases")) {
                        releases.append(releases.isEmpty() ? "" : ",").append(r.path("version").asText()).append('=')
                                .append(r.path("count").asLong());
                    }
                    table.row(g.path("fingerprint").asText(), g.path("count").asLong(), g.path("firstSeenIn").asText(),
                            releases.toString(), Printable.escape(g.path("node").asText("-")),
                            Printable.escape(g.path("code").asText()), g.path("lastSeen").asText(),
                            g.path("firstSeen").asText(), oneLine(g.path("lastMessage").asText(), 80));
                }
                table.print(out);
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one error group: count, trend, first and last seen, releases, first seen in, "
                    + "and its latest failure's stack trace, masked input and context.")
    static final class ErrorGroup extends ClientCommand {

        @Parameters(paramLabel = "GROUP", description = "The group (the GROUP column of wfp errors).")
        String group;

        @Option(names = {"-w", "--workflow"}, required = true,
                description = "The group's workflow: WORKFLOW (in local/default) or USER/PROJECT/WORKFLOW.")
        String workflow;

        @Override
        int run(PlatformClient platform) {
            JsonNode answer = platform.get("/workflows/" + workflowPath(workflow) + "/errors/"
                    + URLEncoder.encode(group, StandardCharsets.UTF_8));
            return print(answer, () -> {
                JsonNode g = answer.path("group");
                out.println("error group " + g.path("fingerprint").asText() + "  " + answer.path("workflow").asText()
                        + "  node " + Printable.escape(g.path("node").asText("-")) + "  code "
                        + Printable.escape(g.path("code").asText()));
                out.println("  " + oneLine(g.path("pattern").asText(), 200));
                out.println("count " + g.path("count").asLong() + "  first seen " + g.path("firstSeen").asText()
                        + "  last seen " + g.path("lastSeen").asText());
                StringBuilder releases = new StringBuilder();
                for (JsonNode r : g.path("releases")) {
                    releases.append(releases.isEmpty() ? "" : ", ").append(r.path("version").asText()).append(" (")
                            .append(r.path("count").asLong()).append(')');
                }
                out.println("first seen in " + g.path("firstSeenIn").asText("-") + "  releases: " + releases);
                StringBuilder trend = new StringBuilder();
                for (JsonNode d : answer.path("trend")) {
                    trend.append(trend.isEmpty() ? "" : " ").append(d.path("count").asLong());
                }
                out.println("trend (per day, last " + answer.path("trend").size() + " days): " + trend + "  last 24 h "
                        + answer.path("lastDay").asLong() + " vs " + answer.path("dayBefore").asLong() + " before: "
                        + answer.path("direction").asText());
                if (!answer.path("rollbackHint").asText().isEmpty()) {
                    out.println("hint: " + Printable.escape(answer.path("rollbackHint").asText()));
                }
                JsonNode latest = answer.path("latest");
                if (latest.isMissingNode() || latest.isNull()) {
                    out.println();
                    out.println("(no failure of this group is kept any more: executions are kept 7 days)");
                    return;
                }
                JsonNode error = latest.path("error");
                out.println();
                out.println("latest failure: execution " + latest.path("executionId").asText() + "  " + latest.path("version")
                        .asText() + "  " + latest.path("status").asText() + " (HTTP " + latest.path("httpStatus").asInt()
                        + ")  " + ms(latest.path("durationMs")) + " ms  started " + latest.path("startedAt").asText()
                        + "  caller " + latest.path("caller").asText("-"));
                out.println("  " + Printable.escape(error.path("message").asText()));
                TextTable nodes = new TextTable("NODE", "TYPE", "STATUS", "MS", "HOST", "ANSWER");
                for (JsonNode n : latest.path("nodes")) {
                    nodes.row(n.path("node").asText(), n.path("type").asText(), n.path("status").asText(),
                            ms(n.path("durationMs")), Printable.escape(n.path("upstreamHost").asText("")),
                            n.has("upstreamHost") ? String.valueOf(n.path("upstreamStatus").asInt()) : "");
                }
                nodes.print(out);
                printInputAndStack(out, error, "");
            });
        }
    }

    @Command(name = "insights", mixinStandardHelpOptions = true,
            description = "What a workflow's telemetry says: top and rising error groups, error rate by release, "
                    + "slowest nodes and hosts that time out or answer 4xx/5xx, each with a hint.")
    static final class InsightsCommand extends ClientCommand {

        @Mixin
        WorkflowArgument workflow = new WorkflowArgument();

        @Option(names = "--since", description = "The window, from this far back (default 24h), such as 1h, 7d.")
        String since;

        @Override
        int run(PlatformClient platform) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            orEmpty(query, "since", since);
            JsonNode a = platform.get(withQuery(workflow.apiPath() + "/insights", query));
            return print(a, () -> {
                out.println("insights for " + a.path("workflow").asText() + " since " + a.path("since").asText() + ": "
                        + a.path("hint").asText());
                section("Top error groups", a.path("topGroups"), new String[]{"GROUP", "FAILURES", "FIRST SEEN IN", "NODE",
                        "CODE", "MESSAGE"}, g -> new Object[]{g.path("fingerprint").asText(), g.path("windowCount").asLong(),
                        g.path("firstSeenIn").asText(), Printable.escape(g.path("node").asText("-")),
                        Printable.escape(g.path("code").asText()), oneLine(g.path("lastMessage").asText(), 60)});
                section("Rising error groups", a.path("risingGroups"), new String[]{"GROUP", "EARLIER", "LATER",
                        "FIRST SEEN IN", "CODE"}, g -> new Object[]{g.path("fingerprint").asText(), g.path("earlier").asLong(),
                        g.path("later").asLong(), g.path("firstSeenIn").asText(), Printable.escape(g.path("code").asText())});
                section("Error rate by release", a.path("releases"), new String[]{"VERSION", "CALLS", "ERRORS", "ERROR %"},
                        r -> new Object[]{r.path("version").asText(), r.path("calls").asLong(), r.path("errors").asLong(),
                                String.format(Locale.ROOT, "%.1f", r.path("errorRate").asDouble() * 100)});
                section("Slowest nodes", a.path("slowestNodes"), new String[]{"NODE", "TYPE", "CALLS", "P50 MS", "P95 MS",
                        "MAX MS"}, n -> new Object[]{n.path("node").asText(), n.path("type").asText(), n.path("calls").asLong(),
                        ms(n.path("p50Ms")), ms(n.path("p95Ms")), ms(n.path("maxMs"))});
                section("Hosts called", a.path("upstreams"), new String[]{"HOST", "CALLS", "TIMEOUTS", "NO ANSWER", "4XX",
                        "5XX", "P95 MS"}, h -> new Object[]{Printable.escape(h.path("host").asText()), h.path("calls").asLong(),
                        h.path("timeouts").asLong(), h.path("noAnswer").asLong(), h.path("clientErrors").asLong(),
                        h.path("serverErrors").asLong(), ms(h.path("p95Ms"))});
            });
        }

        private void section(String title, JsonNode rows, String[] columns,
                             java.util.function.Function<JsonNode, Object[]> row) {
            out.println();
            out.println(title + (rows.isEmpty() ? ": none" : ":"));
            if (rows.isEmpty()) {
                return;
            }
            TextTable table = new TextTable(columns);
            for (JsonNode r : rows) {
                table.row(row.apply(r));
            }
            table.print(out);
            for (JsonNode r : rows) {
                String hint = r.path("hint").asText();
                if (!hint.isEmpty()) {
                    String name = r.has("fingerprint") ? r.path("fingerprint").asText() : r.has("version")
                            ? r.path("version").asText() : r.has("node") ? r.path("node").asText() : r.path("host").asText();
                    out.println("  hint (" + Printable.escape(name) + "): " + Printable.escape(hint));
                }
            }
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = "A workflow's calls, errors and p50/p95/p99 latency per release and step, from the stored history.")
    static final class Metrics extends ClientCommand {

        @Mixin
        WorkflowArgument workflow = new WorkflowArgument();

        @Option(names = "--since", description = "From this far back (default 1h), such as 30m, 7d or 2026-12-05T10:00:00Z.")
        String since;

        @Option(names = "--step", description = "One row per release and step (default 1m), such as 5m or 1h.")
        String step;

        @Override
        int run(PlatformClient platform) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            orEmpty(query, "since", since);
            orEmpty(query, "step", step);
            JsonNode answer = platform.get(withQuery(workflow.apiPath() + "/metrics", query));
            return print(answer, () -> {
                TextTable table = new TextTable("START", "VERSION", "CALLS", "ERRORS", "ERROR %", "P50 MS", "P95 MS", "P99 MS");
                for (JsonNode p : answer.path("points")) {
                    table.row(p.path("start").asText(), p.path("version").asText(), p.path("calls").asLong(),
                            p.path("errors").asLong(), String.format(Locale.ROOT, "%.1f", p.path("errorRate").asDouble() * 100),
                            ms(p.path("p50Ms")), ms(p.path("p95Ms")), ms(p.path("p99Ms")));
                }
                table.print(out);
                long dropped = answer.path("telemetry").path("dropped").asLong();
                if (dropped > 0) {
                    out.println("(telemetry dropped " + dropped + " items since the platform started)");
                }
            });
        }
    }

    /** A failure's masked input and the top of its stack trace, escaped, each line after {@code indent}. */
    static void printInputAndStack(PrintStream out, JsonNode error, String indent) {
        if (!error.path("input").asText().isEmpty()) {
            out.println(indent + "input (masked): " + Printable.escape(error.path("input").asText()));
        }
        String stack = error.path("stackTrace").asText();
        if (!stack.isEmpty()) {
            out.println(indent + "stack trace:");
            stack.lines().limit(40).forEach(line -> out.println(indent + "  " + Printable.escape(line)));
        }
    }
}
