package com.wfp.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.handlers.datapath.RouteHandler;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.access.CreatedApiKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data path enforces the trigger's {@code auth} through the gateway, before any routing: the
 * answers a caller gets with no key, a key of each kind, a revoked key, over its rate, and a CORS
 * preflight, which never reaches the workflow.
 */
class AuthorizedDataPathTest {

    private static final String URL = "/w/ada/shop/greeter";

    @TempDir
    Path dataDir;

    private DataPathFixture platform;

    @BeforeEach
    void start() throws Exception {
        com.wfp.local.TlsTestClients.allowLegacyProtocolsInThisJvm();
        platform = new DataPathFixture(dataDir);
        platform.publish("v1", DataPathFixture.echo("guarded").replace("\"auth\": \"none\"",
                "\"auth\": \"apiKey\", \"allowedOrigins\": [\"https://app.example.com\"]"));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private HttpResponse<String> call(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.url(path))
                .method(method, HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return platform.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CreatedApiKey key(String user, String project, String workflow, String version, int rate,
                              KeyPermission... permissions) {
        return platform.access.keys().create(new NewApiKey("gateway", ApiKeyFormat.Environment.TEST,
                new KeyScope(user, project, workflow, version, Set.of(permissions)), null, rate), user);
    }

    @Test
    void call_withoutAKey_is401WithAChallengeAndNeverRouted() throws Exception {
        HttpResponse<String> answer = call("POST", URL);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(answer.headers().firstValue(RouteHandler.RELEASE_ID_HEADER)).isEmpty();
        assertThat(json(answer).path("error").path("code").asText()).isEqualTo("auth.key-required");
    }

    @Test
    void call_withAKeyOfTheProject_isServedAndTheWorkflowNeverSeesTheKey() throws Exception {
        String secret = key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret();

        HttpResponse<String> byHeader = call("POST", URL, "X-Api-Key", secret);
        HttpResponse<String> byBearer = call("POST", URL, "Authorization", "Bearer " + secret);

        assertThat(byHeader.statusCode()).as(byHeader.body()).isEqualTo(200);
        assertThat(byHeader.body()).contains("guarded").doesNotContain(secret);
        assertThat(byBearer.statusCode()).as(byBearer.body()).isEqualTo(200);
        assertThat(byBearer.body()).doesNotContain(secret);
    }

    @Test
    void call_toATokenTrigger_isServedForTheIssuersJwtOnlyAndTheWorkflowNeverSeesIt() throws Exception {
        platform.publish(new com.wfp.platform.release.WorkflowRef("ada", "shop", "members"), "v1",
                DataPathFixture.echo("members").replace("\"auth\": \"none\"", "\"auth\": \"token\"")
                        .replace("\"id\": \"greeter\"", "\"id\": \"members\""));
        String key = key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret();
        String url = "/w/ada/shop/members";

        HttpResponse<String> withJwt = call("POST", url, "Authorization", "Bearer " + TestAccess.ADAS_JWT);
        HttpResponse<String> forged = call("POST", url, "Authorization", "Bearer " + TestAccess.ADAS_JWT + "x");
        HttpResponse<String> none = call("POST", url);
        HttpResponse<String> withKey = call("POST", url, "X-Api-Key", key);

        assertThat(withJwt.statusCode()).as(withJwt.body()).isEqualTo(200);
        assertThat(withJwt.body()).contains("members").doesNotContain(TestAccess.ADAS_JWT);
        assertThat(json(forged).path("error").path("code").asText()).isEqualTo("auth.token-invalid");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json(none).path("error").path("code").asText()).isEqualTo("auth.token-required");
        assertThat(withKey.statusCode()).as("an API key is not a token").isEqualTo(401);
        assertThat(forged.headers().firstValue(RouteHandler.RELEASE_ID_HEADER)).isEmpty();
    }

    @Test
    void call_withAnotherMethodThanTheTriggers_is405WithAllowAndNeverRouted() throws Exception {
        String secret = key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret();

        for (String method : java.util.List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> answer = call(method, URL, "X-Api-Key", secret);

            assertThat(answer.statusCode()).as(method + ": " + answer.body()).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
            assertThat(answer.headers().firstValue(RouteHandler.RELEASE_ID_HEADER)).as(method).isEmpty();
            assertThat(json(answer).path("error").path("code").asText()).isEqualTo("request.method-not-allowed");
            assertThat(answer.body()).doesNotContain("guarded");
        }
    }

    @Test
    void call_toAMultiKilobytePath_isAnsweredInThePlatformsJsonWithoutEchoingThePath() throws Exception {
        String project = key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret();
        String versionOnly = key("ada", "shop", "greeter", "v1", 0, KeyPermission.INVOKE).secret();
        String longName = "x".repeat(6_000);

        for (String[] call : new String[][] {{"/w/ada/shop/" + longName, project}, {URL + "/v/" + longName, project},
                {URL + "/v/" + longName, versionOnly}, {URL + "/" + longName, project}}) {
            HttpResponse<String> answer = call("POST", call[0], "X-Api-Key", call[1]);

            assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 404);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json(answer).path("error").path("code").asText()).isNotBlank();
            assertThat(answer.body()).hasSizeLessThan(1_000);
        }
    }

    @Test
    void call_withAKeyOfAnotherProjectOrWithoutInvoke_is403() throws Exception {
        HttpResponse<String> otherProject = call("POST", URL, "X-Api-Key",
                key("ada", "other", null, null, 0, KeyPermission.INVOKE).secret());
        HttpResponse<String> otherUser = call("POST", URL, "X-Api-Key",
                key("bob", "shop", null, null, 0, KeyPermission.INVOKE).secret());
        HttpResponse<String> readOnly = call("POST", URL, "X-Api-Key",
                key("ada", "shop", null, null, 0, KeyPermission.READ).secret());
        HttpResponse<String> otherVersion = call("POST", URL + "/v/v1", "X-Api-Key",
                key("ada", "shop", "greeter", "v2", 0, KeyPermission.INVOKE).secret());

        assertThat(otherProject.statusCode()).isEqualTo(403);
        assertThat(otherUser.statusCode()).isEqualTo(403);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(otherVersion.statusCode()).isEqualTo(403);
        assertThat(json(otherProject).path("error").path("code").asText()).isEqualTo("auth.key-scope");
    }

    @Test
    void call_afterTheKeyIsRevoked_is401OnTheVeryNextRequest() throws Exception {
        CreatedApiKey created = key("ada", "shop", null, null, 0, KeyPermission.INVOKE);
        assertThat(call("POST", URL, "X-Api-Key", created.secret()).statusCode()).isEqualTo(200);

        platform.access.keys().revoke(created.key().id());

        HttpResponse<String> after = call("POST", URL, "X-Api-Key", created.secret());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after).path("error").path("code").asText()).isEqualTo("auth.key-revoked");
    }

    @Test
    void call_toAWorkflowNobodyPublished_asksForAKeyBeforeSayingWhatExists() throws Exception {
        HttpResponse<String> anonymous = call("POST", "/w/ada/shop/unknown");
        HttpResponse<String> withKey = call("POST", "/w/ada/shop/unknown", "X-Api-Key",
                key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(withKey.statusCode()).isEqualTo(404);
    }

    @Test
    void call_overTheKeysRate_is429WithRetryAfter() throws Exception {
        String secret = key("ada", "shop", null, null, 1, KeyPermission.INVOKE).secret();

        assertThat(call("POST", URL, "X-Api-Key", secret).statusCode()).isEqualTo(200);
        HttpResponse<String> second = call("POST", URL, "X-Api-Key", secret);

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void preflight_neverRunsTheWorkflowAndAnswersOnlyAllowedOrigins() throws Exception {
        HttpResponse<String> allowed = call("OPTIONS", URL, "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "POST");
        HttpResponse<String> other = call("OPTIONS", URL, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST");
        HttpResponse<String> withKey = call("OPTIONS", URL, "Origin", "https://evil.example",
                "X-Api-Key", key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret());

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.headers().firstValue(RouteHandler.RELEASE_ID_HEADER)).isEmpty();
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(withKey.statusCode()).isEqualTo(403);
        assertThat(withKey.headers().firstValue(RouteHandler.RELEASE_ID_HEADER)).isEmpty();
    }

    @Test
    void call_fromAnAllowedOrigin_carriesTheCorsHeader() throws Exception {
        String secret = key("ada", "shop", null, null, 0, KeyPermission.INVOKE).secret();

        HttpResponse<String> answer = call("POST", URL, "X-Api-Key", secret, "Origin", "https://app.example.com");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return ReportJson.mapper().readTree(answer.body());
    }
}
