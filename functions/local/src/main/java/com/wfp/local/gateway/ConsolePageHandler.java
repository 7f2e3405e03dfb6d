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
 * The web console at {@code /}: a static page of native ES modules that signs in with a token
 * kept in the tab's sessionStorage and calls only the public control API with it. Only a fixed
 * list of files is served, none of which holds data. The page's own Content Security Policy allows
 * scripts, styles and connections to this origin only: no inline script or style, no framing.
 */
public final class ConsolePageHandler extends Handler.Wrapper {

    /** Where the console's scripts and styles live; the page itself is {@code /}. */
    public static final String PREFIX = "/console";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String OWN = "/com/wfp/local/console/";
    private static final String JS = "text/javascript; charset=utf-8";

    private record Asset(String resource, String contentType) {
    }

    /** The uPlot webjar version in this module's pom: the dashboard's charts, served from the jar. */
    static final String UPLOT_VERSION = "1.6.30";

    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    private static final Map<String, Asset> ASSETS = Map.ofEntries(
            Map.entry("/", new Asset(OWN + "index.html", "text/html; charset=utf-8")),
            Map.entry(PREFIX + "/console.css", new Asset(OWN + "console.css", "text/css; charset=utf-8")),
            Map.entry(PREFIX + "/api.js", new Asset(OWN + "api.js", JS)),
            Map.entry(PREFIX + "/dom.js", new Asset(OWN + "dom.js", JS)),
            Map.entry(PREFIX + "/app.js", new Asset(OWN + "app.js", JS)),
            Map.entry(PREFIX + "/workflow.js", new Asset(OWN + "workflow.js", JS)),
            Map.entry(PREFIX + "/traffic.js", new Asset(OWN + "traffic.js", JS)),
            Map.entry(PREFIX + "/dashboard.js", new Asset(OWN + "dashboard.js", JS)),
            Map.entry(PREFIX + "/errors.js", new Asset(OWN + "errors.js", JS)),
            Map.entry(PREFIX + "/project.js", new Asset(OWN + "project.js", JS)),
            Map.entry(PREFIX + "/uplot/uPlot.esm.js", new Asset(UPLOT + "uPlot.esm.js", JS)),
            Map.entry(PREFIX + "/uplot/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8")));

    public ConsolePageHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Asset asset = ASSETS.get(Request.getPathInContext(request));
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
        try (InputStream in = ConsolePageHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
