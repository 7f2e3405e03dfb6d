package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.identity.AccessTokenFormat;
import com.wfp.platform.identity.Permission;
import com.wfp.platform.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of {@link ControlRoutes} through the control API function on AWS (moto's DynamoDB),
 * against no credential, made-up and foreign credentials, the admin token, the project's owner, a
 * viewer and a person without a role: each is let in exactly when it holds the route's permission,
 * as {@code AccessMatrixTest} checks on the local gateway. The table is deleted afterwards.
 */
class AwsAccessMatrixIT {

    private static final String ADMIN_TOKEN = "aws-matrix-admin-token";

    private static DynamoDbClient dynamo;
    private static String table;
    private static ControlApiFunction controlApi;
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    private static String deploymentId;

    @BeforeAll
    static void platformWithATeam() {
        dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
        table = "wfp-matrix-" + UUID.randomUUID();
        DynamoDbReleaseStore.createTable(dynamo, table);
        // A deployment of ada/shop, so the deployment routes name the project through it.
        deploymentId = new DynamoDbReleaseStore(dynamo, table).createDeployment(com.wfp.platform.deployment.Deployment.start(
                com.wfp.platform.deployment.DeploymentId.newId(), new com.wfp.platform.release.WorkflowRef("ada", "shop",
                        "greeter"), "v1", com.wfp.platform.deployment.PublishStrategy.ALL, "ada",
                java.time.Instant.now(), null)).id().value();
        Map<String, String> environment = ControlEnvironment.of(table, ADMIN_TOKEN);
        // No pod, alarm or metric is reached: calls that get past authorization fail fast.
        environment.put(AwsClients.ENDPOINT_URL + "_CLOUDWATCH", "http://127.0.0.1:9");
        controlApi = new ControlApiFunction(new AwsPlatform(environment));
        TOKENS.put("ada", body(call("POST", "/api/v1/bootstrap", ADMIN_TOKEN, "{\"person\": \"ada\", \"project\": \"shop\"}"))
                .path("token").path("token").asText());
        for (String person : List.of("vic", "eve")) {
            TOKENS.put(person, body(call("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"" + person + "\"}"))
                    .path("token").path("token").asText());
        }
        APIGatewayProxyResponseEvent member = call("PUT", "/api/v1/projects/ada/shop/members/vic", TOKENS.get("ada"),
                "{\"role\": \"viewer\"}");
        assertThat(member.getStatusCode()).as(member.getBody()).isBetween(200, 201);
    }

    @AfterAll
    static void deleteTable() {
        if (dynamo != null) {
            dynamo.deleteTable(b -> b.tableName(table));
            dynamo.close();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode body(APIGatewayProxyResponseEvent answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isLessThan(300);
        return Events.body(answer);
    }

    private static APIGatewayProxyResponseEvent call(String method, String path, String bearer, String body) {
        APIGatewayProxyRequestEvent event = ControlEnvironment.call(method, path, null, body, null);
        if (bearer != null) {
            event.getHeaders().put("Authorization", bearer.startsWith("Bearer ") ? bearer : "Bearer " + bearer);
        }
        return controlApi.handleRequest(event, null);
    }

    private static String filled(ControlRoute route) {
        return route.path().template().replace("{user}", "ada").replace("{project}", "shop")
                .replace("{workflow}", "greeter").replace("/deployments/{id}", "/deployments/" + deploymentId).replaceAll("\\{[a-z]+}", "abc");
    }

    private static boolean allowed(ControlRoute route, String credential) {
        Permission permission = route.permission();
        if (permission == Permission.PUBLIC || credential.equals("admin")) {
            return true;
        }
        if (!TOKENS.containsKey(credential)) {
            return false;
        }
        return switch (permission.scope()) {
            case NONE -> permission == Permission.SIGNED_IN;
            // ada owns ada/shop, vic views it, eve holds nothing anywhere.
            case PROJECT -> credential.equals("ada") || credential.equals("vic") && Role.VIEWER.allows(permission);
        };
    }

    @Test
    void everyControlRoute_onAws_letsInExactlyWhoHoldsItsPermission() {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("no credential", null);
        credentials.put("an API key", ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE));
        credentials.put("another platform's admin token", "A".repeat(43));
        credentials.put("a made-up personal token", AccessTokenFormat.generate());
        credentials.put("a made-up JWT", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2ln");
        credentials.put("admin", ADMIN_TOKEN);
        credentials.putAll(TOKENS);
        List<String> leaks = new ArrayList<>();
        Map<String, Integer> refusedByRoute = new HashMap<>();
        for (ControlRoute route : ControlRoutes.all()) {
            String path = filled(route);
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                boolean allowed = allowed(route, credential.getKey());
                APIGatewayProxyResponseEvent answer = call(route.method(), path, credential.getValue(), body);
                int status = answer.getStatusCode();
                boolean refused = status == 401 || status == 403;
                if (refused) {
                    refusedByRoute.merge(route.describe(), 1, Integer::sum);
                }
                if (allowed && refused) {
                    leaks.add(route.describe() + " refused " + credential.getKey() + " with " + status + " " + answer.getBody());
                } else if (!allowed && !refused) {
                    leaks.add(route.describe() + " let " + credential.getKey() + " in: " + status + " "
                            + answer.getBody().substring(0, Math.min(160, answer.getBody().length())));
                }
            }
        }
        assertThat(leaks).as("routes that let a credential in that does not hold their permission, or kept out one"
                + " that does").isEmpty();
        assertThat(refusedByRoute).as("every non-public route refuses someone")
                .hasSize((int) ControlRoutes.all().stream().filter(r -> r.permission() != Permission.PUBLIC).count());
    }
}
