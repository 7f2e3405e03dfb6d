package com.wfp.local.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The readable API documentation at {@code /docs/}: a page that asks for the admin token, fetches
 * the control API's or a workflow's OpenAPI document with it and shows it with Swagger UI (from
 * its webjar, never a CDN), and the callers' guide. Only a fixed list of static files is served,
 * none of which holds data: the documents themselves stay behind the admin token. The page's own
 * Content Security Policy allows scripts and styles from this origin only (no inline script).
 */
public final class DocsPageHandler extends Handler.Wrapper {

    /** Where the page lives. */
    public static final String PREFIX = "/docs";

    /** The swagger-ui webjar version in this module's pom. */
    static final String SWAGGER_UI_VERSION = "5.35.0";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";
    private static final String OWN = "/com/wfp/local/docs/";

    private record Asset(String resource, String contentType) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            PREFIX + "/", new Asset(OWN + "index.html", "text/html; charset=utf-8"),
            PREFIX + "/docs.js", new Asset(OWN + "docs.js", "text/javascript; charset=utf-8"),
            PREFIX + "/docs.css", new Asset(OWN + "docs.css", "text/css; charset=utf-8"),
            PREFIX + "/calling-a-workflow.md", new Asset(OWN + "calling-a-workflow.md", "text/markdown; charset=utf-8"),
            PREFIX + "/swagger-ui/swagger-ui.css", new Asset(SWAGGER_UI + "swagger-ui.css", "text/css; charset=utf-8"),
            PREFIX + "/swagger-ui/swagger-ui-bundle.js",
            new Asset(SWAGGER_UI + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"));

    public DocsPageHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals(PREFIX)) {
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
            callback.succeeded();
            return true;
        }
        Asset asset = ASSETS.get(path);
        if (asset == null || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            return super.handle(request, response, callback);
        }
        byte[] bytes = read(asset.resource());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private static byte[] read(String resource) {
        try (InputStream in = DocsPageHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The docs page resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
