package com.wfp.local.gateway;

import com.wfp.handlers.ControlRoute;
import com.wfp.handlers.ControlRoutes;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.CreatedApiKey;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every control route and the data path against every kind of credential: none, an API key
 * (a machine credential, which opens production URLs only), another platform's admin token, and
 * this platform's; and the data path against a key of each scope. A route added to
 * {@link ControlRoutes} is in the matrix by construction, and fails it unless it refuses every
 * credential but the admin token (or is the public health check).
 */
class AccessMatrixTest {

    private static Path dataDir;
    private static DataPathFixture platform;

    @BeforeAll
    static void start() throws Exception {
        // Before anything touches TLS (the fixture's own fields do), so old-protocol tests elsewhere in this JVM hold.
        com.wfp.local.TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = Files.createTempDirectory("wfp-access-matrix-");
        platform = new DataPathFixture(dataDir);
        platform.publish("v1", DataPathFixture.echo("one").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\""));
        platform.publish("v2", DataPathFixture.echo("two").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\""));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.url(path)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return platform.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedKeepAlive) {
            // A connection the server closed after an earlier answer (a 500) may be picked from the pool once.
            return platform.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String filled(ControlRoute route) {
        return route.path().template().replace("{user}", "ada").replace("{project}", "shop")
                .replace("{workflow}", "greeter").replaceAll("\\{[a-z]+}", "abc");
    }

    private static CreatedApiKey key(String user, String project, String workflow, String version,
                                     KeyPermission... permissions) {
        return platform.access.keys().create(new NewApiKey("matrix", ApiKeyFormat.Environment.TEST,
                new KeyScope(user, project, workflow, version, Set.of(permissions)), null, 0), user);
    }

    @Test
    void everyControlRoute_refusesEveryCredentialButTheAdminToken() throws Exception {
        String apiKey = key("ada", "shop", null, null, KeyPermission.INVOKE, KeyPermission.READ).secret();
        String otherPlatformsToken = "Bearer " + "A".repeat(43);
        List<String> leaks = new ArrayList<>();
        for (ControlRoute route : ControlRoutes.all()) {
            String path = filled(route);
            Map<String, Integer> answers = new LinkedHashMap<>();
            answers.put("none", send(route.method(), path, null).statusCode());
            answers.put("api key", send(route.method(), path, "Bearer " + apiKey).statusCode());
            answers.put("other platform's token", send(route.method(), path, otherPlatformsToken).statusCode());
            int admin;
            try {
                admin = send(route.method(), path, "Bearer " + platform.token.value()).statusCode();
            } catch (java.io.IOException e) {
                leaks.add(route.describe() + " with the admin token: " + e.getMessage());
                continue;
            }
            if (route.access() == ControlRoute.Access.PUBLIC) {
                answers.forEach((credential, status) -> {
                    if (status != 200) {
                        leaks.add(route.describe() + " (public) answered " + status + " to " + credential);
                    }
                });
                continue;
            }
            answers.forEach((credential, status) -> {
                if (status != 401) {
                    leaks.add(route.describe() + " answered " + status + " to " + credential);
                }
            });
            if (admin == 401 || admin == 403) {
                leaks.add(route.describe() + " refused the admin token with " + admin);
            }
        }
        assertThat(leaks).as("routes that let a wrong credential in, or kept the admin out").isEmpty();
    }

    @Test
    void dataPath_answersEachKeyScopeAsItsScopeSays() throws Exception {
        CreatedApiKey revoked = key("ada", "shop", null, null, KeyPermission.INVOKE);
        platform.access.keys().revoke(revoked.key().id());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("project", key("ada", "shop", null, null, KeyPermission.INVOKE).secret());
        keys.put("workflow", key("ada", "shop", "greeter", null, KeyPermission.INVOKE).secret());
        keys.put("version v1", key("ada", "shop", "greeter", "v1", KeyPermission.INVOKE).secret());
        keys.put("read only", key("ada", "shop", null, null, KeyPermission.READ).secret());
        keys.put("other workflow", key("ada", "shop", "refunds", null, KeyPermission.INVOKE).secret());
        keys.put("other project", key("ada", "other", null, null, KeyPermission.INVOKE).secret());
        keys.put("other user", key("bob", "shop", null, null, KeyPermission.INVOKE).secret());
        keys.put("revoked", revoked.secret());
        keys.put("made up", ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE));
        keys.put("none", null);

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        // routed, pinned v1, pinned v2
        expected.put("project", List.of(200, 200, 200));
        expected.put("workflow", List.of(200, 200, 200));
        expected.put("version v1", List.of(403, 200, 403));
        expected.put("read only", List.of(403, 403, 403));
        expected.put("other workflow", List.of(403, 403, 403));
        expected.put("other project", List.of(403, 403, 403));
        expected.put("other user", List.of(403, 403, 403));
        expected.put("revoked", List.of(401, 401, 401));
        expected.put("made up", List.of(401, 401, 401));
        expected.put("none", List.of(401, 401, 401));

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (Map.Entry<String, String> key : keys.entrySet()) {
            List<Integer> statuses = new ArrayList<>();
            for (String url : List.of("/w/ada/shop/greeter", "/w/ada/shop/greeter/v/v1", "/w/ada/shop/greeter/v/v2")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(platform.url(url))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
                if (key.getValue() != null) {
                    request.header("X-Api-Key", key.getValue());
                }
                statuses.add(platform.client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            actual.put(key.getKey(), statuses);
        }
        assertThat(actual).isEqualTo(expected);
    }
}
