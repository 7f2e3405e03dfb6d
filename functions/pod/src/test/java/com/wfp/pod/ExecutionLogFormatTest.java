package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionLogFormatTest {

    @Test
    void logLines_afterRuns_areEmbeddedMetricFormatWithWorkflowAndVersionDimensions() throws Exception {
        try (RunningPod pod = new RunningPod()) {
            pod.load("rel-ok", "greeter", "v2.0.0", TestWorkflows.greeter("greeter"));
            pod.load("rel-fail", "failing", "v1.0.0", TestWorkflows.failing("failing"));

            HttpResponse<String> ok = pod.run("rel-ok", "{\"name\": \"Ada\"}");
            HttpResponse<String> failed = pod.run("rel-fail", "{}");
            HttpResponse<String> shadow = pod.send(pod.request("/run/rel-ok").header("X-Wfp-Shadow", "1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Shadow\"}")).build());

            List<JsonNode> executions = pod.logs.awaitCount(
                    line -> "execution".equals(line.path("event").asText()), 3, Duration.ofSeconds(5));
            for (JsonNode line : executions) {
                JsonNode metrics = line.path("_aws").path("CloudWatchMetrics").get(0);
                assertThat(line.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
                assertThat(line.path("_aws").path("Timestamp").asLong()).isCloseTo(System.currentTimeMillis(),
                        org.assertj.core.data.Offset.offset(60_000L));
                assertThat(metrics.path("Namespace").asText()).isEqualTo("Wfp/Pods");
                assertThat(metrics.path("Dimensions").toString()).isEqualTo("[[\"workflow\",\"version\"]]");
                List<String> names = new ArrayList<>();
                metrics.path("Metrics").forEach(metric -> names.add(metric.path("Name").asText() + "/" + metric.path("Unit").asText()));
                assertThat(names).containsExactly("duration/Milliseconds", "success/Count", "error/Count");
                // Every metric and dimension named in the metadata is present as a top-level member.
                assertThat(line.path("workflow").isTextual()).isTrue();
                assertThat(line.path("version").isTextual()).isTrue();
                assertThat(line.path("duration").isNumber()).isTrue();
                assertThat(line.path("duration").asDouble()).isGreaterThanOrEqualTo(0);
                assertThat(line.path("success").asInt() + line.path("error").asInt()).isEqualTo(1);
                assertThat(line.path("executionId").asText()).isNotBlank();
                assertThat(line.path("trace").path("nodes").isArray()).isTrue();
                assertThat(line.path("trace").path("nodes")).isNotEmpty();
            }

            JsonNode okLine = byExecutionId(executions, ok.headers().firstValue("X-Execution-Id").orElseThrow());
            assertThat(okLine.path("workflow").asText()).isEqualTo("greeter");
            assertThat(okLine.path("version").asText()).isEqualTo("v2.0.0");
            assertThat(okLine.path("releaseId").asText()).isEqualTo("rel-ok");
            assertThat(okLine.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(okLine.path("httpStatus").asInt()).isEqualTo(200);
            assertThat(okLine.path("success").asInt()).isEqualTo(1);
            assertThat(okLine.path("error").asInt()).isZero();
            assertThat(okLine.path("shadow").asBoolean()).isFalse();
            assertThat(okLine.has("errorType")).isFalse();

            JsonNode failedLine = byExecutionId(executions, failed.headers().firstValue("X-Execution-Id").orElseThrow());
            assertThat(failedLine.path("workflow").asText()).isEqualTo("failing");
            assertThat(failedLine.path("status").asText()).isEqualTo("FAILED");
            assertThat(failedLine.path("success").asInt()).isZero();
            assertThat(failedLine.path("error").asInt()).isEqualTo(1);
            assertThat(failedLine.path("errorType").asText()).isNotBlank();
            assertThat(failedLine.path("errorMessage").asText()).contains("upstream said no");
            assertThat(failedLine.has("stackTrace")).isTrue();

            JsonNode shadowLine = byExecutionId(executions, shadow.headers().firstValue("X-Execution-Id").orElseThrow());
            assertThat(shadowLine.path("shadow").asBoolean()).isTrue();

            // Request bodies are never logged.
            assertThat(pod.logs.rawLines()).noneMatch(line -> line.contains("Ada") || line.contains("Shadow"));
        }
    }

    @Test
    void executionLine_whenTheGatewayNamedTheCaller_carriesItsKeyIdAndOnlyAPlausibleOne() throws Exception {
        try (RunningPod pod = new RunningPod()) {
            pod.load("rel-ok", "greeter", "v2.0.0", TestWorkflows.greeter("greeter"));

            HttpResponse<String> keyed = pod.send(pod.request("/run/rel-ok").header("X-Wfp-Caller", "key_0123456789abcdef")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\"}")).build());
            HttpResponse<String> implausible = pod.send(pod.request("/run/rel-ok").header("X-Wfp-Caller", "key one")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\"}")).build());
            HttpResponse<String> unnamed = pod.run("rel-ok", "{\"name\": \"Ada\"}");

            List<JsonNode> executions = pod.logs.awaitCount(
                    line -> "execution".equals(line.path("event").asText()), 3, Duration.ofSeconds(5));
            assertThat(byExecutionId(executions, keyed.headers().firstValue("X-Execution-Id").orElseThrow())
                    .path("callerKeyId").asText()).isEqualTo("key_0123456789abcdef");
            assertThat(byExecutionId(executions, implausible.headers().firstValue("X-Execution-Id").orElseThrow())
                    .has("callerKeyId")).isFalse();
            assertThat(byExecutionId(executions, unnamed.headers().firstValue("X-Execution-Id").orElseThrow())
                    .has("callerKeyId")).isFalse();
        }
    }

    @Test
    void readyLine_isTheFirstLineAndNamesThePort() throws Exception {
        try (RunningPod pod = new RunningPod()) {
            pod.logs.await(line -> "pod.ready".equals(line.path("event").asText()), Duration.ofSeconds(5));
            JsonNode first = pod.logs.json().getFirst();

            assertThat(first.path("event").asText()).isEqualTo("pod.ready");
            assertThat(first.path("port").asInt()).isEqualTo(pod.server.port());
        }
    }

    private static JsonNode byExecutionId(List<JsonNode> lines, String executionId) {
        return lines.stream().filter(line -> executionId.equals(line.path("executionId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no log line for execution " + executionId));
    }
}
