package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.port.ProductionMonitoring;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Production monitoring on CloudWatch, over the route function's EMF metrics
 * ({@link EmfForwardedCalls}: {@code Calls}, {@code Errors}, {@code LatencyMs} by {@code ReleaseId}):
 *
 * <ul>
 *   <li>per workflow, an error-rate alarm {@code wfp-errors/<user>/<project>/<workflow>}: the
 *       serving releases' errors over their calls, in percent, over the rules' error window, above
 *       their maximum once the window has the rules' minimum of calls; and a p95 alarm
 *       {@code wfp-p95/<user>/<project>/<workflow>}: the highest p95 of the serving releases over
 *       the p95 window, above the rules' maximum (removed when the rules turn p95 off). Both are put
 *       again whenever the serving releases change, and deleted when the workflow retires. They
 *       have no actions: their state changes reach EventBridge as every alarm's do;</li>
 *   <li>per user and project, a dashboard {@code wfp_<user>_<project>} with one row per serving
 *       workflow: calls and errors, error rate, and p50/p95/p99 latency, each per release: the
 *       figures the local platform's metrics show. A workflow's row is replaced in the dashboard as
 *       it is (read back with {@code GetDashboard}), so other workflows' rows stay; the dashboard is
 *       deleted with its last row.</li>
 * </ul>
 */
public final class CloudWatchProductionMonitoring implements ProductionMonitoring {

    public static final String ERROR_ALARM_PREFIX = "wfp-errors/";
    public static final String P95_ALARM_PREFIX = "wfp-p95/";
    /** Metric math in one alarm takes at most 10 metrics: two per release for the error rate. */
    static final int MAX_RELEASES = 5;
    private static final String TITLE_SEPARATOR = " · ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudWatchClient cloudWatch;
    private final String namespace;
    private final String region;

    public CloudWatchProductionMonitoring(CloudWatchClient cloudWatch, String namespace, String region) {
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
        this.region = region;
    }

    public static String errorAlarmName(WorkflowRef ref) {
        return ERROR_ALARM_PREFIX + ref.path();
    }

    public static String p95AlarmName(WorkflowRef ref) {
        return P95_ALARM_PREFIX + ref.path();
    }

    /** Slugs hold no underscore, so no two projects share a dashboard. */
    public static String dashboardName(WorkflowRef ref) {
        return "wfp_" + ref.user() + "_" + ref.project();
    }

    @Override
    public void serving(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules) {
        if (releases.isEmpty()) {
            retired(ref);
            return;
        }
        List<ServingRelease> watched = releases.size() > MAX_RELEASES ? releases.subList(0, MAX_RELEASES) : releases;
        call("put the alarms and dashboard of " + ref.path(), () -> {
            putErrorRateAlarm(ref, watched, rules);
            if (rules.maxP95Ms() > 0) {
                putP95Alarm(ref, watched, rules);
            } else {
                cloudWatch.deleteAlarms(b -> b.alarmNames(p95AlarmName(ref)));
            }
            putDashboardRow(ref, watched);
        });
    }

    @Override
    public void retired(WorkflowRef ref) {
        call("remove the alarms and dashboard row of " + ref.path(), () -> {
            cloudWatch.deleteAlarms(b -> b.alarmNames(errorAlarmName(ref), p95AlarmName(ref)));
            putDashboardRow(ref, List.of());
        });
    }

