package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.port.ProductionMonitoring.ServingRelease;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-workflow alarms and the per-project dashboard on CloudWatch: moto_server's, reached through
 * the {@code CloudWatchJsonBridge} (or whatever {@code AWS_ENDPOINT_URL} names). Everything put is
 * deleted after each test.
 */
class CloudWatchProductionMonitoringIT {

    private static final MotoServer MOTO = MotoServer.shared();
    private static final CloudWatchClient CLOUDWATCH = MOTO.configure(CloudWatchClient.builder())
            .endpointOverride(MOTO.cloudWatchEndpoint()).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String user = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final WorkflowRef orders = new WorkflowRef(user, "shop", "orders");
    private final WorkflowRef invoices = new WorkflowRef(user, "shop", "invoices");
    private final ServingRelease v1 = new ServingRelease(new ReleaseId("rel-" + user + "-v1"), "v1.0.0");
    private final ServingRelease v2 = new ServingRelease(new ReleaseId("rel-" + user + "-v2"), "v1.1.0");
    private final ServingRelease invoicesV1 = new ServingRelease(new ReleaseId("rel-" + user + "-i1"), "v3.0.0");
    private final CloudWatchProductionMonitoring monitoring =
            new CloudWatchProductionMonitoring(CLOUDWATCH, EmfForwardedCalls.NAMESPACE, MotoServer.REGION.id());

    @AfterEach
    void deleteEverythingPut() {
        List<String> alarms = new ArrayList<>();
        for (WorkflowRef ref : List.of(orders, invoices)) {
            alarms.add(CloudWatchProductionMonitoring.errorAlarmName(ref));
            alarms.add(CloudWatchProductionMonitoring.p95AlarmName(ref));
        }
        CLOUDWATCH.deleteAlarms(b -> b.alarmNames(alarms));
        if (dashboard() != null) {
            CLOUDWATCH.deleteDashboards(b -> b.dashboardNames(CloudWatchProductionMonitoring.dashboardName(orders)));
        }
    }

    private AlertRules rules(WorkflowRef ref) {
        return AlertRules.defaults(ref, Instant.parse("2026-12-05T10:00:00Z"));
    }

    @Test
    void serving_putsAnErrorRateAndAP95AlarmOverTheServingReleases_andUpdatesThemWhenReleasesChange() {
        monitoring.serving(orders, List.of(v1), rules(orders));

        MetricAlarm errors = alarm(CloudWatchProductionMonitoring.errorAlarmName(orders));
        assertThat(errors.threshold()).isEqualTo(5.0);
        assertThat(errors.metrics()).extracting(MetricDataQuery::id).containsExactly("c0", "e0", "rate");
        assertThat(errors.metrics().getFirst().metricStat().metric().dimensions().getFirst().value())
                .isEqualTo(v1.releaseId().value());
        assertThat(errors.metrics().getFirst().metricStat().period()).isEqualTo(300);
        assertThat(errors.metrics().getLast().expression()).isEqualTo("IF((c0) >= 10, 100 * (e0) / (c0), 0)");
        MetricAlarm p95 = alarm(CloudWatchProductionMonitoring.p95AlarmName(orders));
        assertThat(p95.threshold()).isEqualTo(2000.0);
        assertThat(p95.metrics().getFirst().metricStat().stat()).isEqualTo("p95");

        monitoring.serving(orders, List.of(v1, v2), rules(orders));

        assertThat(alarm(CloudWatchProductionMonitoring.errorAlarmName(orders)).metrics())
                .extracting(MetricDataQuery::id).containsExactly("c0", "e0", "c1", "e1", "rate");
        assertThat(alarm(CloudWatchProductionMonitoring.p95AlarmName(orders)).metrics().getLast().expression())
                .isEqualTo("MAX([p0,p1])");
    }

