package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.aws.pod.DynamoDbPodAddresses;
import com.wfp.adapters.aws.pod.EcsTaskStateChange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The pod-address registrar: an EventBridge rule sends it ECS {@code Task State Change} events of
 * the pod services; a task that reaches RUNNING has its private address recorded for its user, a
 * task that stops is forgotten. The route and publish functions read these addresses.
 */
public final class PodAddressFunction implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbPodAddresses addresses;

    public PodAddressFunction() {
        this(AwsPlatform.container());
    }

    PodAddressFunction(AwsPlatform platform) {
        this.addresses = platform.podAddresses(platform.environment("pod-address registrar"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JSON.writeValue(output, handle(JSON.readTree(input)));
    }

    Map<String, String> handle(JsonNode event) {
        EcsTaskStateChange change = EcsTaskStateChange.of(event);
        return switch (change) {
            case EcsTaskStateChange.Running running -> {
                addresses.running(running.user(), running.taskArn(), running.address());
                yield Map.of("action", "registered", "user", running.user(), "address", running.address().toString());
            }
            case EcsTaskStateChange.Stopped stopped -> {
                addresses.stopped(stopped.user(), stopped.taskArn());
                yield Map.of("action", "forgotten", "user", stopped.user());
            }
            case EcsTaskStateChange.Ignored ignored -> Map.of("action", "ignored", "why", ignored.why());
        };
    }
}
