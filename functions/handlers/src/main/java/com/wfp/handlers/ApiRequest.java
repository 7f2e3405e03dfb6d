package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.workflow.error.DomainException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a handler reads from an API Gateway proxy event, with the body already decoded. */
public record ApiRequest(String requestId, APIGatewayProxyRequestEvent event) {

    static ApiRequest of(APIGatewayProxyRequestEvent event, Context context) {
        return new ApiRequest(requestId(event, context), event);
    }

    /** The raw body bytes; base64 is decoded when the event says so. */
    public byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body.strip());
            } catch (IllegalArgumentException e) {
                throw DomainException.badRequest("request.invalid-base64",
                        "The request body is marked base64 but does not decode: " + e.getMessage(),
                        "Send the body as plain JSON text, or encode it as standard base64.");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** A query parameter's value (the first when repeated), or null. */
    public String query(String name) {
        Map<String, String> single = event.getQueryStringParameters();
        if (single != null && single.containsKey(name)) {
            return single.get(name);
        }
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null && multi.get(name) != null && !multi.get(name).isEmpty()) {
            return multi.get(name).getFirst();
        }
        return null;
    }

    /** True when the query parameter is {@code true} (any case). */
    public boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getRequestContext() != null && notBlank(event.getRequestContext().getRequestId())) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && notBlank(context.getAwsRequestId())) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
