package com.wfp.local.gateway;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Puts the security headers on every response before anything else can commit it: HSTS, no
 * MIME sniffing, no framing, no referrer. API responses also get a deny-all Content Security
 * Policy (they are JSON, never a document to render) and {@code Cache-Control: no-store},
 * since they carry tokens and workflow definitions.
 */
public final class SecurityHeadersHandler extends Handler.Wrapper {

    public static final String HSTS = "max-age=31536000";
    public static final String API_CONTENT_SECURITY_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final String apiPrefix;

    public SecurityHeadersHandler(String apiPrefix, Handler next) {
        super(next);
        this.apiPrefix = apiPrefix;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Strict-Transport-Security", HSTS);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        // Only the API is served today, and 404s for other paths are JSON too: all get the API policy.
        headers.put("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
        String path = Request.getPathInContext(request);
        if (path.equals(apiPrefix) || path.startsWith(apiPrefix + "/")) {
            headers.put("Cache-Control", "no-store");
        }
        return super.handle(request, response, callback);
    }
}
