package com.wfp.handlers.datapath;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.platform.port.InMemoryKeyStore;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Stickiness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authorizer in its API Gateway REQUEST-authorizer shape: an IAM policy whose principal is the key id. */
class AuthorizerHandlerTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "orders");
    private static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:api/prod/POST/w/alice/shop/orders";

    private final InMemoryReleaseStore releases = new InMemoryReleaseStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private AuthorizerHandler handler;
    private ApiKeyService service;

    @BeforeEach
    void publish() {
        String definition = "{\"format\":1,\"id\":\"orders\",\"nodes\":[{\"id\":\"in\",\"type\":\"trigger.http\","
                + "\"config\":{\"method\":\"POST\",\"auth\":\"apiKey\"}}]}";
        Release release = releases.createRelease(NewRelease.of(ORDERS, "v1", "", definition, "{}", "alice",
                Instant.parse("2026-12-01T10:00:00Z")));
        releases.compareAndSetRouting(ORDERS, 0, new RoutingConfig(ORDERS, 1,
                List.of(new RouteWeight(release.id(), 100)), Stickiness.OFF, null), "alice", "test");
        ProductionAuthorizer authorizer = new ProductionAuthorizer(
                new WorkflowAccessRules(releases, releases, null, null, System::nanoTime), keys, Clock.systemUTC(), null,
                System::nanoTime);
        handler = new AuthorizerHandler(authorizer);
        service = new ApiKeyService(keys, Clock.systemUTC(), authorizer::forget);
    }

    private static APIGatewayCustomAuthorizerEvent event(String path, Map<String, String> headers) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn(ARN);
        event.setHttpMethod("POST");
        event.setPath(path);
        event.setHeaders(headers);
        return event;
    }

    @Test
    void handleRequest_withAKeyOfTheProject_allowsWithTheKeyIdAsPrincipal() {
        var created = service.create(new NewApiKey("ci", ApiKeyFormat.Environment.LIVE,
                new KeyScope("alice", "shop", null, null, Set.of(KeyPermission.INVOKE)), null, 0), "alice");

        IamPolicyResponse policy = handler.handleRequest(event("/w/alice/shop/orders",
                Map.of("x-api-key", created.secret())), null);

        assertThat(policy.getPrincipalId()).isEqualTo(created.key().id());
        assertThat(statement(policy)).containsEntry("Effect", "Allow").containsEntry("Resource", new String[] {ARN});
        assertThat(policy.getContext()).doesNotContainValue(created.secret());
    }

    @Test
    void handleRequest_withoutAKey_failsUnauthorizedAsApiGatewayExpects() {
        assertThatThrownBy(() -> handler.handleRequest(event("/w/alice/shop/orders", Map.of()), null))
                .hasMessage("Unauthorized");
    }

    @Test
    void handleRequest_withAKeyOfAnotherProject_denies() {
        var other = service.create(new NewApiKey("ci", ApiKeyFormat.Environment.LIVE,
                new KeyScope("alice", "other", null, null, Set.of(KeyPermission.INVOKE)), null, 0), "alice");

        IamPolicyResponse policy = handler.handleRequest(event("/w/alice/shop/orders",
                Map.of("X-Api-Key", other.secret())), null);

        assertThat(statement(policy)).containsEntry("Effect", "Deny");
        assertThat(policy.getContext()).containsEntry("code", "auth.key-scope");
    }

    /** The one statement of the policy, as API Gateway reads it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(IamPolicyResponse policy) {
        Object statements = policy.getPolicyDocument().get("Statement");
        return (Map<String, Object>) (statements instanceof Object[] array ? array[0] : ((List<?>) statements).getFirst());
    }

    @Test
    void refusal_carriesTheErrorJsonAndTheChallenge() {
        AccessDecision decision = handler.decide(new com.amazonaws.services.lambda.runtime.events
                .APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/w/alice/shop/orders"));

        APIGatewayProxyResponseEvent response = AuthorizerHandler.refusal(decision, "req-1");

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaders()).containsKey("WWW-Authenticate");
        assertThat(response.getBody()).contains("auth.key-required");
    }
}
