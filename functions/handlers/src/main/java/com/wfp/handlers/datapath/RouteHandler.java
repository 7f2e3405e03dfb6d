package com.wfp.handlers.datapath;

import com.wfp.adapters.pod.PodProtocol;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.routing.RouteDecider;
import com.wfp.platform.routing.ProductionCall;
import com.wfp.platform.routing.ProductionRouter;
import com.wfp.platform.routing.RoutedAnswer;
import com.wfp.workflow.error.DomainException;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The data path's function: {@code /w/{user}/{project}/{workflow}} (routed by the traffic config)
 * and {@code /w/{user}/{project}/{workflow}/v/{version}} (pinned) go to the release that serves
 * them in the user's pod; the answer says who served it in {@code X-Workflow-Version} and
 * {@code X-Release-Id}. The same class runs behind API Gateway on Lambda and behind the local
 * gateway, which hands it the same proxy events.
 */
public final class RouteHandler extends ApiHandler {

    /** The answer header naming the release that served the call by id. */
    public static final String RELEASE_ID_HEADER = "X-Release-Id";

    private final ProductionRouter router;
    private final Duration shadowWait;

    /**
     * A handler that returns as soon as the live answer is in, leaving mirrored copies to finish
     * on their own: right for a long-running host such as the local gateway.
     */
    public RouteHandler(ProductionRouter router) {
        this(router, Duration.ZERO);
    }

    /**
     * @param shadowWait how long to wait for a mirrored copy before returning; a host that is
     *                   frozen between invocations (Lambda) waits, or the copy would be lost
     */
    public RouteHandler(ProductionRouter router, Duration shadowWait) {
        this.router = router;
        this.shadowWait = shadowWait;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        RoutedAnswer routed = router.serve(call(request));
        awaitShadowCopy(routed);
        return response(routed, request.requestId());
    }

    private static ProductionCall call(ApiRequest request) {
        APIGatewayProxyRequestEvent event = request.event();
        String path = event.getPath() == null ? "" : event.getPath();
        ProductionPath target = ProductionPath.of(path, event.getPathParameters());
        return new ProductionCall(target.ref(), target.pinnedVersion(),
                event.getHttpMethod() == null ? "GET" : event.getHttpMethod(), headers(event), rawQuery(event), path,
                request.body(), principal(event));
    }

    /**
     * Who the authorizer let in, from the event's authorizer context (API Gateway puts it there on AWS,
     * the local gateway through {@link AuthorizerHandler#admit}), or null when no authorizer decided.
     * It travels to the pod, which writes it in the execution's line: never a header the caller sent.
     */
    private static String principal(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return null;
        }
        return event.getRequestContext().getAuthorizer().get(AuthorizerHandler.PRINCIPAL) instanceof String principal
                && !principal.isBlank() ? principal : null;
    }

    private static Map<String, List<String>> headers(APIGatewayProxyRequestEvent event) {
        if (event.getMultiValueHeaders() != null && !event.getMultiValueHeaders().isEmpty()) {
            return event.getMultiValueHeaders();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        return headers;
    }

    /** API Gateway hands over the query decoded; the pod gets it encoded again, every value in order. */
    private static String rawQuery(APIGatewayProxyRequestEvent event) {
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi == null || multi.isEmpty()) {
            Map<String, String> single = event.getQueryStringParameters();
            if (single == null || single.isEmpty()) {
                return null;
            }
            multi = new LinkedHashMap<>();
            for (Map.Entry<String, String> parameter : single.entrySet()) {
                multi.put(parameter.getKey(), List.of(parameter.getValue()));
            }
        }
        StringBuilder query = new StringBuilder();
        multi.forEach((name, values) -> {
            for (String value : values) {
                if (!query.isEmpty()) {
                    query.append('&');
                }
                query.append(URLEncoder.encode(name, StandardCharsets.UTF_8));
                if (value != null) {
                    query.append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            }
        });
        return query.toString();
    }

    private void awaitShadowCopy(RoutedAnswer routed) {
        if (shadowWait.isZero() || routed.shadowCopy().isDone()) {
            return;
        }
        try {
            routed.shadowCopy().get(shadowWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
            // The copy's fate is its own: the live answer goes back regardless.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static APIGatewayProxyResponseEvent response(RoutedAnswer routed, String requestId) {
        PodAnswer answer = routed.answer();
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        answer.headers().forEach((name, values) -> {
            if (values.isEmpty() || PodProtocol.NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                return;
            }
            if (values.size() == 1) {
                single.put(name, values.getFirst());
            } else {
                multi.put(name, new ArrayList<>(values));
            }
        });
        single.put(RouteDecider.VERSION_HEADER, routed.versionName());
        single.put(RELEASE_ID_HEADER, routed.releaseId().value());
        single.put(ApiResponses.REQUEST_ID_HEADER, requestId);
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent()
                .withStatusCode(answer.status())
                .withHeaders(single)
                .withMultiValueHeaders(multi.isEmpty() ? null : multi);
        String text = utf8(answer.body());
        if (text != null) {
            return response.withBody(text).withIsBase64Encoded(false);
        }
        return response.withBody(Base64.getEncoder().encodeToString(answer.body())).withIsBase64Encoded(true);
    }

    /** The body as text when it is UTF-8, else null: binary answers travel base64, as API Gateway expects. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
