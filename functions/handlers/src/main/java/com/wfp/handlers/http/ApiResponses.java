package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.error.DomainException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds every control API response, and is the one place where errors become responses: a
 * {@link DomainException} answers with its own status, code and hint; anything else is a 500
 * that names the request id and nothing of the internals.
 */
public final class ApiResponses {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String RETRY_AFTER_SECONDS = "2";

    private ApiResponses() {
    }

    public static APIGatewayProxyResponseEvent json(int status, JsonNode body, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(REQUEST_ID_HEADER, requestId);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(ReportJson.write(body))
                .withIsBase64Encoded(false);
    }

    /** The error's JSON; a 503 also says when to try again ({@code Retry-After}), as it is always transient. */
    public static APIGatewayProxyResponseEvent error(DomainException e, String requestId) {
        APIGatewayProxyResponseEvent response = json(e.httpStatus(), ReportJson.error(e), requestId);
        if (e.httpStatus() == 503) {
            response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response;
    }

    public static APIGatewayProxyResponseEvent unexpected(RuntimeException e, String requestId) {
        return error(new DomainException("internal.unexpected", 500,
                "The request failed unexpectedly (request id " + requestId + ")",
                "Retry the request; if it keeps failing, report the request id.", e), requestId);
    }
}
