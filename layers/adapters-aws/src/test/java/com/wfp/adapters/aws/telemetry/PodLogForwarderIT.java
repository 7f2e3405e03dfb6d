package com.wfp.adapters.aws.telemetry;

import com.wfp.adapters.aws.MotoServer;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodLog;
import com.wfp.workflow.engine.ErrorInfo;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.engine.ExecutionTrace;
import com.wfp.workflow.engine.NodeStatus;
import com.wfp.workflow.engine.NodeTrace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pods' lines from their log group into the telemetry store, on CloudWatch Logs (moto_server,
 * or whatever {@code AWS_ENDPOINT_URL} names): lines the pod's own {@link PodLog} writes are put in
 * the pods' log group as the awslogs driver puts them, delivered as the subscription filter
 * delivers them ({@link LogSubscriptions}), forwarded, and read back as executions and error
 * groups. Both log groups are deleted after each test.
 */
class PodLogForwarderIT {

    private static final CloudWatchLogsClient LOGS = MotoServer.shared().configure(CloudWatchLogsClient.builder()).build();
    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseId V1 = new ReleaseId("rel-ada-v1");
    private static final ReleaseId V2 = new ReleaseId("rel-ada-v2");
    private static final ReleaseNames NAMES = new ReleaseNames(id -> id.equals(V1)
            ? Optional.of(new ReleaseNames.Named(ORDERS, "v1.0.0"))
            : id.equals(V2) ? Optional.of(new ReleaseNames.Named(ORDERS, "v1.1.0")) : Optional.empty());

    private final String suffix = UUID.randomUUID().toString();
    private final String podLogGroup = "/wfp/test/pods-" + suffix;
    private final String telemetryLogGroup = "/wfp/test/telemetry-" + suffix;
    private CloudWatchLogsTelemetryStore telemetry;
    private PodLogForwarder forwarder;

    @BeforeEach
    void createLogGroups() {
        LOGS.createLogGroup(b -> b.logGroupName(podLogGroup));
        CloudWatchLogsTelemetryStore.createLogGroup(LOGS, telemetryLogGroup, 7);
        telemetry = new CloudWatchLogsTelemetryStore(LOGS, telemetryLogGroup, "pods/" + suffix, Clock.systemUTC());
        forwarder = new PodLogForwarder(telemetry.retainedByLogGroup(), NAMES);
    }

    @AfterEach
    void deleteLogGroups() {
        LOGS.deleteLogGroup(b -> b.logGroupName(podLogGroup));
        LOGS.deleteLogGroup(b -> b.logGroupName(telemetryLogGroup));
    }

    /** The caller the gateway named to the pod for every execution here. */
    private static final String CALLER = "key_0123456789abcdef";

    /** Lines as the pod writes them on stdout, through its own log writer. */
    private static List<String> podLines(String pod, ExecutionTrace... traces) {
        List<String> lines = new ArrayList<>();
        LineSink sink = new LineSink() {
            @Override
            public synchronized void write(String line) {
                lines.add(line);
            }

            @Override
            public void flush() {
            }
        };
        try (PodLog log = new PodLog(sink, 100, pod)) {
            log.event("pod.ready", java.util.Map.of("port", 8080));
            for (ExecutionTrace trace : traces) {
                boolean failed = trace.status() != ExecutionStatus.SUCCEEDED;
                log.execution(trace, failed ? 500 : 200, failed ? "{\"name\":\"Ada\",\"password\":\"***\"}" : null,
                        CALLER);
            }
        }
        return lines;
    }

    private static ExecutionTrace failed(String id, ReleaseId release, String version, Instant at, String message) {
        ErrorInfo error = new ErrorInfo("node.failed", message, "java.lang.IllegalStateException: " + message
                + "\n\tat com.wfp.Example.run(Example.java:1)");
        return new ExecutionTrace(id, release.value(), "orders", version, ExecutionStatus.FAILED, false, at, 1500,
                List.of(new NodeTrace("in", "trigger.http", NodeStatus.SUCCEEDED, 10, 20, null),
                        new NodeTrace("boom", "fail", NodeStatus.FAILED, 30, 0, error)), error);
    }

    private static ExecutionTrace succeeded(String id, ReleaseId release, String version, Instant at) {
        return new ExecutionTrace(id, release.value(), "orders", version, ExecutionStatus.SUCCEEDED, false, at, 900,
                List.of(new NodeTrace("in", "trigger.http", NodeStatus.SUCCEEDED, 10, 20, null)), null);
    }

