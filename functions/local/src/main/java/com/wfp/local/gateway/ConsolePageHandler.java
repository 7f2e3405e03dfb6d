package com.wfp.local.gateway;

import com.wfp.handlers.console.ConsoleAssets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Optional;

/**
 * The web console at {@code /}: a static page of native ES modules that signs in with a token
 * kept in the tab's sessionStorage and calls only the public control API with it. The files, their
 * Content Security Policy (this origin only: no inline script or style, no framing) and their
 * headers are {@link ConsoleAssets}', which the console function on AWS serves alike.
 */
public final class ConsolePageHandler extends Handler.Wrapper {

    /** Where the console's scripts and styles live; the page itself is {@code /}. */
    public static final String PREFIX = ConsoleAssets.PREFIX;

    static final String CONTENT_SECURITY_POLICY = ConsoleAssets.CONTENT_SECURITY_POLICY;

    private final ConsoleAssets assets = new ConsoleAssets("/com/wfp/local/console/");

    public ConsolePageHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return super.handle(request, response, callback);
        }
        Optional<ConsoleAssets.Asset> asset = assets.forPath(Request.getPathInContext(request));
        if (asset.isEmpty()) {
            return super.handle(request, response, callback);
        }
        return StaticAssetResponse.write(asset.get(), request, response, callback);
    }
}
