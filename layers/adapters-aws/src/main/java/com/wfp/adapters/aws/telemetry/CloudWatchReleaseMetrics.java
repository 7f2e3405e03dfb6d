package com.wfp.adapters.aws.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a release did, read from the route function's per-release metrics in CloudWatch
 * ({@link EmfForwardedCalls}: {@code Calls}, {@code Errors} and {@code LatencyMs} in
 * {@value EmfForwardedCalls#NAMESPACE} by {@code ReleaseId}) with one {@code GetMetricData} call:
 * the sums of calls and errors and the p95 of latency over the window. This is what a progressive
 * rollout's guard reads on AWS.
 */
public final class CloudWatchReleaseMetrics implements ReleaseMetrics {

    private final CloudWatchClient cloudWatch;
    private final String namespace;

    public CloudWatchReleaseMetrics(CloudWatchClient cloudWatch, String namespace) {
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
    }

    @Override
    public WindowStats stats(ReleaseId releaseId, Instant from, Instant to) {
        // One period over the whole window, in whole minutes as CloudWatch wants (at least one).
        int period = (int) Math.max(60, (Duration.between(from, to).getSeconds() + 59) / 60 * 60);
        GetMetricDataResponse response;
        try {
            response = cloudWatch.getMetricData(b -> b.startTime(from).endTime(to).metricDataQueries(
                    query("calls", releaseId, "Calls", "Sum", period),
                    query("errors", releaseId, "Errors", "Sum", period),
                    query("p95", releaseId, "LatencyMs", "p95", period)));
        } catch (SdkException e) {
            throw DomainException.unavailable("telemetry.unavailable",
                    "CloudWatch did not answer the metrics of release " + releaseId + ": " + e.getMessage(),
                    "The rollout waits and judges again at its next step; check that the function may"
                            + " cloudwatch:GetMetricData.", e);
        }
        long calls = Math.round(sum(response.metricDataResults(), "calls"));
        long errors = Math.min(calls, Math.round(sum(response.metricDataResults(), "errors")));
        double p95 = calls == 0 ? 0 : Math.max(0, max(response.metricDataResults(), "p95"));
        return calls == 0 ? WindowStats.EMPTY : new WindowStats(calls, errors, p95);
    }

    private MetricDataQuery query(String id, ReleaseId releaseId, String metric, String stat, int period) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(MetricStat.builder()
                .metric(Metric.builder().namespace(namespace).metricName(metric)
                        .dimensions(Dimension.builder().name("ReleaseId").value(releaseId.value()).build()).build())
                .period(period).stat(stat).build()).build();
    }

    private static double sum(List<MetricDataResult> results, String id) {
        return values(results, id).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double max(List<MetricDataResult> results, String id) {
        return values(results, id).stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static List<Double> values(List<MetricDataResult> results, String id) {
        return results.stream().filter(r -> id.equals(r.id())).findFirst().map(MetricDataResult::values)
                .orElse(List.of());
    }
}
