package com.wfp.local.gateway;

import com.wfp.handlers.console.ConsoleAssets;
import com.wfp.handlers.console.DocsAssets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Optional;

/**
 * The readable API documentation at {@code /docs/}: the fixed list of files {@link DocsAssets}
 * names (the page, its script and style, the callers' guide, Swagger UI from its webjar), with the
 * headers {@link ConsoleAssets#headers} gives, as the console function serves them on AWS. The
 * documents themselves stay behind the admin token.
 */
public final class DocsPageHandler extends Handler.Wrapper {

    /** Where the page lives. */
    public static final String PREFIX = DocsAssets.PREFIX;

    static final String CONTENT_SECURITY_POLICY = ConsoleAssets.CONTENT_SECURITY_POLICY;

    private final DocsAssets assets = new DocsAssets("/com/wfp/local/docs/");

    public DocsPageHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return super.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        if (DocsAssets.isFolderWithoutSlash(path)) {
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, DocsAssets.REDIRECT_LOCATION);
            callback.succeeded();
            return true;
        }
        Optional<ConsoleAssets.Asset> asset = assets.forPath(path);
        if (asset.isEmpty()) {
            return super.handle(request, response, callback);
        }
        return StaticAssetResponse.write(asset.get(), request, response, callback);
    }
}
