package com.wfp.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;

/** A real handler that answers with the proxy event it received, so tests can see the gateway's translation. */
public final class EchoHandler extends ApiHandler {

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        APIGatewayProxyRequestEvent event = request.event();
        ObjectNode echo = ReportJson.mapper().createObjectNode();
        echo.put("httpMethod", event.getHttpMethod());
        echo.put("path", event.getPath());
        echo.put("resource", event.getResource());
        echo.set("pathParameters", ReportJson.mapper().valueToTree(event.getPathParameters()));
        echo.set("queryStringParameters", ReportJson.mapper().valueToTree(event.getQueryStringParameters()));
        echo.set("multiValueQueryStringParameters",
                ReportJson.mapper().valueToTree(event.getMultiValueQueryStringParameters()));
        echo.put("custom", event.getHeaders().get("X-Custom"));
        echo.put("body", event.getBody());
        echo.put("isBase64Encoded", event.getIsBase64Encoded());
        echo.put("requestId", event.getRequestContext().getRequestId());
        echo.put("resourcePath", event.getRequestContext().getResourcePath());
        echo.put("sourceIp", event.getRequestContext().getIdentity().getSourceIp());
        return ApiResponses.json(200, echo, request.requestId());
    }
}
