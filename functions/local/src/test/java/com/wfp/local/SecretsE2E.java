package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Project secrets as a user lives with them: the platform started from its jar with a
 * {@code WFP_SECRET_CRM} of its own in the environment, a secret set with {@code wfp secrets set}
 * from stdin, a workflow of that project reading it, another user's workflow declaring the same
 * name getting nothing (neither the project secret nor the platform's variable), a failed dry run
 * whose answer echoes the secret kept and shown masked, and neither value anywhere in the data
 * directory (database, WAL, key file) or the platform's output.
 */
class SecretsE2E {

    private static final String SECRET = "crm-" + UUID.randomUUID();
    private static final String PLATFORM_VARIABLE = "env-" + UUID.randomUUID();

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-secrets-e2e-")
            .withEnvironment(Map.of("WFP_SECRET_CRM", PLATFORM_VARIABLE));

    private static String comparing(String id, String extraTrigger) {
        return """
                {"format": 1, "id": "%s", "credentials": [{"name": "crm", "type": "bearer"}],
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "none"%s}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'same': $secret('crm') = input.guess }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(id, extraTrigger);
    }

    private static String leaking(String id) {
        return """
                {"format": 1, "id": "%s", "credentials": [{"name": "crm", "type": "bearer"}],
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "none", "example": {"x": 1}}},
                   {"id": "out", "type": "respond", "config": {"status": 500, "body": "{ 'echo': $secret('crm') }"}}
                 ],
                 "edges": [{"from": "in", "to": "out"}]}
                """.formatted(id);
    }

    @Test
    void secrets_setFromStdin_reachOnlyTheirProjectsReleasesAndAreStoredAndShownNowhere() throws Exception {
        String set = PLATFORM.cliWithInput(0, SECRET + "\n",
                "secrets", "set", "crm", "--project", "local/default");
        assertThat(set).contains("Set secret crm of local/default");

        PLATFORM.api().publish("local/default/vault", "v1", comparing("vault", ""), "all");
        HttpResponse<String> right = call("local/default/vault", SECRET);
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(right.body()).contains("\"same\":true");
        assertThat(call("local/default/vault", "a wrong guess").body()).contains("\"same\":false");

        PLATFORM.api().publish("bob/default/vault", "v1", comparing("vault", ""), "all");
        // Only the owner's calls carry the value (a failed call's input is kept, masked by what the
        // release itself knows); bob's pod has neither value, so his call fails whatever he sends.
        HttpResponse<String> bobs = call("bob/default/vault", "anything");
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(500);
        assertThat(bobs.body()).contains("secret.missing").doesNotContain(SECRET).doesNotContain(PLATFORM_VARIABLE);

        String listed = PLATFORM.cli(0, "secrets", "list", "--project", "local/default", "--json");
        JsonNode secrets = ControlApi.json(listed.substring(listed.indexOf('{'))).path("secrets");
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).path("name").asText()).isEqualTo("crm");
        assertThat(listed).doesNotContain(SECRET);
        assertThat(PLATFORM.cli(0, "secrets", "list", "--project", "bob/default")).doesNotContain("crm");

        // A draft run in the debug pod gets the project's declared secret as a release does, masked in what comes
        // back, for whoever may publish; a developer, who may not, runs drafts without secrets.
        String echoing = comparing("vault", "").replace("{ 'same': $secret('crm') = input.guess }",
                "{ 'length': $length($secret('crm')), 'echo': $secret('crm') }");
        String draftRun = "{\"definition\":" + echoing + ",\"input\":{}}";
        HttpResponse<String> owners = PLATFORM.api().send("POST", "/api/v1/workflows/local/default/vault/draft/run", draftRun);
        assertThat(owners.statusCode()).as(owners.body()).isEqualTo(200);
        JsonNode ran = ControlApi.json(owners.body());
        assertThat(ran.path("pod").path("kind").asText()).isEqualTo("debug");
        assertThat(ran.path("body").path("length").asInt()).as(owners.body()).isEqualTo(SECRET.length());
        assertThat(ran.path("body").path("echo").asText()).isEqualTo("***");
        assertThat(owners.body()).doesNotContain(SECRET);
        HttpResponse<String> person = PLATFORM.api().send("POST", "/api/v1/people", "{\"id\":\"dev\",\"name\":\"Dev\"}");
        assertThat(person.statusCode()).as(person.body()).isEqualTo(201);
        assertThat(PLATFORM.api().send("PUT", "/api/v1/projects/local/default/members/dev", "{\"role\":\"developer\"}")
                .statusCode()).isEqualTo(200);
        ControlApi dev = new ControlApi(PLATFORM.api().client(), PLATFORM.api().httpsUrl(),
                ControlApi.json(person.body()).path("token").path("token").asText());
        HttpResponse<String> devs = dev.send("POST", "/api/v1/workflows/local/default/vault/draft/run", draftRun);
        assertThat(devs.statusCode()).as(devs.body()).isEqualTo(200);
        assertThat(ControlApi.json(devs.body()).path("status").asInt()).isEqualTo(500);
        assertThat(devs.body()).contains("secret.missing").doesNotContain(SECRET);

        String failedDeployment = publishExpectingFailure("local/default/leaky", leaking("leaky"));
        assertThat(failedDeployment).contains("publish.dry-run-failed").contains("***").doesNotContain(SECRET);
        String status = PLATFORM.cli(1, "status", ControlApi.json(failedDeployment).path("deploymentId").asText());
        assertThat(status).contains("***").doesNotContain(SECRET);

        assertThat(PLATFORM.cli(0, "secrets", "delete", "crm", "--project", "local/default", "--yes")).contains("Deleted secret crm");
        assertThat(PLATFORM.cli(1, "secrets", "delete", "crm", "--project", "local/default", "--yes")).contains("secret.not-found");
        assertThat(PLATFORM.cliWithInput(2, "", "secrets", "set", "crm"))
                .contains("cli.secret-empty");

        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PLATFORM.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (content.contains(SECRET) || content.contains(PLATFORM_VARIABLE)) {
                    leaks.add(file.toString());
                }
            }
        }
        assertThat(leaks).as("files holding a secret in plain text").isEmpty();
        assertThat(PLATFORM.process().transcript()).doesNotContain(SECRET).doesNotContain(PLATFORM_VARIABLE);
    }

    /** Publishes a release whose dry run must fail; returns the failed deployment as the control API shows it. */
    private static String publishExpectingFailure(String workflow, String definition) throws Exception {
        HttpResponse<String> accepted = PLATFORM.api().send("POST", "/api/v1/workflows/" + workflow + "/releases",
                "{\"version\": \"v1\", \"strategy\": \"all\", \"definition\": " + definition + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String status = ControlApi.json(accepted.body()).path("statusUrl").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String deployment = PLATFORM.api().send("GET", status, null).body();
            String state = ControlApi.json(deployment).path("state").asText();
            if (state.equals("failed")) {
                return deployment;
            }
            assertThat(state).as(deployment).isNotEqualTo("succeeded");
            Thread.sleep(100);
        }
        return fail("the deployment of " + workflow + " did not fail within 60 s");
    }

    private static HttpResponse<String> call(String workflow, String guess) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + "/w/" + workflow))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"guess\": \"" + guess + "\"}")).build();
        return PLATFORM.api().client().send(request, HttpResponse.BodyHandlers.ofString());
    }

}
