package com.wfp.local.gateway;

import com.wfp.handlers.console.ConsoleAssets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Writes one of the fixed static files (the console's, the API documentation's) with the headers {@link ConsoleAssets}
 * gives it: 304 when the caller already holds it, no body for {@code HEAD}, else the file.
 */
final class StaticAssetResponse {

    private StaticAssetResponse() {
    }

    static boolean write(ConsoleAssets.Asset asset, Request request, Response response, Callback callback) {
        for (Map.Entry<String, String> header : ConsoleAssets.headers(asset).entrySet()) {
            response.getHeaders().put(header.getKey(), header.getValue());
        }
        if (ConsoleAssets.notModified(asset, request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        byte[] bytes = asset.bytes();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes),
                callback);
        return true;
    }
}
