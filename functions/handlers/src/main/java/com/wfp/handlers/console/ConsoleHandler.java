package com.wfp.handlers.console;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.PathText;
import com.wfp.workflow.error.DomainException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The web console's files behind API Gateway ({@code GET /} and {@code GET /console/{proxy+}}):
 * the files {@link ConsoleAssets} names, with its headers, as the local gateway serves them, and
 * the API documentation page's ({@code GET /docs} and {@code /docs/{proxy+}}, {@link DocsAssets}). The
 * event's {@code path} is the path below the stage (API Gateway strips {@code /prod}); the page
 * loads its modules and calls the API relative to where it was served, so the stage's prefix
 * carries through. A revalidation with the file's {@code ETag} is answered 304 without a body.
 */
public final class ConsoleHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ConsoleAssets assets;
    private final DocsAssets docs;

    /**
     * @param assets the console's files
     * @param docs   the API documentation page's files ({@code GET /docs} and {@code /docs/{proxy+}})
     */
    public ConsoleHandler(ConsoleAssets assets, DocsAssets docs) {
        this.assets = assets;
        this.docs = docs;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        String method = event.getHttpMethod() == null ? "GET" : event.getHttpMethod();
        String servedAt = event.getRequestContext() == null ? null : event.getRequestContext().getPath();
        String path = event.getPath();
        if ((DocsAssets.PREFIX.equals(path) || (DocsAssets.PREFIX + "/").equals(path))
                && ("GET".equals(method) || "HEAD".equals(method))) {
            // API Gateway may hand /prod/docs and /prod/docs/ alike to the /docs resource; the page names its
            // files relative to itself, so it is served only where the address the browser used ends with the slash.
            String address = servedAt != null && servedAt.startsWith("/") ? servedAt : path;
            if (!address.endsWith("/")) {
                return redirect(DocsAssets.REDIRECT_LOCATION, requestId);
            }
            path = DocsAssets.PREFIX + "/";
        }
        String file = path;
        Optional<ConsoleAssets.Asset> asset = assets.forPath(file).or(() -> docs.forPath(file));
        if (asset.isEmpty()) {
            return ApiResponses.error(DomainException.notFound("console.not-found",
                    "The console has no file at " + PathText.abbreviated(event.getPath()),
                    "Open the console at the API's root (/ below the stage, such as /prod/)."), requestId);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return ApiResponses.error(new DomainException("request.method-not-allowed", 405,
                    "The console's files are read with GET, not " + PathText.abbreviated(method), "Use GET."), requestId);
        }
        if ("/".equals(event.getPath()) && servedAt != null && servedAt.startsWith("/") && !servedAt.endsWith("/")
                && servedAt.matches("/[A-Za-z0-9._~/-]{1,200}")) {
            // The page loads its modules relative to itself: /prod would resolve them outside the stage.
            return redirect(servedAt + "/", requestId);
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>(ConsoleAssets.headers(asset.get()));
        headers.put(ApiResponses.REQUEST_ID_HEADER, requestId);
        if (ConsoleAssets.notModified(asset.get(), header(event, "If-None-Match"))) {
            return new APIGatewayProxyResponseEvent().withStatusCode(304).withHeaders(headers).withIsBase64Encoded(false);
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(headers).withIsBase64Encoded(false)
                .withBody("HEAD".equals(method) ? "" : new String(asset.get().bytes(), StandardCharsets.UTF_8));
    }

    private static APIGatewayProxyResponseEvent redirect(String location, String requestId) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(ConsoleAssets.SECURITY_HEADERS);
        headers.put("Location", location);
        headers.put(ApiResponses.REQUEST_ID_HEADER, requestId);
        return new APIGatewayProxyResponseEvent().withStatusCode(301).withHeaders(headers).withIsBase64Encoded(false);
    }

    /** A request header, whatever the case API Gateway passed it in. */
    private static String header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
