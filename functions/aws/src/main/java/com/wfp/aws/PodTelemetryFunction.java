package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.aws.telemetry.LogSubscriptionBatch;
import com.wfp.adapters.aws.telemetry.PodLogForwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pods' execution lines into production telemetry: the subscription filter on the pods' log
 * group ({@link PodLogForwarder#FILTER_PATTERN}) invokes it with each batch of lines a pod task
 * wrote, and it stores their executions in the telemetry log group, where the control API's
 * executions, errors and insights routes read them. A failing store fails the invocation, so
 * CloudWatch Logs' asynchronous invoke retries it (a line stored twice reads as one execution);
 * an event that is no subscription batch is refused and logged, never retried into success.
 */
public final class PodTelemetryFunction implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PodTelemetryFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PodLogForwarder forwarder;

    public PodTelemetryFunction() {
        this(AwsPlatform.container());
    }

    PodTelemetryFunction(AwsPlatform platform) {
        this.forwarder = platform.podLogForwarder(platform.environment("pod telemetry"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JSON.writeValue(output, handle(input));
    }

    Map<String, Object> handle(InputStream input) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        LogSubscriptionBatch batch;
        try {
            batch = LogSubscriptionBatch.of(JSON.readTree(input));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
            LOG.warn("not a CloudWatch Logs subscription batch: {}", e.getMessage());
            answer.put("refused", e.getMessage());
            return answer;
        }
        PodLogForwarder.Forwarded forwarded = forwarder.forward(batch);
        if (forwarded.unreadable() > 0) {
            LOG.warn("{} execution lines of {} could not be read", forwarded.unreadable(), batch.logStream());
        }
        answer.put("logStream", batch.logStream());
        answer.put("executions", forwarded.executions());
        answer.put("skipped", forwarded.skipped());
        answer.put("unreadable", forwarded.unreadable());
        return answer;
    }
}
