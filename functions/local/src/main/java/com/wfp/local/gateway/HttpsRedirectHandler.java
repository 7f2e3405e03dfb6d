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
    private final String fallbackHost;

    /** {@code httpsPort} is read per request, because with port 0 it is known only after start. */
    public HttpsRedirectHandler(IntSupplier httpsPort, String fallbackHost, Handler next) {
        super(next);
        this.httpsPort = httpsPort;
        this.fallbackHost = fallbackHost;
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

    private String host(Request request) {
        // Echo the name the client used (so the certificate's localhost / 127.0.0.1 / ::1 match), but never
        // something that is not a plain host name or address literal.
        String name = Request.getServerName(request);
        if (name != null && name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return name != null && HOST_NAME.matcher(name).matches() ? name : fallbackHost;
    }
}
