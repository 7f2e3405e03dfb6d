package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbKeyStore;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.access.CreatedApiKey;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.audit.InvocationCounter;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allowed production calls counted by several warm authorizer containers at once, on moto's
 * DynamoDB: {@code GET /api/v1/audit} through the control API function then shows one record per
 * key per minute holding every container's calls. The containers share a clock the test moves by
 * minutes; the table is deleted afterwards.
 */
class InvocationAuditFunctionsIT {

    private static final String ADMIN_TOKEN = "invocation-audit-it-admin";
    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");

    private final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    private final String table = "wfp-invocations-" + UUID.randomUUID();
    private final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5));
    private String key;
    private String keyId;

    @BeforeEach
    void publishAndCreateAKey() {
        DynamoDbReleaseStore.createTable(dynamo, table);
        DynamoDbReleaseStore store = new DynamoDbReleaseStore(dynamo, table);
        String definition = "{\"format\":1,\"id\":\"orders\",\"nodes\":[{\"id\":\"in\",\"type\":\"trigger.http\","
                + "\"config\":{\"method\":\"POST\",\"auth\":\"apiKey\"}}]}";
        Release release = store.createRelease(NewRelease.of(ORDERS, "v1", "", definition, "{}", "ada",
                Instant.parse("2026-12-01T10:00:00Z")));
        store.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS).withWeights(List.of(
                new RouteWeight(release.id(), 100))), "ada", "first publish");
        CreatedApiKey created = new ApiKeyService(new DynamoDbKeyStore(dynamo, table), Clock.systemUTC(), k -> { })
                .create(new NewApiKey("orders", ApiKeyFormat.Environment.LIVE, new KeyScope("ada", "shop", null, null,
                        Set.of(KeyPermission.INVOKE)), null, 0), "ada");
        key = created.secret();
        keyId = created.key().id();
    }

    @AfterEach
    void deleteTable() {
        dynamo.deleteTable(b -> b.tableName(table));
        dynamo.close();
    }

    private AuthorizerFunction container() {
        return new AuthorizerFunction(new AwsPlatform(ControlEnvironment.of(table, ADMIN_TOKEN), clock));
    }

    private static void call(AuthorizerFunction container, String key, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            ObjectNode tree = (ObjectNode) Events.tree("authorizer-greeting.json");
            tree.put("path", "/w/ada/shop/orders");
            ((ObjectNode) tree.path("pathParameters")).put("proxy", "ada/shop/orders");
            ((ObjectNode) tree.path("headers")).put("X-Api-Key", key);
            IamPolicyResponse policy = container.handleRequest(
                    Events.JSON.treeToValue(tree, APIGatewayCustomAuthorizerEvent.class), null);
            assertThat(policy.getPrincipalId()).isNotEqualTo("anonymous");
        }
    }

    /** The per-minute records of the key, as {@code wfp audit --principal KEY --json} reads them: minute -> calls. */
    private List<String> minuteRecords() {
        ControlApiFunction controlApi = new ControlApiFunction(new AwsPlatform(ControlEnvironment.of(table, ADMIN_TOKEN)));
        APIGatewayProxyResponseEvent answer = controlApi.handleRequest(ControlEnvironment.call("GET", "/api/v1/audit",
                ADMIN_TOKEN, null, Map.of("principal", keyId, "action", InvocationCounter.ACTION)), null);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        for (JsonNode record : Events.body(answer).path("records")) {
            JsonNode params = Events.body(new APIGatewayProxyResponseEvent().withBody(record.path("params").asText()));
            found.add(params.path("minute").asText() + "=" + params.path("calls").asText());
        }
        return found;
    }

    @Test
    void allowedCalls_countedByThreeContainers_showAsOneRecordPerKeyPerMinute() throws Exception {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        AuthorizerFunction a = container();
        AuthorizerFunction b = container();
        AuthorizerFunction c = container();
        call(a, key, 4);
        call(b, key, 2);
        call(c, key, 1);

        clock.set(minute.plus(Duration.ofMinutes(1)).plusSeconds(10));
        call(a, key, 1);
        call(b, key, 1);
        call(c, key, 1);
        assertThat(minuteRecords()).as("a minute settles before it is written").isEmpty();

        clock.set(minute.plus(InvocationCounter.SETTLE).plus(Duration.ofMinutes(1)).plusSeconds(1));
        call(b, key, 1);

        assertThat(minuteRecords()).containsExactly(minute + "=7");
        // Nothing is left to write a second time for that minute.
        clock.set(minute.plus(Duration.ofMinutes(10)));
        call(a, key, 1);
        call(c, key, 1);
        assertThat(minuteRecords()).filteredOn(record -> record.startsWith(minute.toString())).containsExactly(minute + "=7");
        // The next minute was swept by a's call before c handed its count on: c's call is in a second record.
        assertThat(minuteRecords()).filteredOn(record -> record.startsWith(minute.plus(Duration.ofMinutes(1)).toString()))
                .containsExactlyInAnyOrder(minute.plus(Duration.ofMinutes(1)) + "=2", minute.plus(Duration.ofMinutes(1)) + "=1");
    }
}
