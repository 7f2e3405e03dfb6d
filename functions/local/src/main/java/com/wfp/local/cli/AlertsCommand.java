package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wfp alerts [WF]} lists alerts, firing first in time order of the newest;
 * {@code wfp alerts rules WF [--set NAME=VALUE ...]} shows or changes a workflow's rules.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "List alerts (every workflow's, or one's), firing and resolved, newest first.",
        subcommands = {AlertsCommand.Rules.class})
final class AlertsCommand extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "WORKFLOW", description = "Only this workflow's alerts.")
    String workflow;

    @Option(names = "--firing", description = "Only the alerts firing now.")
    boolean firing;

    @Override
    int run(PlatformClient platform) {
        StringBuilder path = new StringBuilder("/alerts?limit=200");
        if (workflow != null) {
            path.append("&workflow=").append(URLEncoder.encode(workflowPath(workflow), StandardCharsets.UTF_8));
        }
        if (firing) {
            path.append("&state=firing");
        }
        JsonNode answer = platform.get(path.toString());
        return print(answer, () -> {
            TextTable table = new TextTable("ALERT", "WORKFLOW", "KIND", "STATE", "VERSION", "FIRED", "RESOLVED", "REASON");
            for (JsonNode a : answer.path("alerts")) {
                table.row(a.path("id").asText(), a.path("workflow").asText(), a.path("kind").asText(),
                        a.path("state").asText(), a.path("version").asText("-").isEmpty() ? "-" : a.path("version").asText(),
                        a.path("firedAt").asText(), a.path("resolvedAt").isNull() ? "-" : a.path("resolvedAt").asText(),
                        Printable.escape(a.path("reason").asText()));
            }
            table.print(out);
        });
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = "Show a workflow's alert rules, or change them with --set.")
    static final class Rules extends ClientCommand {

        private static final Pattern DURATION = Pattern.compile("(\\d{1,7})([smh])");

        @Mixin
        WorkflowArgument workflow = new WorkflowArgument();

        @Option(names = "--set", paramLabel = "NAME=VALUE", split = ",",
                description = "error-rate=5%% (fire above it), error-window=5m, p95-ms=800 (0 off), p95-window=5m, "
                        + "pod-down=on|off, no-calls=30m|off, min-calls=10 (calls a window needs).")
        List<String> set;

        @Override
        int run(PlatformClient platform) {
            String path = workflow.apiPath() + "/alert-rules";
            JsonNode rules = set == null || set.isEmpty() ? platform.get(path) : platform.put(path, body(set));
            return print(rules, () -> {
                out.println("alert rules of " + rules.path("workflow").asText() + " (set " + rules.path("updatedAt").asText()
                        + " by " + rules.path("updatedBy").asText() + ")");
                out.println("  error-rate   above " + plain(rules.path("maxErrorRatePercent").asDouble()) + "% over "
                        + human(rules.path("errorRateWindowSeconds").asLong()) + "  (error-rate, error-window)");
                long p95 = rules.path("maxP95Ms").asLong();
                out.println("  p95          " + (p95 == 0 ? "off" : "above " + p95 + " ms over "
                        + human(rules.path("p95WindowSeconds").asLong())) + "  (p95-ms, p95-window)");
                out.println("  pod-down     " + (rules.path("podDown").asBoolean() ? "on" : "off"));
                long noCalls = rules.path("noCallsMinutes").asLong();
                out.println("  no-calls     " + (noCalls == 0 ? "off" : "none for " + human(noCalls * 60)));
                out.println("  min-calls    " + rules.path("minCalls").asLong() + " in a window before error rate and p95 count");
            });
        }

        static ObjectNode body(List<String> settings) {
            ObjectNode body = ReportJson.mapper().createObjectNode();
            for (String setting : settings) {
                int eq = setting.indexOf('=');
                if (eq < 1) {
                    throw bad("'" + setting + "' is not NAME=VALUE");
                }
                String name = setting.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = setting.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "error-rate" -> body.put("maxErrorRatePercent", number(name, value.replace("%", "")));
                    case "error-window" -> body.put("errorRateWindowSeconds", seconds(name, value));
                    case "p95-ms", "p95" -> body.put("maxP95Ms", (long) number(name, value.replace("ms", "")));
                    case "p95-window" -> body.put("p95WindowSeconds", seconds(name, value));
                    case "pod-down" -> body.put("podDown", onOff(name, value));
                    case "no-calls" -> body.put("noCallsMinutes", value.equals("off") ? 0 : seconds(name, value) / 60);
                    case "min-calls" -> body.put("minCalls", (long) number(name, value));
                    default -> throw bad("'" + name + "' is not an alert rule");
                }
            }
            return body;
        }

        private static double number(String name, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw bad("'" + value + "' is not a number for " + name);
            }
        }

        private static long seconds(String name, String value) {
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw bad("'" + value + "' is not a duration for " + name + " (such as 30s, 5m or 1h)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> n;
                case "m" -> n * 60;
                default -> n * 3600;
            };
        }

        private static boolean onOff(String name, String value) {
            return switch (value) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw bad("'" + value + "' is not on or off for " + name);
            };
        }

        private static PlatformClient.ApiError bad(String message) {
            return new PlatformClient.ApiError(400, "cli.invalid-rule", message,
                    "Use --set error-rate=5%,error-window=5m,p95-ms=800,p95-window=5m,pod-down=on,no-calls=30m,min-calls=10.");
        }

        private static String human(long seconds) {
            if (seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        }

        private static String plain(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
