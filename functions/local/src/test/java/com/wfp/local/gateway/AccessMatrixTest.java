package com.wfp.local.gateway;

import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.local.ScratchDirectory;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.CreatedApiKey;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.access.NewApiKey;
import com.wfp.platform.identity.Permission;
import com.wfp.platform.identity.Principal;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every control route against every role (owner, maintainer, developer, viewer of the project the
 * path names), another project's owner, no credential, an API key (a machine credential, which
 * opens production URLs only), made-up and foreign tokens and the admin token; list routes for
 * rows of other projects; and the data path against a key of each scope. A route added to
 * {@link ControlRoutes} is in the matrix by construction, and fails it until its permission is
 * named in {@link #EXPECTED}.
 */
class AccessMatrixTest {

    private static Path dataDir;
    private static DataPathFixture platform;

    @BeforeAll
    static void start() throws Exception {
        // Before anything touches TLS (the fixture's own fields do), so old-protocol tests elsewhere in this JVM hold.
        com.wfp.local.TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create("wfp-access-matrix-");
        platform = new DataPathFixture(dataDir, true);
        platform.publish("v1", DataPathFixture.echo("one").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\""));
        deploymentId = platform.publish("v2", DataPathFixture.echo("two").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\""))
                .id().value();
        people();
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        ScratchDirectory.delete(dataDir);
    }

    private static HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return send(method, path, authorization, "{}");
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.url(path)).header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
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
        // Retiring the greeter would take it from the data path cases; a workflow never published answers 404 once let in.
        String workflow = route.handler() == com.wfp.handlers.traffic.RetireWorkflowHandler.class ? "never-published" : "greeter";
        return route.path().template().replace("{user}", "ada").replace("{project}", "shop")
                .replace("{workflow}", workflow).replace("/deployments/{id}", "/deployments/" + deploymentId).replaceAll("\\{[a-z]+}", "abc");
    }

    private static CreatedApiKey key(String user, String project, String workflow, String version,
                                     KeyPermission... permissions) {
        return platform.access.keys().create(new NewApiKey("matrix", ApiKeyFormat.Environment.TEST,
                new KeyScope(user, project, workflow, version, Set.of(permissions)), null, 0), user);
    }

    /**
     * The permission each control route must declare. A route added to {@link ControlRoutes}
     * fails {@link #everyRoute_declaresTheExpectedPermission} until it is named here with its permission.
     */
    private static final Map<String, Permission> EXPECTED = new LinkedHashMap<>();

    static {
        String wf = "/api/v1/workflows/{user}/{project}/{workflow}";
        String project = "/api/v1/projects/{user}/{project}";
        expect("POST /api/v1/validate", Permission.SIGNED_IN);
        expect("POST /api/v1/publishability", Permission.SIGNED_IN);
        expect("PUT " + wf + "/draft", Permission.DRAFT);
        expect("GET " + wf + "/draft", Permission.READ);
        expect("POST " + wf + "/draft/run", Permission.DEBUG_RUN);
        expect("POST " + wf + "/releases", Permission.PUBLISH);
        expect("GET " + wf + "/releases", Permission.READ);
        expect("GET " + wf + "/diff", Permission.READ);
        expect("GET " + wf + "/openapi.json", Permission.READ);
        expect("GET " + wf + "/openapi.yaml", Permission.READ);
        expect("GET /api/v1/openapi.json", Permission.SIGNED_IN);
        expect("GET /api/v1/openapi.yaml", Permission.SIGNED_IN);
        expect("GET /api/v1/deployments/{id}", Permission.READ);
        expect("GET /api/v1/deployments/{id}/events", Permission.READ);
        expect("GET " + wf + "/traffic", Permission.READ);
        expect("PUT " + wf + "/traffic", Permission.TRAFFIC);
        expect("POST " + wf + "/traffic/promote", Permission.TRAFFIC);
        expect("POST " + wf + "/traffic/demote", Permission.TRAFFIC);
        expect("POST " + wf + "/traffic/switch", Permission.TRAFFIC);
        expect("PUT " + wf + "/traffic/stickiness", Permission.TRAFFIC);
        expect("PUT " + wf + "/traffic/shadow", Permission.TRAFFIC);
        expect("POST " + wf + "/rollback", Permission.ROLLBACK);
        expect("POST " + wf + "/retire", Permission.TRAFFIC);
        expect("GET " + wf + "/history", Permission.READ);
        expect("GET " + wf + "/deployments", Permission.READ);
        expect("POST " + wf + "/rollout", Permission.ROLLOUT);
        expect("GET " + wf + "/rollout", Permission.READ);
        expect("DELETE " + wf + "/rollout", Permission.ROLLOUT);
        expect("POST " + project + "/keys", Permission.KEYS);
        expect("GET " + project + "/keys", Permission.KEYS);
        expect("DELETE " + project + "/keys/{id}", Permission.KEYS);
        expect("POST " + project + "/keys/{id}/rotate", Permission.KEYS);
        // Telemetry and alerts: whoever reads the project reads its telemetry; rules are the maintainers'.
        for (String route : java.util.List.of("GET " + wf + "/executions", "GET /api/v1/executions/{id}",
                "GET " + wf + "/errors", "GET " + wf + "/metrics", "GET /api/v1/alerts", "GET " + wf + "/alert-rules",
                "GET " + wf + "/health", "GET " + wf + "/uptime")) {
            expect(route, Permission.READ);
        }
        expect("PUT " + wf + "/alert-rules", Permission.ALERT_RULES);
        // Platform-wide channels get every project's events: the administrator's. A project's own: owners and maintainers.
        for (String route : java.util.List.of("GET /api/v1/notify/channels", "POST /api/v1/notify/channels",
                "DELETE /api/v1/notify/channels/{id}", "GET /api/v1/notify/deliveries")) {
            expect(route, Permission.PLATFORM);
        }
        expect("PUT " + project + "/secrets/{name}", Permission.SECRETS);
        expect("GET " + project + "/secrets", Permission.SECRETS);
        expect("DELETE " + project + "/secrets/{name}", Permission.SECRETS);
        expect("GET /api/v1/audit", Permission.AUDIT);
        expect("GET /api/v1/audit/verify", Permission.PLATFORM);
        expect("GET /api/v1/pods", Permission.PLATFORM);
        expect("PUT /api/v1/pods/{user}/plan", Permission.PLATFORM);
        expect("GET /api/v1/health", Permission.PUBLIC);
        expect("GET /api/v1/whoami", Permission.SIGNED_IN);
        expect("GET /api/v1/projects", Permission.SIGNED_IN);
        expect("POST /api/v1/projects", Permission.SIGNED_IN);
        expect("GET " + project + "/workflows", Permission.READ);
        expect("GET " + project + "/members", Permission.READ);
        expect("PUT " + project + "/members/{person}", Permission.MEMBERS);
        expect("DELETE " + project + "/members/{person}", Permission.MEMBERS);
        expect("GET /api/v1/tokens", Permission.SIGNED_IN);
        expect("POST /api/v1/tokens", Permission.SIGNED_IN);
        expect("DELETE /api/v1/tokens/{id}", Permission.SIGNED_IN);
        expect("GET /api/v1/people", Permission.PLATFORM);
        expect("POST /api/v1/people", Permission.PLATFORM);
        expect("POST /api/v1/bootstrap", Permission.PLATFORM);
        expect("GET " + project + "/notify/channels", Permission.NOTIFY);
        expect("POST " + project + "/notify/channels", Permission.NOTIFY);
        expect("DELETE " + project + "/notify/channels/{id}", Permission.NOTIFY);
        expect("GET " + project + "/notify/deliveries", Permission.NOTIFY);
        expect("GET " + wf + "/errors/{fingerprint}", Permission.READ);
        expect("GET " + wf + "/insights", Permission.READ);
    }

    private static void expect(String route, Permission permission) {
        EXPECTED.put(route, permission);
    }

    /** ada owns ada/shop; mia, dev and vic hold a role there; eve owns eve/other only. */
    private static final Map<String, Role> ROLES = new LinkedHashMap<>();
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    private static String deploymentId;

    private static void people() {
        ProjectRef shop = new ProjectRef("ada", "shop");
        for (String person : List.of("ada", "mia", "dev", "vic", "eve")) {
            platform.identity.createPerson(person, null);
            TOKENS.put(person, platform.identity.createToken(Principal.admin(), person, "matrix", null).secret());
        }
        platform.identity.createProject(Principal.admin(), shop);
        platform.identity.createProject(Principal.admin(), new ProjectRef("eve", "other"));
        platform.identity.putMember(Principal.admin(), shop, "mia", Role.MAINTAINER);
        platform.identity.putMember(Principal.admin(), shop, "dev", Role.DEVELOPER);
        platform.identity.putMember(Principal.admin(), shop, "vic", Role.VIEWER);
        ROLES.put("ada", Role.OWNER);
        ROLES.put("mia", Role.MAINTAINER);
        ROLES.put("dev", Role.DEVELOPER);
        ROLES.put("vic", Role.VIEWER);
    }

    @Test
    void everyRoute_declaresTheExpectedPermission() {
        Map<String, Permission> declared = new LinkedHashMap<>();
        ControlRoutes.all().forEach(route -> declared.put(route.describe(), route.permission()));

        assertThat(declared).as("a new control route must be added to EXPECTED with the permission it needs")
                .isEqualTo(EXPECTED);
    }

    @Test
    void everyControlRoute_againstEveryRoleAndCredential_letsInExactlyWhoHoldsItsPermission() throws Exception {
        String apiKey = key("ada", "shop", null, null, KeyPermission.INVOKE, KeyPermission.READ).secret();
        List<String> leaks = new ArrayList<>();
        int calls = 0;
        for (ControlRoute route : ControlRoutes.all()) {
            String path = filled(route);
            Map<String, String> credentials = new LinkedHashMap<>();
            credentials.put("no credential", null);
            credentials.put("an API key", "Bearer " + apiKey);
            credentials.put("another platform's admin token", "Bearer " + "A".repeat(43));
            credentials.put("a made-up personal token", "Bearer " + com.wfp.platform.identity.AccessTokenFormat.generate());
            credentials.put("admin", "Bearer " + platform.token.value());
            TOKENS.forEach((person, token) -> credentials.put(person, "Bearer " + token));
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                boolean allowed = allowed(route, credential.getKey());
                HttpResponse<String> answer = send(route.method(), path, credential.getValue());
                calls++;
                int status = answer.statusCode();
                boolean refused = status == 401 || status == 403;
                if (allowed && refused) {
                    leaks.add(route.describe() + " refused " + credential.getKey() + " with " + status);
                } else if (!allowed && !refused) {
                    leaks.add(route.describe() + " let " + credential.getKey() + " in: " + status + " "
                            + answer.body().substring(0, Math.min(120, answer.body().length())));
                } else if (!allowed && !answer.body().contains("\"error\"")) {
                    leaks.add(route.describe() + " refused " + credential.getKey() + " without the error shape");
                }
            }
        }
        assertThat(calls).isGreaterThan(ControlRoutes.all().size() * 9);
        assertThat(leaks).as("routes that let a credential in that does not hold their permission, or kept out one that does")
                .isEmpty();
    }

    private static boolean allowed(ControlRoute route, String credential) {
        Permission permission = route.permission();
        String template = route.path().template();
        boolean namesProject = template.contains("{user}/{project}") || template.contains("/deployments/{id}");
        if (permission == Permission.PUBLIC) {
            return true;
        }
        if (credential.equals("admin")) {
            return true;
        }
        if (!TOKENS.containsKey(credential)) {
            return false;
        }
        return switch (permission.scope()) {
            case NONE -> permission == Permission.SIGNED_IN;
            // eve holds every permission on eve/other, which the filled paths never name; a route naming no
            // project (/audit, /alerts, /executions/{id}) lets in whoever holds its permission on some project.
            case PROJECT -> ROLES.containsKey(credential) && ROLES.get(credential).allows(permission)
                    || !namesProject && credential.equals("eve");
        };
    }

    @Test
    void listRoutes_showAnotherProjectsCredentialNoRowOfThisProject() throws Exception {
        // Something to hide: ada's calls to her project are in the audit trail by now.
        send("GET", "/api/v1/workflows/ada/shop/greeter/releases", "Bearer " + TOKENS.get("ada"));
        String eve = "Bearer " + TOKENS.get("eve");

        String projects = send("GET", "/api/v1/projects", eve).body();
        String audit = send("GET", "/api/v1/audit", eve).body();
        String tokens = send("GET", "/api/v1/tokens", eve).body();
        String adasAudit = send("GET", "/api/v1/audit", "Bearer " + TOKENS.get("ada")).body();

        assertThat(projects).contains("\"eve\"").doesNotContain("shop");
        // eve sees her own calls (her refused attempts on ada/shop among them) and nothing anyone else did there.
        com.fasterxml.jackson.databind.JsonNode records = new com.fasterxml.jackson.databind.ObjectMapper().readTree(audit)
                .path("records");
        assertThat(records).isNotEmpty();
        records.forEach(r -> assertThat(r.path("principal").asText().equals("eve")
                || r.path("resource").asText().contains("/eve/other")).as(r.toString()).isTrue());
        assertThat(tokens).contains("\"person\":\"eve\"").doesNotContain("\"person\":\"ada\"");
        assertThat(adasAudit).contains("/ada/shop").doesNotContain("/eve/other");
        assertThat(send("GET", "/api/v1/projects", "Bearer " + TOKENS.get("vic")).body())
                .contains("\"project\":\"shop\"").contains("\"role\":\"viewer\"").doesNotContain("other");
    }

    @Test
    void telemetryAlertAndChannelRoutes_showNoRowOfAProjectTheCallerMayNotRead() throws Exception {
        String ada = "Bearer " + TOKENS.get("ada");
        String eve = "Bearer " + TOKENS.get("eve");
        String vic = "Bearer " + TOKENS.get("vic");
        HttpResponse<String> call = platform.client.send(HttpRequest.newBuilder(platform.url("/w/ada/shop/greeter"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", key("ada", "shop", null, null, KeyPermission.INVOKE).secret())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        String execution = call.headers().firstValue("X-Execution-Id").orElseThrow();
        String alert = platform.alertStore.fire(new com.wfp.platform.alert.Alert("al_matrix",
                new com.wfp.platform.release.WorkflowRef("ada", "shop", "greeter"),
                com.wfp.platform.alert.AlertKind.ERROR_RATE, null, "v2", "matrix", java.time.Instant.now(), null, ""))
                .orElseThrow().id();
        HttpResponse<String> adasChannel = send("POST", "/api/v1/projects/ada/shop/notify/channels", ada,
                "{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/ada-shop\"}");
        assertThat(adasChannel.statusCode()).as(adasChannel.body()).isEqualTo(201);
        String adasChannelId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(adasChannel.body())
                .path("id").asText();
        assertThat(send("POST", "/api/v1/projects/eve/other/notify/channels", eve,
                "{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/eve-other\"}").statusCode()).isEqualTo(201);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (send("GET", "/api/v1/executions/" + execution, vic).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(send("GET", "/api/v1/executions/" + execution, vic).statusCode()).isEqualTo(200);
        HttpResponse<String> evesLook = send("GET", "/api/v1/executions/" + execution, eve);
        assertThat(evesLook.statusCode()).isEqualTo(404);
        assertThat(evesLook.body()).contains("telemetry.unknown-execution");
        assertThat(send("GET", "/api/v1/alerts", vic).body()).contains(alert);
        assertThat(send("GET", "/api/v1/alerts", eve).body()).doesNotContain(alert).doesNotContain("ada/shop");
        assertThat(send("GET", "/api/v1/alerts?workflow=ada/shop/greeter", eve).body()).doesNotContain(alert);
        assertThat(send("GET", "/api/v1/projects/ada/shop/notify/channels", "Bearer " + TOKENS.get("mia")).body())
                .contains("ada-shop").doesNotContain("eve-other");
        assertThat(send("GET", "/api/v1/projects/eve/other/notify/channels", eve).body())
                .contains("eve-other").doesNotContain("ada-shop");
        assertThat(send("DELETE", "/api/v1/projects/eve/other/notify/channels/" + adasChannelId, eve).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/notify/channels", "Bearer " + platform.token.value()).body())
                .doesNotContain("ada-shop").doesNotContain("eve-other");
        assertThat(send("GET", "/api/v1/projects/ada/shop/notify/channels", ada).body()).contains(adasChannelId);
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

        // A person's token or the admin token is a control credential: no role lets it call a workflow.
        Map<String, String> bearers = new LinkedHashMap<>(TOKENS);
        bearers.put("admin", platform.token.value());
        for (Map.Entry<String, String> bearer : bearers.entrySet()) {
            HttpResponse<String> call = platform.client.send(HttpRequest.newBuilder(platform.url("/w/ada/shop/greeter"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer.getValue())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).as(bearer.getKey() + ": " + call.body()).isEqualTo(401);
        }
    }
}
