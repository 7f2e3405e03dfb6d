package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.console.ConsoleAssets;
import com.wfp.handlers.console.ConsoleHandler;
import com.wfp.handlers.console.DocsAssets;

/**
 * The web console on AWS: {@code GET /} and {@code GET /console/{proxy+}} of the REST API answer
 * the very files the local gateway serves (the build copies them from {@code functions/local}
 * into this package, under {@value #FOLDER}) with the same policy and headers. It reads no
 * environment and calls no AWS API; the page calls the control API on the same origin and stage.
 * {@code GET /docs} and {@code /docs/{proxy+}} answer the API documentation page the same way
 * (its files under {@value #DOCS_FOLDER}, Swagger UI from its webjar).
 */
public final class ConsoleFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Where the build packs the console's own files. */
    static final String FOLDER = "/com/wfp/aws/console/";

    /** Where the build packs the API documentation page's own files. */
    static final String DOCS_FOLDER = "/com/wfp/aws/docs/";

    private final ConsoleHandler handler = new ConsoleHandler(new ConsoleAssets(FOLDER), new DocsAssets(DOCS_FOLDER));

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
