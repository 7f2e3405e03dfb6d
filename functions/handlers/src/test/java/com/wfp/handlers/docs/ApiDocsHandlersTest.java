package com.wfp.handlers.docs;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.WorkflowRef;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocsHandlersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of(System.getProperty("basedir", "."))
            .resolve("../../samples/workflows/valid");

    private final InMemoryPlatform platform = new InMemoryPlatform();

    @AfterEach
    void close() {
        platform.close();
    }

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void releaseDocument_ofEverySample_passesTheOpenApiValidatorAndDocumentsTheTrigger(String sample) throws Exception {
        String definition = Files.readString(SAMPLES.resolve(sample));
        WorkflowRef ref = new WorkflowRef("ada", "shop", JSON.readTree(definition).path("id").asText());
        publish(ref, "v1.0.0", definition);

        APIGatewayProxyResponseEvent response = workflowDocs(ref, "openapi.json", "v1.0.0");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertValidOpenApi(response.getBody());
        JsonNode doc = JSON.readTree(response.getBody());
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.path("paths").has("/w/" + ref.path())).isTrue();
        assertThat(doc.path("paths").has("/w/" + ref.path() + "/v/v1.0.0")).isTrue();
        assertThat(response.getBody()).doesNotContain("$secret");
        JsonNode operation = doc.path("paths").path("/w/" + ref.path()).elements().next();
        assertThat(operation.path("responses").has("503")).isTrue();
        assertThat(operation.path("responses").path("410").path("description").asText()).contains("workflow.retired");
        assertThat(operation.path("responses").path("429").path("headers").has("Retry-After")).isTrue();
        assertThat(operation.path("x-codeSamples")).hasSize(4);
    }

    @Test
    void releaseDocument_ofTheGreeting_hasItsInputSchemaExampleAuthAndInferredAnswer() throws Exception {
        publish(InMemoryPlatform.GREETING, "v1.0.0", InMemoryPlatform.greeting("Hello"));

        JsonNode doc = JSON.readTree(workflowDocs(InMemoryPlatform.GREETING, "openapi.json", "v1.0.0").getBody());

        assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo("https://api.example.com");
        JsonNode post = doc.path("paths").path("/w/ada/shop/greeting").path("post");
        JsonNode media = post.path("requestBody").path("content").path("application/json");
        assertThat(media.path("schema").path("required").get(0).asText()).isEqualTo("name");
        assertThat(media.path("example").path("name").asText()).isEqualTo("Ada");
        assertThat(post.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("properties").path("greeting").path("type").asText()).isEqualTo("string");
        assertThat(post.path("responses").path("200").path("headers").has("X-Workflow-Version")).isTrue();
        assertThat(post.path("responses").path("401").path("headers").has("WWW-Authenticate")).isTrue();
        assertThat(doc.path("security").toString()).contains("apiKey");
        assertThat(doc.path("x-wfp").path("version").asText()).isEqualTo("v1.0.0");
    }

    @Test
    void workflowDocument_withTwoLiveReleases_listsBothPinnedPathsAndPassesTheValidator() throws Exception {
        publish(InMemoryPlatform.GREETING, "v1.0.0", InMemoryPlatform.greeting("Hello"));
        Deployment second = platform.publishing.start(new PublishCommand(InMemoryPlatform.GREETING,
                InMemoryPlatform.greeting("Welcome"), "v1.1.0", null, new PublishStrategy(PublishStrategy.Kind.CANARY, 10), "ada", null));
        assertThat(platform.awaitFinished(second.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);

        APIGatewayProxyResponseEvent response = workflowDocs(InMemoryPlatform.GREETING, "openapi.json", null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertValidOpenApi(response.getBody());
        JsonNode doc = JSON.readTree(response.getBody());
        assertThat(doc.path("x-wfp").path("liveReleases").findValuesAsText("version")).containsExactly("v1.0.0", "v1.1.0");
        assertThat(doc.path("paths").has("/w/ada/shop/greeting/v/v1.0.0")).isTrue();
        assertThat(doc.path("paths").has("/w/ada/shop/greeting/v/v1.1.0")).isTrue();
    }

    @Test
    void yamlDocument_readsBackAsTheSameDocumentAsTheJsonOne() throws Exception {
        publish(InMemoryPlatform.GREETING, "v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent yaml = workflowDocs(InMemoryPlatform.GREETING, "openapi.yaml", "v1.0.0");
        APIGatewayProxyResponseEvent json = workflowDocs(InMemoryPlatform.GREETING, "openapi.json", "v1.0.0");

        assertThat(yaml.getHeaders().get("Content-Type")).startsWith("application/yaml");
        assertValidOpenApi(yaml.getBody());
        assertThat(new YAMLMapper().readTree(yaml.getBody())).isEqualTo(JSON.readTree(json.getBody()));
    }

    @Test
    void document_ofAnUnknownVersion_answers404NamingTheKnownVersions() throws Exception {
        publish(InMemoryPlatform.GREETING, "v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent response = workflowDocs(InMemoryPlatform.GREETING, "openapi.json", "v9.9.9");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("release.version-not-found");
        assertThat(ProxyEvents.body(response).path("error").path("message").asText()).contains("v1.0.0");
    }

    @Test
    void document_ofAnUnknownWorkflow_answers404() {
        APIGatewayProxyResponseEvent response = workflowDocs(new WorkflowRef("ada", "shop", "nothing"), "openapi.json", null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("workflow.not-found");
    }

    @Test
    void controlApiDocument_passesTheValidatorAndHasEveryRoute() throws Exception {
        APIGatewayProxyResponseEvent response = new ControlApiDocsHandler().handleRequest(
                new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/api/v1/openapi.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertValidOpenApi(response.getBody());
        JsonNode paths = JSON.readTree(response.getBody()).path("paths");
        for (ControlRoute route : ControlRoutes.all()) {
            assertThat(paths.path(route.path().template()).has(route.method().toLowerCase()))
                    .as(route.describe()).isTrue();
        }
        assertThat(paths.path("/api/v1/health").path("get").path("security")).isEmpty();
        assertThat(paths.path("/api/v1/workflows/{user}/{project}/{workflow}/releases").path("post")
                .path("responses").has("202")).isTrue();
    }

    @Test
    void validator_onADocumentWithAnOperationWithoutResponses_reportsIt() {
        SwaggerParseResult result = new OpenAPIParser().readContents(
                "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},"
                        + "\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":{}}}}}}", null, null);

        assertThat(result.getMessages()).isNotEmpty();
    }

    private void publish(WorkflowRef ref, String version, String definition) throws Exception {
        Deployment started = platform.publishing.start(new PublishCommand(ref, definition, version, null,
                PublishStrategy.ALL, ref.user(), null));
        Deployment done = platform.awaitFinished(started.id());
        assertThat(done.state()).as(String.valueOf(done)).isEqualTo(DeploymentState.SUCCEEDED);
    }

    private APIGatewayProxyResponseEvent workflowDocs(WorkflowRef ref, String file, String version) {
        Map<String, String> query = new HashMap<>();
        if (version != null) {
            query.put("version", version);
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withPath("/api/v1/workflows/" + ref.path() + "/" + file)
                .withPathParameters(Map.of("user", ref.user(), "project", ref.project(), "workflow", ref.workflow()))
                .withQueryStringParameters(query);
        return new WorkflowApiDocsHandler(platform.services).handleRequest(event, null);
    }

    static void assertValidOpenApi(String document) {
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, null);
        assertThat(result.getMessages()).as("validator messages").isEqualTo(List.of());
        assertThat(result.getOpenAPI()).isNotNull();
    }
}
