package com.wfp.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The errors Jetty answers itself, before any handler of ours runs (an ambiguous path such as
 * {@code %2e%2e}, {@code %2f} or {@code //}, a URI or headers too large), in the platform's JSON
 * shape {@code {"error":{code,message,hint}}} rather than Jetty's HTML page, and never echoing the
 * request back.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object reason = request.getAttribute(ERROR_MESSAGE);
        ProxyEventTranslator.write(ApiResponses.error(error(status, reason == null ? null : reason.toString()),
                RequestIds.next()), response, callback);
        return true;
    }

    // Jetty 12 still calls this for the requests it refuses before any handler (URI or headers too large), so the
    // override stays until Jetty removes it.
    @SuppressWarnings("removal")
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        DomainException error = error(status, reason);
        ObjectNode body = ReportJson.mapper().createObjectNode();
        ObjectNode detail = body.putObject("error");
        detail.put("code", error.code());
        detail.put("message", error.getMessage());
        detail.put("hint", error.hint());
        return ByteBuffer.wrap(ReportJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static DomainException error(int status, String reason) {
        return switch (status) {
            case 414 -> new DomainException("request.uri-too-long", 414, "The request's URI is too long",
                    "Send large values in the body, not in the path or query.");
            case 431 -> new DomainException("request.headers-too-large", 431, "The request's headers are too large",
                    "Send fewer or smaller headers; large values belong in the body.");
            case 400 -> DomainException.badRequest("request.malformed", "The request is malformed: " + printable(reason),
                    "Send a path without encoded dots or slashes (%2e, %2f) and without empty segments (//).");
            default -> new DomainException("request.refused", status, "The request was refused: " + printable(reason),
                    "Check the request against the API documentation.");
        };
    }

    private static String printable(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String safe = reason.replaceAll("[^\\x20-\\x7E]", "?");
        return safe.length() > 200 ? safe.substring(0, 200) + "..." : safe;
    }
}
