package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.traffic.RollbackHandler;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.traffic.TrafficService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Rolls a workflow back, asked two ways: {@code POST .../rollback} through API Gateway, and a
 * CloudWatch alarm of a canary going into ALARM, delivered by an EventBridge rule (as CodeDeploy
 * does). The alarm's name says which workflow ({@link CanaryAlarms#NAME_PREFIX}{@code user/project/workflow});
 * the release with the most traffic takes it all back and a running rollout stops.
 */
public final class RollbackFunction implements RequestStreamHandler {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ControlDispatch dispatch;
    private final CanaryAlarms alarms;

    public RollbackFunction() {
        this(AwsPlatform.container());
    }

    RollbackFunction(AwsPlatform platform) {
        this(platform, platform.environment("rollback"));
    }

    private RollbackFunction(AwsPlatform platform, FunctionEnvironment environment) {
        HandlerServices services = HandlerServices.none().withControl(platform.controlServices(environment))
                .withTraffic(platform.trafficServices(environment));
        this.dispatch = ControlDispatch.of(platform, environment, services, Set.of(RollbackHandler.class));
        TrafficService traffic = platform.traffic(environment);
        RolloutController rollouts = platform.rollouts(environment);
        this.alarms = new CanaryAlarms(traffic, rollouts, platform.store(environment));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        Object answer;
        if (event.has("detail-type")) {
            answer = alarms.handle(event);
        } else {
            answer = dispatch.handle(JSON.treeToValue(event, APIGatewayProxyRequestEvent.class), context);
        }
        JSON.writeValue(output, answer);
    }

    /** The rollback an alarm asks for, for callers that hold the event as a tree. */
    CanaryAlarms.Outcome onAlarm(JsonNode event) {
        return alarms.handle(event);
    }
}
