package com.wfp.handlers.datapath;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.CallAudit;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.access.CallCredentials;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.routing.RouteDecider;
import com.wfp.workflow.error.DomainException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a production call may reach its workflow, before {@link RouteHandler} runs: the
 * trigger's {@code auth} is enforced here ({@link ProductionAuthorizer}). On AWS it is the REQUEST
 * authorizer of the {@code /w/{proxy+}} resource (its result, an IAM policy whose principal is
 * the key id, can be cached by API Gateway per {@code X-Api-Key}); the local gateway calls
 * {@link #decide(APIGatewayProxyRequestEvent)} with the proxy event it is about to route and
 * answers a refusal with {@link #refusal(AccessDecision, String)}.
 */
public final class AuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponse> {

    /**
     * The authorizer context key of an allowed call's principal (an API key id, {@code anonymous}, a
     * person's id), which the route handler reads from the proxy event and the pod writes in its line.
     */
    public static final String PRINCIPAL = "principal";

    private final ProductionAuthorizer authorizer;
    private final CallAudit audit;

    public AuthorizerHandler(ProductionAuthorizer authorizer) {
        this(authorizer, null);
    }

    /**
     * @param audit where the decisions of {@link #handleRequest} are recorded (refusals one by one,
     *              allowed calls counted per key per minute), or null for none: the local gateway
     *              records what it decides itself
     */
    public AuthorizerHandler(ProductionAuthorizer authorizer, CallAudit audit) {
        this.authorizer = authorizer;
        this.audit = audit;
    }

    /**
     * The decision for a production call as the route function would receive it.
     *
     * @throws DomainException 404 when the path is not a production URL
     */
    public AccessDecision decide(APIGatewayProxyRequestEvent event) {
        return decide(event.getHttpMethod(), event.getPath(), event.getPathParameters(), headers(event));
    }

    @Override
    public IamPolicyResponse handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        AccessDecision decision;
        try {
            decision = decide(event.getHttpMethod(), event.getPath(), event.getPathParameters(),
                    event.getHeaders() == null ? Map.of() : event.getHeaders());
        } catch (DomainException notAProductionUrl) {
            return policy("anonymous", IamPolicyResponse.denyStatement(event.getMethodArn()),
                    Map.of("code", notAProductionUrl.code()));
        }
        if (audit != null) {
            audit.decided(decision, event.getPath(), sourceAddress(event));
        }
        if (decision.allowed()) {
            return policy(decision.principal(), IamPolicyResponse.allowStatement(event.getMethodArn()),
                    Map.of(PRINCIPAL, decision.principal()));
        }
        if (decision.status() == 401) {
            // API Gateway's convention: this exact message makes it answer 401 with the challenge.
            throw new IllegalStateException("Unauthorized");
        }
        return policy("anonymous", IamPolicyResponse.denyStatement(event.getMethodArn()),
                Map.of("code", decision.code() == null ? "cors.preflight" : decision.code()));
    }

    /**
     * Hands an allowed call's principal to the route handler as API Gateway does after this authorizer
     * allowed it: in the proxy event's authorizer context. The local gateway calls it before routing.
     */
    public static void admit(APIGatewayProxyRequestEvent event, AccessDecision decision) {
        if (!decision.allowed() || decision.principal() == null) {
            return;
        }
        if (event.getRequestContext() == null) {
            event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext());
        }
        event.getRequestContext().setAuthorizer(Map.of(PRINCIPAL, decision.principal()));
    }

    /** The answer to a call that was not let in: the error JSON with the decision's headers, or a preflight's. */
    public static APIGatewayProxyResponseEvent refusal(AccessDecision decision, String requestId) {
        APIGatewayProxyResponseEvent response;
        if (decision.code() == null) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(ApiResponses.REQUEST_ID_HEADER, requestId);
            response = new APIGatewayProxyResponseEvent().withStatusCode(decision.status()).withHeaders(headers);
        } else {
            response = ApiResponses.error(new DomainException(decision.code(), decision.status(), decision.message(),
                    decision.hint()), requestId);
        }
        response.getHeaders().putAll(decision.headers());
        return response;
    }

    private AccessDecision decide(String method, String path, Map<String, String> pathParameters,
                                  Map<String, String> headers) {
        ProductionPath target = ProductionPath.of(path, pathParameters);
        return authorizer.authorize(new CallCredentials(target.ref(), target.pinnedVersion(),
                header(headers, RouteDecider.VERSION_HEADER), method == null ? "GET" : method,
                header(headers, ProductionAuthorizer.API_KEY_HEADER), header(headers, "Authorization"),
                header(headers, "Origin")));
    }

    private static String sourceAddress(APIGatewayCustomAuthorizerEvent event) {
        return event.getRequestContext() != null && event.getRequestContext().getIdentity() != null
                ? event.getRequestContext().getIdentity().getSourceIp() : null;
    }

    private static Map<String, String> headers(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        Map<String, List<String>> multi = event.getMultiValueHeaders();
        if (multi != null) {
            multi.forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.putIfAbsent(name, values.getFirst());
                }
            });
        }
        return headers;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private static IamPolicyResponse policy(String principal, IamPolicyResponse.Statement statement,
                                            Map<String, Object> context) {
        return IamPolicyResponse.builder()
                .withPrincipalId(principal)
                .withPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
                        .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                        .withStatement(List.of(statement))
                        .build())
                .withContext(context)
                .build();
    }
}
