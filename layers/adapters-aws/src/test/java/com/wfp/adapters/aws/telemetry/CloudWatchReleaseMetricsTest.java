package com.wfp.adapters.aws.telemetry;

import com.sun.net.httpserver.HttpServer;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rollout guard's reader against a stand-in CloudWatch on a local port that answers
 * {@code GetMetricData} in the SDK's current protocol (Smithy RPCv2 CBOR), which moto does not
 * speak: what the reader asks for (namespace, release dimension, sums and p95) and how it turns the
 * answer into a window.
 */
class CloudWatchReleaseMetricsTest {

    private static final ReleaseId CANARY = new ReleaseId("rel-0123456789abcdef01234567");

    private HttpServer server;
    private final AtomicReference<String> request = new AtomicReference<>();
    private volatile int status = 200;
    private volatile Map<String, double[]> answer = Map.of();
    private CloudWatchClient cloudWatch;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // CBOR text strings are their UTF-8 bytes: the names asked for can be read in the body as it is.
            request.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            byte[] body = status == 200 ? results(answer) : errorBody();
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        cloudWatch = CloudWatchClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void tearDown() {
        cloudWatch.close();
        server.stop(0);
    }

    private static byte[] results(Map<String, double[]> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeFieldName("MetricDataResults");
            cbor.writeStartArray();
            for (Map.Entry<String, double[]> result : values.entrySet()) {
                cbor.writeStartObject();
                cbor.writeStringField("Id", result.getKey());
                cbor.writeStringField("StatusCode", "Complete");
                cbor.writeFieldName("Values");
                cbor.writeStartArray();
                for (double value : result.getValue()) {
                    cbor.writeNumber(value);
                }
                cbor.writeEndArray();
                cbor.writeEndObject();
            }
            cbor.writeEndArray();
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] errorBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator cbor = new CBORFactory().createGenerator(out)) {
            cbor.writeStartObject();
            cbor.writeStringField("__type", "com.amazonaws.cloudwatch#InternalServiceFault");
            cbor.writeStringField("message", "CloudWatch is having a bad day");
            cbor.writeEndObject();
        }
        return out.toByteArray();
    }

    @Test
    void stats_ofAReleaseWithCalls_asksForItsSumsAndP95AndAddsUpThePeriods() {
        answer = Map.of("calls", new double[]{60, 40}, "errors", new double[]{3, 2}, "p95", new double[]{180.5, 240.25});
        CloudWatchReleaseMetrics metrics = new CloudWatchReleaseMetrics(cloudWatch, EmfForwardedCalls.NAMESPACE);

        WindowStats stats = metrics.stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"),
                Instant.parse("2026-12-05T14:05:00Z"));

        assertThat(stats).isEqualTo(new WindowStats(100, 5, 240.25));
        assertThat(request.get()).contains(EmfForwardedCalls.NAMESPACE).contains("ReleaseId").contains(CANARY.value())
                .contains("Calls").contains("Errors").contains("LatencyMs").contains("Sum").contains("p95");
    }

    @Test
    void stats_ofAReleaseWithoutCalls_isTheEmptyWindowWhateverTheOtherSeriesSay() {
        answer = Map.of("calls", new double[]{}, "errors", new double[]{}, "p95", new double[]{12});

        assertThat(new CloudWatchReleaseMetrics(cloudWatch, EmfForwardedCalls.NAMESPACE)
                .stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"), Instant.parse("2026-12-05T14:01:00Z")))
                .isEqualTo(WindowStats.EMPTY);
    }

    @Test
    void stats_whenCloudWatchFails_isATelemetryRefusalTheRolloutRetries() {
        status = 500;

        assertThatThrownBy(() -> new CloudWatchReleaseMetrics(cloudWatch, EmfForwardedCalls.NAMESPACE)
                .stats(CANARY, Instant.parse("2026-12-05T14:00:00Z"), Instant.parse("2026-12-05T14:01:00Z")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("telemetry.unavailable");
                    assertThat(e.hint()).contains("GetMetricData");
                });
    }
}
