package com.wfp.adapters.aws.telemetry;

import com.wfp.adapters.aws.CloudWatchStandIn;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rollout guard's reader against {@link CloudWatchStandIn}, which answers {@code GetMetricData}
 * in the SDK's current protocol (moto does not): what the reader asks for (namespace, release
 * dimension, sums and p95) and how it turns the answer into a window.
 */
class CloudWatchReleaseMetricsTest {

    private static final ReleaseId CANARY = new ReleaseId("rel-0123456789abcdef01234567");

    private final CloudWatchStandIn standIn = new CloudWatchStandIn();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .endpointOverride(standIn.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build();
    private final CloudWatchReleaseMetrics metrics = new CloudWatchReleaseMetrics(cloudWatch, EmfForwardedCalls.NAMESPACE);

    @AfterEach
    void tearDown() {
        cloudWatch.close();
        standIn.close();
    }

    @Test
    void stats_ofAReleaseWithCalls_asksForItsSumsAndP95AndAddsUpThePeriods() {
        standIn.answer(Map.of("calls", new double[]{60, 40}, "errors", new double[]{3, 2},
                "p95", new double[]{180.5, 240.25}));

        WindowStats stats = metrics.stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"),
                Instant.parse("2026-12-05T14:05:00Z"));

        assertThat(stats).isEqualTo(new WindowStats(100, 5, 240.25));
        assertThat(standIn.lastRequest()).contains(EmfForwardedCalls.NAMESPACE).contains("ReleaseId")
                .contains(CANARY.value()).contains("Calls").contains("Errors").contains("LatencyMs").contains("Sum")
                .contains("p95");
    }

    @Test
    void stats_ofAReleaseWithoutCalls_isTheEmptyWindowWhateverTheOtherSeriesSay() {
        standIn.answer(Map.of("calls", new double[]{}, "errors", new double[]{}, "p95", new double[]{12}));

        assertThat(metrics.stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"), Instant.parse("2026-12-05T14:01:00Z")))
                .isEqualTo(WindowStats.EMPTY);
    }

    @Test
    void stats_whenCloudWatchFails_isATelemetryRefusalTheRolloutRetries() {
        standIn.fail();

        assertThatThrownBy(() -> metrics.stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"),
                Instant.parse("2026-12-05T14:01:00Z")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("telemetry.unavailable");
                    assertThat(e.hint()).contains("GetMetricData");
                });
    }
}
