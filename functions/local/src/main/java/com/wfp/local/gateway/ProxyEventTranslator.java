package com.wfp.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.RouteMatch;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between Jetty's request and response and the API Gateway REST proxy event shapes,
 * the same ones the handlers receive on AWS: single-value maps keep the last value, as API
 * Gateway does, and the multi-value maps keep them all.
 */
final class ProxyEventTranslator {

    private ProxyEventTranslator() {
    }

    static APIGatewayProxyRequestEvent toEvent(Request request, byte[] body, RouteMatch.Found match, String requestId) {
        return toEvent(request, body, match.route().path().template(), match.pathParameters(), requestId);
    }

    /**
     * The event API Gateway sends for a call to a greedy resource such as the data path's
     * {@code /w/{proxy+}}: no named path parameters, the handler reads the path.
     */
    static APIGatewayProxyRequestEvent toEvent(Request request, byte[] body, String resource, String requestId) {
        return toEvent(request, body, resource, Map.of(), requestId);
    }

    private static APIGatewayProxyRequestEvent toEvent(Request request, byte[] body, String resource,
                                                       Map<String, String> pathParameters, String requestId) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();

        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getName(), field.getValue());
            multiHeaders.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }

        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            List<String> values = field.getValues();
            query.put(field.getName(), values.getLast());
            multiQuery.put(field.getName(), List.copyOf(values));
        }

        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(Request.getRemoteAddr(request))
                .withUserAgent(request.getHeaders().get("User-Agent"));
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(requestId)
                .withHttpMethod(method)
                .withPath(path)
                .withResourcePath(resource)
                .withStage("local")
                .withProtocol(request.getConnectionMetaData().getProtocol())
                .withRequestTimeEpoch(Request.getTimeStamp(request))
                .withIdentity(identity);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(path)
                .withHttpMethod(method)
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context);
        setBody(event, body);
        return event;
    }

    /** Text bodies pass as they are; anything that is not UTF-8 goes base64, as API Gateway sends binary. */
    private static void setBody(APIGatewayProxyRequestEvent event, byte[] body) {
        if (body.length == 0) {
            event.setIsBase64Encoded(false);
            return;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            event.setBody(text);
            event.setIsBase64Encoded(false);
        } catch (CharacterCodingException binary) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        }
    }

    static void write(APIGatewayProxyResponseEvent answer, Response response, Callback callback) {
        response.setStatus(answer.getStatusCode() == null ? 200 : answer.getStatusCode());
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach((name, value) -> response.getHeaders().put(name, value));
        }
        if (answer.getMultiValueHeaders() != null) {
            answer.getMultiValueHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        }
        byte[] bytes;
        if (answer.getBody() == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(answer.getIsBase64Encoded())) {
            bytes = Base64.getDecoder().decode(answer.getBody());
        } else {
            bytes = answer.getBody().getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put("Content-Length", bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
