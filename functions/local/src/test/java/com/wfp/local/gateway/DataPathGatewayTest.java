package com.wfp.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.auth.AdminToken;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.deployment.PublishStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's data path and event stream over the real store, event bus, publish service and a
 * real pod server (in this JVM): routed and pinned calls, what reaches the workflow, the 404s, a
 * pod that lost a release or stopped answering.
 */
class DataPathGatewayTest {

    @TempDir
    Path dataDir;

    private DataPathFixture platform;
    private PublishService publishing;
    private InProcessPods pods;
    private LocalGateway gateway;
    private HttpClient client;
    private AdminToken token;

    @BeforeEach
    void start() {
        platform = new DataPathFixture(dataDir);
        publishing = platform.publishing;
        pods = platform.pods;
        gateway = platform.gateway;
        client = platform.client;
        token = platform.token;
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private static String echo(String word) {
        return DataPathFixture.echo(word);
    }

    private Deployment publish(String version, String definition) throws Exception {
        return platform.publish(version, definition);
    }

    private HttpResponse<String> call(String pathAndQuery, String body) throws Exception {
        return send(pathAndQuery, body, HttpRequest.newBuilder().header("Authorization", "Bearer caller-key"));
    }

    /** A call with a key of the project: what is not published needs one before it is named (see AuthorizedDataPathTest). */
    private HttpResponse<String> callWithKey(String pathAndQuery, String body) throws Exception {
        return send(pathAndQuery, body, HttpRequest.newBuilder()
                .header("X-Api-Key", platform.access.invokeKey("ada", "shop")));
    }

    private HttpResponse<String> send(String pathAndQuery, String body, HttpRequest.Builder request) throws Exception {
        return client.send(request.uri(URI.create("https://localhost:" + gateway.httpsPort() + pathAndQuery))
                .header("Content-Type", "application/json")
                .header("X-Custom", "kept")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws Exception {
        return ReportJson.mapper().readTree(text);
    }

    @Test
    void routedCall_passesQueryHeadersHostAndBodyButNotTheCallersAuthorization() throws Exception {
        Deployment v1 = publish("v1.0.0", echo("one"));

        HttpResponse<String> answer = call("/w/ada/shop/greeter?q=find%20me%26you%2B1&q=second", "{\"name\":\"Ada\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json(answer.body());
        assertThat(body.path("word").asText()).isEqualTo("one");
        assertThat(body.path("q").isArray()).as("a repeated parameter arrives as a list: %s", body).isTrue();
        assertThat(body.path("q").get(0).asText()).isEqualTo("find me&you+1");
        assertThat(body.path("q").get(1).asText()).isEqualTo("second");
        assertThat(body.path("custom").asText()).isEqualTo("kept");
        assertThat(body.path("auth").isMissingNode() || body.path("auth").isNull()).as(answer.body()).isTrue();
        assertThat(body.path("path").asText()).isEqualTo("/w/ada/shop/greeter");
        assertThat(body.path("host").asText()).as("the host the caller used, not the pod's")
                .isEqualTo("localhost:" + gateway.httpsPort());
        assertThat(body.path("input").path("name").asText()).isEqualTo("Ada");
        assertThat(answer.headers().firstValue("X-Workflow-Version")).contains("v1.0.0");
        assertThat(answer.headers().firstValue("X-Release-Id")).contains(v1.releaseId().value());
    }

    @Test
    void routedCall_afterANewPublish_goesToTheNewReleaseWhilePinnedUrlsKeepTheirs() throws Exception {
        publish("v1.0.0", echo("one"));
        assertThat(json(call("/w/ada/shop/greeter", "{}").body()).path("word").asText()).isEqualTo("one");

        publish("v1.1.0", echo("two"));

        assertThat(json(call("/w/ada/shop/greeter", "{}").body()).path("word").asText()).isEqualTo("two");
        assertThat(json(call("/w/ada/shop/greeter/v/v1.0.0", "{}").body()).path("word").asText()).isEqualTo("one");
        assertThat(call("/w/ada/shop/greeter/v/v1.0.0", "{}").headers().firstValue("X-Workflow-Version"))
                .contains("v1.0.0");
    }

    @Test
    void pinnedCall_whenThePodLostTheRelease_loadsItAgainAndAnswers() throws Exception {
        Deployment v1 = publish("v1.0.0", echo("one"));
        publish("v1.1.0", echo("two"));
        pods.unload("ada", v1.releaseId());

        HttpResponse<String> answer = call("/w/ada/shop/greeter/v/v1.0.0", "{}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("word").asText()).isEqualTo("one");
    }

    @Test
    void calls_toUnknownWorkflowsVersionsOrPaths_are404sNamingWhatIsMissing() throws Exception {
        publish("v1.0.0", echo("one"));

        HttpResponse<String> workflow = callWithKey("/w/ada/shop/unknown", "{}");
        HttpResponse<String> version = callWithKey("/w/ada/shop/greeter/v/v3.0.0", "{}");
        HttpResponse<String> path = call("/w/ada/shop", "{}");

        assertThat(workflow.statusCode()).isEqualTo(404);
        assertThat(json(workflow.body()).path("error").path("message").asText()).contains("ada/shop/unknown");
        assertThat(json(workflow.body()).path("error").path("hint").asText()).contains("wfp publish");
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(json(version.body()).path("error").path("message").asText()).contains("v3.0.0", "v1.0.0");
        assertThat(path.statusCode()).isEqualTo(404);
    }

    @Test
    void call_whenThePodDoesNotAnswer_is503WithRetryAfter() throws Exception {
        publish("v1.0.0", echo("one"));
        pods.kill();

        HttpResponse<String> answer = call("/w/ada/shop/greeter", "{}");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(answer.body()).path("error").path("code").asText()).isEqualTo("pod.unreachable");
    }

    @Test
    void eventStream_ofAFinishedDeployment_sendsItsStatusAndEnds() throws Exception {
        Deployment v1 = publish("v1.0.0", echo("one"));

        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(
                        "https://localhost:" + gateway.httpsPort() + "/api/v1/deployments/" + v1.id().value() + "/events"))
                .header("Authorization", "Bearer " + token.value()).GET().build(), HttpResponse.BodyHandlers.ofLines());

        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> lines = stream.body().toList();
        assertThat(lines).contains("event: status");
        assertThat(lines).filteredOn(l -> l.startsWith("data: ")).singleElement()
                .satisfies(l -> assertThat(json(l.substring(6)).path("state").asText()).isEqualTo("succeeded"));
    }

    @Test
    void eventStream_ofARunningDeployment_sendsEachStepUntilItEnds() throws Exception {
        Deployment started = publishing.start(new PublishCommand(DataPathFixture.GREETER, echo("one"), "v1.0.0", null,
                PublishStrategy.ALL, "ada", null));

        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(
                        "https://localhost:" + gateway.httpsPort() + "/api/v1/deployments/" + started.id().value()
                                + "/events"))
                .header("Authorization", "Bearer " + token.value()).GET().build(), HttpResponse.BodyHandlers.ofLines());

        List<JsonNode> statuses = stream.body().filter(l -> l.startsWith("data: "))
                .map(l -> {
                    try {
                        return json(l.substring(6));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(statuses).isNotEmpty();
        // A loaded machine may finish this small deployment before the stream opens; then its one event is the end.
        if (!statuses.getFirst().path("state").asText().equals("succeeded")) {
            assertThat(statuses.size()).isGreaterThan(1);
        }
        for (int i = 1; i < statuses.size(); i++) {
            assertThat(statuses.get(i).path("steps").size()).isGreaterThanOrEqualTo(statuses.get(i - 1).path("steps").size());
        }
        assertThat(statuses.getLast().path("state").asText()).isEqualTo("succeeded");
        assertThat(statuses.getLast().path("productionUrl").asText()).endsWith("/w/ada/shop/greeter");
    }

    @Test
    void eventStream_ofAnUnknownDeployment_is404() throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(
                        "https://localhost:" + gateway.httpsPort() + "/api/v1/deployments/dep-unknown/events"))
                .header("Authorization", "Bearer " + token.value()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("dep-unknown");
    }
}
