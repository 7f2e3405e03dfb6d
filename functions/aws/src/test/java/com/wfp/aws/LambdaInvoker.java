package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does what the Lambda Java runtime does with a handler class, in a JVM of its own: loads the class
 * by name from the deployment package, builds it with its no-arg constructor (which reads the
 * environment), and hands it one event, as a stream or deserialized to the type its
 * {@code handleRequest} takes. Prints the answer as JSON, or {@code {"errorMessage": ...}} when the
 * handler threw, as Lambda reports it; exits 1 when the handler cannot be built, as a failed init.
 *
 * <p>{@code java -cp wfp-aws-functions.jar:test-classes com.wfp.aws.LambdaInvoker CLASS EVENT_FILE}
 */
public final class LambdaInvoker {

    private LambdaInvoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        ObjectMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Object handler;
        try {
            handler = Class.forName(args[0]).getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            System.err.println("init failed: " + e.getCause());
            System.exit(1);
            return;
        }
        byte[] input = Files.readAllBytes(Path.of(args[1]));
        try {
            if (handler instanceof RequestStreamHandler stream) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                stream.handleRequest(new ByteArrayInputStream(input), output, null);
                System.out.println(output.toString(StandardCharsets.UTF_8));
            } else {
                Type eventType = eventType(handler.getClass());
                Object event = json.readValue(input, json.constructType(eventType));
                System.out.println(json.writeValueAsString(((RequestHandler) handler).handleRequest(event, null)));
            }
        } catch (RuntimeException e) {
            System.out.println(json.writeValueAsString(java.util.Map.of("errorMessage", String.valueOf(e.getMessage()),
                    "errorType", e.getClass().getName())));
        }
        System.exit(0);
    }

    private static Type eventType(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals("handleRequest") && !method.isBridge() && method.getParameterCount() == 2
                    && method.getParameterTypes()[1] == Context.class) {
                return method.getGenericParameterTypes()[0];
            }
        }
        throw new IllegalArgumentException(type + " has no handleRequest(event, Context)");
    }
}