    private void putErrorRateAlarm(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules) {
        int period = period(rules.errorRateWindow().toSeconds());
        List<MetricDataQuery> queries = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < releases.size(); i++) {
            queries.add(metric("c" + i, "Calls", "Sum", releases.get(i), period));
            queries.add(metric("e" + i, "Errors", "Sum", releases.get(i), period));
            calls.add("c" + i);
            errors.add("e" + i);
        }
        String allCalls = "(" + String.join("+", calls) + ")";
        String allErrors = "(" + String.join("+", errors) + ")";
        queries.add(MetricDataQuery.builder().id("rate").returnData(true).label("error rate %")
                .expression("IF(" + allCalls + " >= " + rules.minCalls() + ", 100 * " + allErrors + " / " + allCalls
                        + ", 0)").build());
        cloudWatch.putMetricAlarm(b -> b.alarmName(errorAlarmName(ref))
                .alarmDescription("wfp: errors of " + ref.path() + " above " + rules.maxErrorRatePercent() + "% over "
                        + period + " s (releases " + versions(releases) + ")")
                .metrics(queries).threshold(rules.maxErrorRatePercent())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1).datapointsToAlarm(1).treatMissingData("notBreaching"));
    }

    private void putP95Alarm(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules) {
        int period = period(rules.p95Window().toSeconds());
        List<MetricDataQuery> queries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < releases.size(); i++) {
            queries.add(metric("p" + i, "LatencyMs", "p95", releases.get(i), period));
            ids.add("p" + i);
        }
        queries.add(MetricDataQuery.builder().id("worst").returnData(true).label("highest p95 ms")
                .expression("MAX([" + String.join(",", ids) + "])").build());
        cloudWatch.putMetricAlarm(b -> b.alarmName(p95AlarmName(ref))
                .alarmDescription("wfp: p95 of " + ref.path() + " above " + rules.maxP95Ms() + " ms over " + period
                        + " s (releases " + versions(releases) + ")")
                .metrics(queries).threshold((double) rules.maxP95Ms())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1).datapointsToAlarm(1).treatMissingData("notBreaching"));
    }

    private MetricDataQuery metric(String id, String name, String stat, ServingRelease release, int period) {
        return MetricDataQuery.builder().id(id).returnData(false).metricStat(MetricStat.builder()
                .metric(Metric.builder().namespace(namespace).metricName(name)
                        .dimensions(Dimension.builder().name("ReleaseId").value(release.releaseId().value()).build())
                        .build())
                .period(period).stat(stat).build()).build();
    }

    /** An alarm period CloudWatch takes: whole minutes, at least one. */
    static int period(long windowSeconds) {
        return (int) Math.max(60, (windowSeconds + 59) / 60 * 60);
    }

    private static String versions(List<ServingRelease> releases) {
        return String.join(", ", releases.stream().map(ServingRelease::version).toList());
    }

    // ---- dashboard ----

    /** Replaces the workflow's row of its project's dashboard by {@code releases}' widgets (none: removes it). */
    private void putDashboardRow(WorkflowRef ref, List<ServingRelease> releases) {
        String name = dashboardName(ref);
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode widget : currentWidgets(name)) {
            if (!widget.path("properties").path("title").asText().startsWith(ref.path() + TITLE_SEPARATOR)) {
                kept.add(widget);
            }
        }
        if (!releases.isEmpty()) {
            kept.addAll(widgets(ref, releases));
        }
        if (kept.isEmpty()) {
            try {
                cloudWatch.deleteDashboards(b -> b.dashboardNames(name));
            } catch (CloudWatchException e) {
                if (!notFound(e)) {
                    throw e;
                }
            }
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode widgets = body.putArray("widgets");
        // Three widgets a row, one row per workflow, in the order they came.
        for (int i = 0; i < kept.size(); i++) {
            ObjectNode widget = ((ObjectNode) kept.get(i)).deepCopy();
            widget.put("x", (i % 3) * 8).put("y", (i / 3) * 6).put("width", 8).put("height", 6);
            widgets.add(widget);
        }
        cloudWatch.putDashboard(b -> b.dashboardName(name).dashboardBody(body.toString()));
    }

    private List<JsonNode> currentWidgets(String name) {
        String body;
        try {
            body = cloudWatch.getDashboard(b -> b.dashboardName(name)).dashboardBody();
        } catch (CloudWatchException e) {
            if (notFound(e)) {
                return List.of();
            }
            throw e;
        }
        try {
            List<JsonNode> widgets = new ArrayList<>();
            JSON.readTree(body).path("widgets").forEach(widgets::add);
            return widgets;
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    /** CloudWatch answers a missing dashboard with ResourceNotFound (DashboardNotFoundError in the SDK). */
    private static boolean notFound(CloudWatchException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return e.statusCode() == 404 || code.startsWith("ResourceNotFound") || code.contains("NotFound");
    }

    private List<ObjectNode> widgets(WorkflowRef ref, List<ServingRelease> releases) {
        ObjectNode calls = widget(ref, "calls and errors", "Sum");
        ObjectNode rate = widget(ref, "error rate %", "Sum");
        ObjectNode latency = widget(ref, "latency p50/p95/p99 ms", "p95");
        ArrayNode callMetrics = (ArrayNode) calls.path("properties").path("metrics");
        ArrayNode rateMetrics = (ArrayNode) rate.path("properties").path("metrics");
        ArrayNode latencyMetrics = (ArrayNode) latency.path("properties").path("metrics");
        for (int i = 0; i < releases.size(); i++) {
            ServingRelease release = releases.get(i);
            callMetrics.add(line("Calls", release, "Sum", release.version() + " calls", null, true));
            callMetrics.add(line("Errors", release, "Sum", release.version() + " errors", null, true));
            rateMetrics.add(line("Calls", release, "Sum", null, "c" + i, false));
            rateMetrics.add(line("Errors", release, "Sum", null, "e" + i, false));
            ArrayNode expression = rateMetrics.addArray();
            expression.addObject().put("expression", "IF(c" + i + " > 0, 100 * e" + i + " / c" + i + ", 0)")
                    .put("label", release.version() + " error rate %").put("id", "r" + i);
            for (String percentile : List.of("p50", "p95", "p99")) {
                latencyMetrics.add(line("LatencyMs", release, percentile, release.version() + " " + percentile, null, true));
            }
        }
        return List.of(calls, rate, latency);
    }

    private ObjectNode widget(WorkflowRef ref, String what, String stat) {
        ObjectNode widget = JSON.createObjectNode();
        widget.put("type", "metric");
        ObjectNode properties = widget.putObject("properties");
        properties.put("title", ref.path() + TITLE_SEPARATOR + what);
        properties.put("region", region);
        properties.put("view", "timeSeries");
        properties.put("stat", stat);
        properties.put("period", 60);
        properties.putArray("metrics");
        return widget;
    }

    private ArrayNode line(String metric, ServingRelease release, String stat, String label, String id, boolean visible) {
        ArrayNode line = JSON.createArrayNode();
        line.add(namespace).add(metric).add("ReleaseId").add(release.releaseId().value());
        ObjectNode options = line.addObject().put("stat", stat);
        if (label != null) {
            options.put("label", label);
        }
        if (id != null) {
            options.put("id", id);
        }
        if (!visible) {
            options.put("visible", false);
        }
        return line;
    }

    private static void call(String what, Runnable calls) {
        try {
            calls.run();
        } catch (SdkException e) {
            throw DomainException.unavailable("monitoring.unavailable", "CloudWatch did not " + what + ": "
                    + e.getMessage(), "Check that the function may cloudwatch:PutMetricAlarm, DeleteAlarms,"
                    + " GetDashboard, PutDashboard and DeleteDashboards; the next publish or traffic change puts"
                    + " them again.", e);
        }
    }
}