    @Test
    void serving_withP95Off_removesTheP95Alarm() {
        monitoring.serving(orders, List.of(v1), rules(orders));
        AlertRules noP95 = new AlertRules(orders, 2, Duration.ofMinutes(2), 0, Duration.ofMinutes(5), true,
                Duration.ZERO, 20, Instant.parse("2026-12-05T10:00:00Z"), "ada");

        monitoring.serving(orders, List.of(v1), noP95);

        assertThat(alarmNames()).containsExactly(CloudWatchProductionMonitoring.errorAlarmName(orders));
        MetricAlarm errors = alarm(CloudWatchProductionMonitoring.errorAlarmName(orders));
        assertThat(errors.threshold()).isEqualTo(2.0);
        assertThat(errors.metrics().getLast().expression()).contains(">= 20");
    }

    @Test
    void dashboard_holdsARowPerServingWorkflowOfTheProject_andGoesWithItsLastRow() throws Exception {
        monitoring.serving(orders, List.of(v1), rules(orders));
        monitoring.serving(invoices, List.of(invoicesV1), rules(invoices));
        monitoring.serving(orders, List.of(v1, v2), rules(orders));

        JsonNode widgets = dashboard().path("widgets");
        assertThat(titles(widgets)).containsExactly(
                invoices.path() + " · calls and errors", invoices.path() + " · error rate %",
                invoices.path() + " · latency p50/p95/p99 ms",
                orders.path() + " · calls and errors", orders.path() + " · error rate %",
                orders.path() + " · latency p50/p95/p99 ms");
        String ordersLatency = widgets.get(5).toString();
        assertThat(ordersLatency).contains(v1.releaseId().value(), v2.releaseId().value(), "\"p50\"", "\"p95\"",
                "\"p99\"", "v1.1.0 p99");
        assertThat(widgets.get(4).toString()).contains("100 * e1 / c1", "v1.0.0 error rate %");
        assertThat(widgets.get(3).path("y").asInt()).isEqualTo(6);

        monitoring.retired(orders);

        assertThat(alarmNames()).containsExactlyInAnyOrder(CloudWatchProductionMonitoring.errorAlarmName(invoices),
                CloudWatchProductionMonitoring.p95AlarmName(invoices));
        assertThat(titles(dashboard().path("widgets"))).allMatch(title -> title.startsWith(invoices.path()))
                .hasSize(3);

        monitoring.retired(invoices);

        assertThat(alarmNames()).isEmpty();
        assertThat(dashboard()).isNull();
    }

    @Test
    void serving_whenCloudWatchDoesNotAnswer_failsWithMonitoringUnavailable() {
        CloudWatchClient unreachable = CloudWatchClient.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(MotoServer.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();

        assertThatThrownBy(() -> new CloudWatchProductionMonitoring(unreachable, EmfForwardedCalls.NAMESPACE, "us-east-1")
                .serving(orders, List.of(v1), rules(orders)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("monitoring.unavailable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
    }

    private List<String> alarmNames() {
        return CLOUDWATCH.describeAlarms(b -> b.alarmNamePrefix("wfp-")).metricAlarms().stream()
                .map(MetricAlarm::alarmName).filter(name -> name.contains("/" + user + "/")).toList();
    }

    private static MetricAlarm alarm(String name) {
        return CLOUDWATCH.describeAlarms(b -> b.alarmNames(name)).metricAlarms().getFirst();
    }

    private JsonNode dashboard() {
        String name = CloudWatchProductionMonitoring.dashboardName(orders);
        boolean exists = CLOUDWATCH.listDashboards(b -> b.dashboardNamePrefix(name)).dashboardEntries().stream()
                .anyMatch(entry -> entry.dashboardName().equals(name));
        if (!exists) {
            return null;
        }
        try {
            return JSON.readTree(CLOUDWATCH.getDashboard(b -> b.dashboardName(name)).dashboardBody());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> titles(JsonNode widgets) {
        List<String> titles = new ArrayList<>();
        widgets.forEach(widget -> titles.add(widget.path("properties").path("title").asText()));
        return titles;
    }
}
