package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

/**
 * Does what the Lambda Java runtime does with a handler class, in a JVM of its own: loads the class
 * by name from the deployment package, builds it with its no-arg constructor (which reads the
 * environment), and hands it one event. Prints the response as JSON; exits 1 when the handler
 * cannot be built, as a failed Lambda init would.
 *
 * <p>{@code java -cp wfp-functions.jar:test-classes com.wfp.handlers.LambdaInvoker CLASS EVENT_FILE}
 */
public final class LambdaInvoker {

    private LambdaInvoker() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        ObjectMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        RequestHandler<APIGatewayProxyRequestEvent, Object> handler;
        try {
            handler = (RequestHandler<APIGatewayProxyRequestEvent, Object>) Class.forName(args[0])
                    .getConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.err.println("init failed: " + e.getCause());
            System.exit(1);
            return;
        }
        APIGatewayProxyRequestEvent event = json.readValue(Path.of(args[1]).toFile(), APIGatewayProxyRequestEvent.class);
        System.out.println(json.writeValueAsString(handler.handleRequest(event, null)));
        System.exit(0);
    }
}
