package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh platform on AWS gets its first owner as the local platform's first start makes one:
 * {@code POST /api/v1/bootstrap} with the admin token (what {@code ./wfp aws deploy} calls after
 * deploying), through the control API function on moto's DynamoDB; the table is deleted afterwards.
 */
class BootstrapFunctionIT {

    private static final String ADMIN_TOKEN = "bootstrap-it-admin-token";

    private final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    private final String table = "wfp-bootstrap-" + UUID.randomUUID();
    private ControlApiFunction controlApi;

    @BeforeEach
    void freshPlatform() {
        DynamoDbReleaseStore.createTable(dynamo, table);
        controlApi = new ControlApiFunction(new AwsPlatform(ControlEnvironment.of(table, ADMIN_TOKEN)));
    }

    @AfterEach
    void deleteTable() {
        dynamo.deleteTable(b -> b.tableName(table));
        dynamo.close();
    }

    private APIGatewayProxyResponseEvent call(String method, String path, String bearer, String body) {
        return controlApi.handleRequest(ControlEnvironment.call(method, path, bearer, body, null), null);
    }

    @Test
    void bootstrap_onAFreshPlatform_makesTheFirstOwnerTheirProjectAndATokenOnce() {
        APIGatewayProxyResponseEvent first = call("POST", "/api/v1/bootstrap", ADMIN_TOKEN, "{\"person\": \"ada\"}");

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        JsonNode made = Events.body(first);
        assertThat(made.path("created").asBoolean()).isTrue();
        assertThat(made.path("project").asText()).isEqualTo("ada/default");
        String token = made.path("token").path("token").asText();
        assertThat(token).startsWith("wfp_pat_");
        APIGatewayProxyResponseEvent whoami = call("GET", "/api/v1/whoami", token, null);
        assertThat(Events.body(whoami).toString()).as(whoami.getBody()).contains("\"ada\"");
        APIGatewayProxyResponseEvent projects = call("GET", "/api/v1/projects", token, null);
        assertThat(projects.getBody()).contains("default").contains("owner");
        APIGatewayProxyResponseEvent key = call("POST", "/api/v1/projects/ada/default/keys", token, "{\"name\": \"first\"}");
        assertThat(key.getStatusCode()).as("the owner may act on the project: " + key.getBody()).isEqualTo(201);
        String apiKey = Events.body(key).path("key").asText();
        // Only hashes are kept: neither the token nor the key is anywhere in the table, audit trail included.
        assertThat(dynamo.scan(b -> b.tableName(table)).items()).isNotEmpty().noneMatch(item -> item.values().stream()
                .map(software.amazon.awssdk.services.dynamodb.model.AttributeValue::s)
                .anyMatch(text -> text != null && (text.contains(token) || text.contains(apiKey))));

        APIGatewayProxyResponseEvent again = call("POST", "/api/v1/bootstrap", ADMIN_TOKEN, "{\"person\": \"eve\"}");

        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(200);
        assertThat(Events.body(again).path("created").asBoolean()).isFalse();
        assertThat(Events.body(again).has("token")).as("no second token is shown").isFalse();
        assertThat(call("GET", "/api/v1/people", ADMIN_TOKEN, null).getBody()).contains("\"ada\"").doesNotContain("\"eve\"");
    }

    @Test
    void bootstrap_byAnyoneButTheAdministrator_isRefusedAndChangesNothing() {
        assertThat(call("POST", "/api/v1/bootstrap", null, "{\"person\": \"eve\"}").getStatusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/bootstrap", "wfp_pat_madeup", "{\"person\": \"eve\"}").getStatusCode())
                .isEqualTo(401);
        assertThat(call("POST", "/api/v1/bootstrap", ADMIN_TOKEN, "{\"person\": \"Not A Slug\"}").getStatusCode())
                .isEqualTo(400);

        assertThat(call("GET", "/api/v1/people", ADMIN_TOKEN, null).getBody()).doesNotContain("\"eve\"");
        String token = Events.body(call("POST", "/api/v1/bootstrap", ADMIN_TOKEN, "{\"person\": \"ada\"}"))
                .path("token").path("token").asText();
        APIGatewayProxyResponseEvent byOwner = call("POST", "/api/v1/bootstrap", token, "{\"person\": \"ada\"}");
        assertThat(byOwner.getStatusCode()).as(byOwner.getBody()).isEqualTo(403);
    }
}
