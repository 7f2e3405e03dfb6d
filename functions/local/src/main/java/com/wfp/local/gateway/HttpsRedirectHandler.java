package com.wfp.local.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The plain HTTP listener serves nothing: every request there is answered with a permanent
 * redirect (308, which keeps the method and body) to the same path on the HTTPS port.
 */
public final class HttpsRedirectHandler extends Handler.Wrapper {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private final IntSupplier httpsPort;
    private final String configuredHost;

    /**
     * {@code httpsPort} is read per request, because with port 0 it is known only after start;
     * {@code configuredHost} is the host the platform was started on.
     */
    public HttpsRedirectHandler(IntSupplier httpsPort, String configuredHost, Handler next) {
        super(next);
        this.httpsPort = httpsPort;
        this.configuredHost = configuredHost;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.isSecure()) {
            return super.handle(request, response, callback);
        }
        HttpURI uri = request.getHttpURI();
        int port = httpsPort.getAsInt();
        StringBuilder location = new StringBuilder("https://").append(host(request));
        if (port != 443) {
            location.append(':').append(port);
        }
        location.append(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        if (uri.getQuery() != null) {
            location.append('?').append(uri.getQuery());
        }
        response.setStatus(308);
        response.getHeaders().put(HttpHeader.LOCATION, location.toString());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, ByteBuffer.allocate(0), callback);
        return true;
    }

    /**
     * The configured host, never the request's {@code Host}: a forged Host header must not turn
     * the platform into an open redirect. A wildcard bind address redirects to localhost.
     */
    private String host(Request request) {
        String name = configuredHost;
        if (name == null || name.equals("0.0.0.0") || name.equals("::") || name.equals("[::]")) {
            return "localhost";
        }
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return HOST_NAME.matcher(name).matches() ? name : "localhost";
    }
}
