package com.wfp.adapters.pod;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodExecutionLineTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseNames NAMES = new ReleaseNames(id -> id.value().equals("rel-ada1")
            ? Optional.of(new ReleaseNames.Named(ORDERS, "v1.2.0")) : Optional.empty());

    /** A failed execution line as the pod writes it (PodLog), with a masked input. */
    private static final String FAILED = "{\"_aws\":{\"Timestamp\":1795000000123,\"CloudWatchMetrics\":[]},"
            + "\"event\":\"execution\",\"workflow\":\"orders\",\"version\":\"v1.2.0\",\"releaseId\":\"rel-ada1\","
            + "\"executionId\":\"exec-7\",\"pod\":\"ada\",\"status\":\"FAILED\",\"httpStatus\":502,\"duration\":12.5,"
            + "\"success\":0,\"error\":1,\"shadow\":false,\"trace\":{\"status\":\"FAILED\",\"startedAtMs\":1795000000100,"
            + "\"durationMicros\":12500,\"nodes\":[{\"nodeId\":\"in\",\"type\":\"trigger.http\",\"status\":\"SUCCEEDED\","
            + "\"durationMicros\":40,\"outputBytes\":20},{\"nodeId\":\"call\",\"type\":\"http.request\",\"status\":\"FAILED\","
            + "\"durationMicros\":12000,\"outputBytes\":0,\"upstreamHost\":\"api.example.com\",\"upstreamStatus\":503,"
            + "\"error\":{\"type\":\"http.status\",\"message\":\"503 from api.example.com\"}}]},"
            + "\"errorType\":\"http.status\",\"errorMessage\":\"503 from api.example.com\","
            + "\"stackTrace\":\"com.wfp.workflow.engine.NodeFailure: 503\\n\\tat x.y(Z.java:1)\",\"errorNode\":\"call\","
            + "\"input\":\"{\\\"name\\\":\\\"Ada\\\",\\\"password\\\":\\\"***\\\"}\"}";

    @Test
    void read_failedExecutionLine_givesTheExecutionWithItsNodesAndFailure() {
        ExecutionRecord record = PodExecutionLine.read("ada", FAILED, NAMES).orElseThrow();

        assertThat(record.executionId()).isEqualTo("exec-7");
        assertThat(record.ref()).isEqualTo(ORDERS);
        assertThat(record.releaseId()).isEqualTo(new ReleaseId("rel-ada1"));
        assertThat(record.version()).isEqualTo("v1.2.0");
        assertThat(record.startedAt()).isEqualTo(Instant.ofEpochMilli(1795000000100L));
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.httpStatus()).isEqualTo(502);
        assertThat(record.durationMicros()).isEqualTo(12500);
        assertThat(record.callerKeyId()).isNull();
        assertThat(record.nodes()).hasSize(2);
        assertThat(record.nodes().get(1).upstreamHost()).isEqualTo("api.example.com");
        assertThat(record.nodes().get(1).upstreamStatus()).isEqualTo(503);
        assertThat(record.failure().nodeId()).isEqualTo("call");
        assertThat(record.failure().code()).isEqualTo("http.status");
        assertThat(record.failure().type()).isEqualTo("com.wfp.workflow.engine.NodeFailure");
        assertThat(record.failure().input()).isEqualTo("{\"name\":\"Ada\",\"password\":\"***\"}");
    }

    @Test
    void read_aLineWithItsMetricsHeaderLast_givesTheSameRecordAsWithItFirst() {
        String header = "\"_aws\":{\"Timestamp\":1795000000123,\"CloudWatchMetrics\":[]}";
        String headerLast = "{" + FAILED.substring(1 + header.length() + 1, FAILED.length() - 1) + "," + header + "}";
        assertThat(headerLast).startsWith("{\"event\":").endsWith("\"CloudWatchMetrics\":[]}}");

        assertThat(PodExecutionLine.read("ada", headerLast, NAMES)).isEqualTo(PodExecutionLine.read("ada", FAILED, NAMES))
                .isPresent();
    }

    @Test
    void read_aLineWithItsHeaderLastAndNoStartInItsTrace_takesTheHeadersTimestamp() {
        String line = "{\"event\":\"execution\",\"releaseId\":\"rel-ada1\",\"executionId\":\"e-1\","
                + "\"status\":\"SUCCEEDED\",\"trace\":{\"nodes\":[]},\"_aws\":{\"Timestamp\":1795000000123}}";

        assertThat(PodExecutionLine.read("ada", line, NAMES).orElseThrow().startedAt())
                .isEqualTo(Instant.ofEpochMilli(1795000000123L));
    }

    @Test
    void read_successLineWithFieldsItDoesNotKnow_skipsThemAndKeepsTheLastOfARepeatedField() {
        String line = "{\"extra\":{\"nested\":[1,{\"status\":\"FAILED\"}],\"trace\":{}},\"event\":\"execution\","
                + "\"releaseId\":\"rel-ada1\",\"executionId\":\"exec-8\",\"status\":\"FAILED\",\"status\":\"SUCCEEDED\","
                + "\"httpStatus\":\"200\",\"duration\":3.25,\"shadow\":true,\"errorType\":null,"
                + "\"trace\":{\"startedAtMs\":1795000000200,\"more\":[[{}]],\"nodes\":[7,{\"nodeId\":\"in\","
                + "\"type\":\"trigger.http\",\"status\":\"SUCCEEDED\",\"durationMicros\":\"15\",\"error\":{\"a\":[]}}]}}";

        ExecutionRecord record = PodExecutionLine.read("ada", line, NAMES).orElseThrow();

        assertThat(record.executionId()).isEqualTo("exec-8");
        assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.durationMicros()).as("from duration in ms when the trace has none").isEqualTo(3250);
        assertThat(record.shadow()).isTrue();
        assertThat(record.startedAt()).isEqualTo(Instant.ofEpochMilli(1795000000200L));
        assertThat(record.failure()).isNull();
        assertThat(record.nodes()).containsExactly(new NodeTiming("in", "trigger.http", "SUCCEEDED", 15, null, 0));
    }

    @Test
    void read_lineWithTheCallerTheGatewayToldThePod_givesItsKeyId() {
        String line = "{\"event\":\"execution\",\"releaseId\":\"rel-ada1\",\"executionId\":\"exec-9\","
                + "\"status\":\"SUCCEEDED\",\"httpStatus\":200,\"shadow\":false,\"callerKeyId\":\"key_0123456789abcdef\","
                + "\"trace\":{\"startedAtMs\":1795000000300,\"durationMicros\":900,\"nodes\":[]}}";

        ExecutionRecord record = PodExecutionLine.read("ada", line, NAMES).orElseThrow();

        assertThat(record.callerKeyId()).isEqualTo("key_0123456789abcdef");
    }

    @Test
    void read_lineWithACallerThatIsNoPlausibleKeyId_givesNoCaller() {
        for (String caller : new String[]{"null", "42", "\"\"", "\"key with spaces\"", "\"" + "k".repeat(129) + "\"",
                "{\"id\":\"key_0123456789abcdef\"}", "[\"key_0123456789abcdef\"]"}) {
            String line = "{\"event\":\"execution\",\"releaseId\":\"rel-ada1\",\"executionId\":\"exec-10\","
                    + "\"status\":\"SUCCEEDED\",\"callerKeyId\":" + caller + ",\"httpStatus\":201}";

            ExecutionRecord record = PodExecutionLine.read("ada", line, NAMES).orElseThrow();

            assertThat(record.callerKeyId()).as(caller).isNull();
            assertThat(record.httpStatus()).as("the rest of the line after %s", caller).isEqualTo(201);
        }
    }

    @Test
    void read_executionLineWhoseReleaseIdIsNoText_throws() {
        assertThatThrownBy(() -> PodExecutionLine.read("ada", "{\"event\":\"execution\",\"releaseId\":{\"id\":1},"
                + "\"status\":\"SUCCEEDED\"}", NAMES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("releaseId");
        assertThatThrownBy(() -> PodExecutionLine.read("ada", "[\"event\",\"execution\"]", NAMES).orElseThrow())
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void read_aLineNamingAnotherUsersRelease_isNotBelieved() {
        assertThat(PodExecutionLine.read("bob", FAILED, NAMES)).isEmpty();
    }

    @Test
    void read_aReleaseTheCatalogueDoesNotHold_isSkipped() {
        assertThat(PodExecutionLine.read("ada", FAILED.replace("rel-ada1", "rel-gone"), NAMES)).isEmpty();
    }

    @Test
    void read_linesThatAreNoExecution_areSkipped() {
        assertThat(PodExecutionLine.read("ada", "{\"event\":\"pod.ready\",\"port\":8080}", NAMES)).isEmpty();
        assertThat(PodExecutionLine.read("ada", "{\"event\":\"execution.refused\",\"releaseId\":\"rel-ada1\"}", NAMES))
                .isEmpty();
        assertThat(PodExecutionLine.read("ada", "{\"level\":\"INFO\",\"message\":\"{\\\"event\\\":\\\"execution\\\"}\"}",
                NAMES)).as("a diagnostic line quoting one").isEmpty();
        assertThat(PodExecutionLine.read("ada", "plain text", NAMES)).isEmpty();
        assertThat(PodExecutionLine.read("ada", null, NAMES)).isEmpty();
    }

    @Test
    void read_brokenExecutionLines_throwSayingTheLineCannotBeRead() {
        assertThatThrownBy(() -> PodExecutionLine.read("ada", FAILED.substring(0, 200), NAMES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PodExecutionLine.read("ada", FAILED.replace("\"FAILED\",\"httpStatus\"",
                "\"EXPLODED\",\"httpStatus\""), NAMES)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PodExecutionLine.read("ada", FAILED.replace("rel-ada1", "../../etc"), NAMES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PodExecutionLine.read("ada", "{\"event\":\"execution\"}", NAMES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_whenTheCatalogueFails_letsItsFailureThrough() {
        ReleaseNames failing = new ReleaseNames(id -> {
            throw DomainException.unavailable("store.unavailable", "down", "retry", null);
        });

        assertThatThrownBy(() -> PodExecutionLine.read("ada", FAILED, failing)).isInstanceOf(DomainException.class);
    }

    @Test
    void exceptionType_isTheClassAStackTraceStartsWith() {
        assertThat(PodExecutionLine.exceptionType("java.io.IOException: gone\n\tat x")).isEqualTo("java.io.IOException");
        assertThat(PodExecutionLine.exceptionType("")).isEmpty();
        assertThat(PodExecutionLine.exceptionType("not a class name: x")).isEmpty();
    }
}
