package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.ForwardedCalls;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The route function's telemetry on AWS: one CloudWatch Embedded Metric Format line per forwarded
 * call on standard output, which Lambda ships to CloudWatch Logs, where it becomes the
 * {@code wfp/Route} metrics {@code Calls}, {@code Errors} and {@code LatencyMs} per release: what
 * a progressive rollout's guard reads.
 */
public final class EmfForwardedCalls implements ForwardedCalls {

    public static final String NAMESPACE = "wfp/Route";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Clock clock;

    public EmfForwardedCalls(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void forwarded(ReleaseId releaseId, int status, long latencyNanos) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("ReleaseId");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "Calls").put("Unit", "Count");
        metrics.addObject().put("Name", "Errors").put("Unit", "Count");
        metrics.addObject().put("Name", "LatencyMs").put("Unit", "Milliseconds");
        line.put("ReleaseId", releaseId.value());
        line.put("Status", status);
        line.put("Calls", 1);
        line.put("Errors", status >= 500 ? 1 : 0);
        line.put("LatencyMs", latencyNanos / 1_000_000.0);
        out.println(line);
    }
}