    private void putInPodLogGroup(String stream, List<String> lines) {
        LOGS.createLogStream(b -> b.logGroupName(podLogGroup).logStreamName(stream));
        long now = System.currentTimeMillis();
        LOGS.putLogEvents(b -> b.logGroupName(podLogGroup).logStreamName(stream).logEvents(lines.stream()
                .map(line -> InputLogEvent.builder().timestamp(now).message(line).build()).toList()));
    }

    private List<PodLogForwarder.Forwarded> deliver() {
        List<PodLogForwarder.Forwarded> results = new ArrayList<>();
        for (byte[] invocation : new LogSubscriptions(LOGS, podLogGroup, PodLogForwarder.FILTER_PATTERN).undelivered()) {
            try {
                results.add(forwarder.forward(LogSubscriptionBatch.of(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(new ByteArrayInputStream(invocation)))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return results;
    }

    @Test
    void forward_podLinesFromTheirLogGroup_becomeExecutionsAndAnErrorGroupFirstSeenInTheirRelease() {
        Instant t0 = Instant.now().minus(Duration.ofMinutes(2));
        putInPodLogGroup("ada/pod/task-1", podLines("ada",
                succeeded("exec-1", V1, "v1.0.0", t0),
                failed("exec-2", V2, "v1.1.0", t0.plusSeconds(10), "order 4711 failed"),
                failed("exec-3", V2, "v1.1.0", t0.plusSeconds(20), "order 4712 failed")));

        List<PodLogForwarder.Forwarded> forwarded = deliver();

        assertThat(forwarded).singleElement().satisfies(f -> {
            assertThat(f.executions()).isEqualTo(3);
            assertThat(f.unreadable()).isZero();
        });
        List<ExecutionRecord> executions = telemetry.executions(new ExecutionQuery(ORDERS, null, null, null, null, 10));
        assertThat(executions).extracting(ExecutionRecord::executionId).containsExactly("exec-3", "exec-2", "exec-1");
        ExecutionRecord failure = telemetry.execution("exec-2").orElseThrow();
        assertThat(failure.version()).isEqualTo("v1.1.0");
        assertThat(failure.failure().nodeId()).isEqualTo("boom");
        assertThat(failure.failure().input()).isEqualTo("{\"name\":\"Ada\",\"password\":\"***\"}");
        assertThat(executions).as("the caller comes in the pod's line, with no caller line of the route function")
                .extracting(ExecutionRecord::callerKeyId).containsOnly(CALLER);
        assertThat(telemetry.errorGroups(ORDERS, t0.minusSeconds(60))).singleElement().satisfies(group -> {
            assertThat(group.count()).isEqualTo(2);
            assertThat(group.nodeId()).isEqualTo("boom");
            assertThat(group.releases()).extracting(ErrorGroup.ReleaseOccurrences::releaseId).containsExactly(V2);
        });
    }

    @Test
    void forward_linesOfAnotherUsersPodOrOfNoPodStream_storeNothing() {
        putInPodLogGroup("bob/pod/task-9", podLines("bob", failed("exec-bob", V1, "v1.0.0", Instant.now(), "x")));
        putInPodLogGroup("something-else", podLines("ada", failed("exec-odd", V1, "v1.0.0", Instant.now(), "y")));

        List<PodLogForwarder.Forwarded> forwarded = deliver();

        assertThat(forwarded).extracting(PodLogForwarder.Forwarded::executions).containsOnly(0);
        assertThat(telemetry.executions(new ExecutionQuery(ORDERS, null, null, null, null, 10))).isEmpty();
        assertThat(telemetry.execution("exec-bob")).isEmpty();
    }

    @Test
    void forward_theSameBatchTwice_readsAsOneExecution() throws Exception {
        putInPodLogGroup("ada/pod/task-2", podLines("ada", failed("exec-twice", V1, "v1.0.0", Instant.now(), "z")));
        byte[] invocation = new LogSubscriptions(LOGS, podLogGroup, PodLogForwarder.FILTER_PATTERN).undelivered()
                .getFirst();
        LogSubscriptionBatch batch = LogSubscriptionBatch.of(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(invocation));

        forwarder.forward(batch);
        forwarder.forward(batch);

        assertThat(telemetry.executions(new ExecutionQuery(ORDERS, null, null, null, null, 10))).singleElement()
                .extracting(ExecutionRecord::executionId).isEqualTo("exec-twice");
        assertThat(telemetry.errorGroups(ORDERS, Instant.EPOCH)).singleElement()
                .extracting(ErrorGroup::count).isEqualTo(1L);
    }
}
