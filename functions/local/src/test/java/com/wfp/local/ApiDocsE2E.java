package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.wfp.platform.docs.SchemaInstances;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The API documentation as a caller meets it: the platform started from its jar, the greeting
 * published, its document fetched over HTTPS and through {@code wfp docs}, and every code sample
 * in it executed with its own runtime (curl, Node, Python, Java) against the production URLs.
 */
class ApiDocsE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final String DOCS = "/api/v1/workflows/local/default/greeting/openapi.json";

    private static HttpClient client;
    private static String apiKey;

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-docs-e2e-");

    @BeforeAll
    static void startAndPublish() throws Exception {
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(PLATFORM.dataDir()));
        PLATFORM.api().publish("local/default/greeting", "v1.0.0", Files.readString(greeting()), "all");
        PLATFORM.api().publish("local/default/typed-order", "v1", Files.readString(typedOrder()), "all");
        apiKey = PLATFORM.api().createKey("local/default");
    }

    private static Path typedOrder() {
        return PlatformProcess.moduleDir().resolve("src/test/resources/workflows/typed-order.json");
    }

    private static Path greeting() {
        return StartedPlatform.sample("greeting.json");
    }

    @Test
    void documents_overHttps_passTheValidatorAndNeedTheAdminToken() throws Exception {
        for (String path : List.of(DOCS, DOCS + "?version=v1.0.0", "/api/v1/openapi.json")) {
            HttpResponse<String> answer = PLATFORM.api().send("GET", path, null);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            assertValid(answer.body());
        }
        HttpResponse<String> yaml = PLATFORM.api().send("GET", DOCS.replace(".json", ".yaml"), null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(new YAMLMapper().readTree(yaml.body()).path("openapi").asText()).isEqualTo("3.1.0");

        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(PLATFORM.process().httpsUrl() + DOCS)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> withProductionKey = client.send(HttpRequest.newBuilder(URI.create(PLATFORM.process().httpsUrl() + DOCS))
                .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withProductionKey.statusCode()).isEqualTo(401);
    }

    @Test
    void docsCommand_writesJsonYamlAndMarkdown() throws Exception {
        Path yaml = PLATFORM.dataDir().resolve("greeting.yaml");
        Path markdown = PLATFORM.dataDir().resolve("greeting.md");

        assertThat(cli("docs", "greeting", "--format", "yaml", "--out", yaml.toString())).isZero();
        assertThat(cli("docs", "greeting", "--version", "v1.0.0", "--format", "md", "--out", markdown.toString())).isZero();

        assertValid(Files.readString(yaml));
        String page = Files.readString(markdown);
        assertThat(page).contains("## `POST " + PLATFORM.process().httpsUrl() + "/w/local/default/greeting`")
                .contains("```python").contains("```javascript").contains("```java").contains("```bash")
                .contains("| 429 |");
        assertThat(cli("docs", "greeting", "--version", "v9.9.9")).isEqualTo(1);
    }

    @Test
    void requests_builtFromTheDocumentedSchema_areAnsweredWithDocumentedStatuses() throws Exception {
        JsonNode operation = JSON.readTree(PLATFORM.api().send("GET", DOCS + "?version=v1.0.0", null).body())
                .path("paths").path("/w/local/default/greeting").path("post");
        JsonNode media = operation.path("requestBody").path("content").path("application/json");
        JsonNode responses = operation.path("responses");

        HttpResponse<String> valid = production(media.path("example").toString(), apiKey);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(responses.has("200")).isTrue();
        for (Iterator<String> names = responses.path("200").path("content").path("application/json").path("schema")
                .path("properties").fieldNames(); names.hasNext(); ) {
            assertThat(JSON.readTree(valid.body()).has(names.next())).isTrue();
        }
        for (Iterator<String> headers = responses.path("200").path("headers").fieldNames(); headers.hasNext(); ) {
            String header = headers.next();
            assertThat(valid.headers().firstValue(header)).as(header).isPresent();
        }

        String missingRequired = "{}";
        assertThat(media.path("schema").path("required").size()).isPositive();
        HttpResponse<String> invalid = production(missingRequired, apiKey);
        assertThat(responses.has(Integer.toString(invalid.statusCode()))).as(invalid.body()).isTrue();
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).path("error").path("violations")).isNotEmpty();

        HttpResponse<String> noKey = production(media.path("example").toString(), null);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(responses.has("401")).isTrue();
    }

    @Test
    void requests_generatedFromTheDocumentedSchema_getDocumentedStatusesHeadersAndBodies() throws Exception {
        String pinned = "/w/local/default/typed-order/v/v1";
        JsonNode document = JSON.readTree(PLATFORM.api().send("GET",
                "/api/v1/workflows/local/default/typed-order/openapi.json?version=v1", null).body());
        JsonNode operation = document.path("paths").path(pinned).path("post");
        JsonNode requestSchema = operation.path("requestBody").path("content").path("application/json").path("schema");
        JsonNode responses = operation.path("responses");
        Random random = new Random(Long.getLong("wfp.seed", 20261205L));
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            JsonNode input = SchemaInstances.of(requestSchema, random).orElseThrow();
            HttpResponse<String> answer = call("POST", pinned, input.toString(), apiKey);
            String status = Integer.toString(answer.statusCode());
            assertThat(responses.has(status)).as("status %s for %s: %s", status, input, answer.body()).isTrue();
            assertThat(answer.statusCode()).as("%s -> %s", input, answer.body()).isIn(200, 202);
            seen.add(answer.statusCode());
            JsonNode documented = responses.path(status).path("content").path("application/json").path("schema");
            assertThat(SCHEMAS.getSchema(documented).validate(JSON.readTree(answer.body())))
                    .as("answer %s to %s against %s", answer.body(), input, documented).isEmpty();
            for (Iterator<String> headers = responses.path(status).path("headers").fieldNames(); headers.hasNext(); ) {
                String header = headers.next();
                assertThat(answer.headers().firstValue(header)).as(header).isPresent();
            }
        }
        assertThat(seen).as("both respond nodes were reached").containsExactly(200, 202);

        JsonNode valid = SchemaInstances.of(requestSchema, random).orElseThrow();
        for (JsonNode required : requestSchema.path("required")) {
            ObjectNode missing = valid.deepCopy();
            missing.remove(required.asText());
            assertDocumentedError(responses, call("POST", pinned, missing.toString(), apiKey), 400);
        }
        ObjectNode wrongType = valid.deepCopy();
        wrongType.put("total", "a lot");
        HttpResponse<String> invalid = call("POST", pinned, wrongType.toString(), apiKey);
        assertDocumentedError(responses, invalid, 400);
        assertThat(JSON.readTree(invalid.body()).path("error").path("violations").toString()).contains("total");

        HttpResponse<String> wrongMethod = call("GET", pinned, null, apiKey);
        assertDocumentedError(responses, wrongMethod, 405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> tooLarge = call("POST", pinned, "{\"orderId\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}", apiKey);
        assertDocumentedError(responses, tooLarge, 413);
        assertDocumentedError(responses, call("POST", pinned, valid.toString(), null), 401);
    }

    @Test
    void controlRoutes_takeEveryBodyTheirDocumentedSchemaAllowsAndRefuseOthersNamingTheField() throws Exception {
        JsonNode paths = JSON.readTree(PLATFORM.api().send("GET", "/api/v1/openapi.json", null).body()).path("paths");
        Random random = new Random(Long.getLong("wfp.seed", 20261205L));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> items = paths.properties().iterator(); items.hasNext(); ) {
            Map.Entry<String, JsonNode> item = items.next();
            // A user, project and workflow of their own, so no generated body disturbs the greeting's pod.
            String path = item.getKey().replace("{user}", "probe").replace("{project}", "bodies")
                    .replace("{workflow}", "probe").replaceAll("\\{[a-z]+}", "abc");
            for (Iterator<Map.Entry<String, JsonNode>> operations = item.getValue().properties().iterator(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                JsonNode schema = operation.getValue().path("requestBody").path("content").path("application/json").path("schema");
                if (!schema.has("properties")) {
                    continue; // no body, or a workflow document the validator judges
                }
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                checked++;
                for (int i = 0; i < 15; i++) {
                    JsonNode body = SchemaInstances.of(schema, random).orElseThrow();
                    HttpResponse<String> answer = PLATFORM.api().send(method, path, body.toString());
                    String code = answer.statusCode() >= 400 ? JSON.readTree(answer.body()).path("error").path("code").asText() : "";
                    if (answer.statusCode() >= 500 || Set.of("request.unknown-field", "request.missing-field",
                            "request.invalid-field", "request.invalid-json").contains(code)) {
                        problems.add(method + " " + path + " " + body + " -> " + answer.statusCode() + " " + answer.body());
                    }
                }
                ObjectNode unknown = SchemaInstances.of(schema, random).map(JsonNode::deepCopy).map(ObjectNode.class::cast).orElseThrow();
                unknown.put("surprise", 1);
                HttpResponse<String> refused = PLATFORM.api().send(method, path, unknown.toString());
                if (refused.statusCode() != 400 || !refused.body().contains("request.unknown-field") || !refused.body().contains("surprise")) {
                    problems.add(method + " " + path + " with an unknown field -> " + refused.statusCode() + " " + refused.body());
                }
                String field = schema.path("properties").fieldNames().next();
                ObjectNode wrongType = JSON.createObjectNode();
                wrongType.putArray(field).add(JSON.createObjectNode());
                HttpResponse<String> mistyped = PLATFORM.api().send(method, path, wrongType.toString());
                if (mistyped.statusCode() != 400 || !mistyped.body().contains(field)) {
                    problems.add(method + " " + path + " with " + wrongType + " -> " + mistyped.statusCode() + " " + mistyped.body());
                }
            }
        }
        assertThat(checked).as("routes with a documented body").isGreaterThanOrEqualTo(12);
        assertThat(problems).isEmpty();
    }

    @Test
    void controlRoutes_answerWithTheStatusAndShapeTheirDocumentGives() throws Exception {
        JsonNode document = JSON.readTree(PLATFORM.api().send("GET", "/api/v1/openapi.json", null).body());
        ControlTour tour = new ControlTour(document);
        String wf = "/api/v1/workflows/{user}/{project}/{workflow}";
        String definition = Files.readString(greeting()).replace("\"id\": \"greeting\"", "\"id\": \"tour\"");
        ObjectNode doc = (ObjectNode) JSON.readTree(definition);

        tour.call("POST", "/api/v1/validate", definition);
        tour.call("POST", "/api/v1/publishability", definition);
        tour.call("PUT", wf + "/draft", definition);
        tour.call("GET", wf + "/draft", null);
        tour.call("POST", wf + "/draft/run", "{\"input\": {\"name\": \"Ada\"}}");
        String first = tour.publish(wf, doc, "v1", "all");
        tour.call("GET", "/api/v1/deployments/{id}", null, first);
        tour.call("GET", "/api/v1/deployments/{id}/events", null, first);
        tour.publish(wf, doc, "v2", "staged");
        tour.call("GET", wf + "/releases", null);
        tour.call("GET", wf + "/diff?from=v1&to=v2", null);
        tour.call("GET", wf + "/openapi.json", null);
        tour.call("GET", "/api/v1/openapi.json", null);
        long revision = tour.call("GET", wf + "/traffic", null).path("revision").asLong();
        tour.call("PUT", wf + "/traffic", "{\"revision\": " + revision + ", \"weights\": {\"v1\": 50, \"v2\": 50}}");
        tour.call("POST", wf + "/traffic/demote", "{\"version\": \"v1\"}");
        tour.call("POST", wf + "/traffic/promote", "{\"version\": \"v1\", \"why\": \"tour\"}");
        tour.call("POST", wf + "/traffic/switch", "{\"why\": \"blue/green\"}");
        tour.call("PUT", wf + "/traffic/stickiness", "{\"stickiness\": \"callerKey\"}");
        tour.call("PUT", wf + "/traffic/shadow", "{\"version\": \"v1\", \"percent\": 10}");
        tour.call("POST", wf + "/rollback", "{\"why\": \"tour\"}");
        tour.call("GET", wf + "/history", null);
        tour.call("POST", wf + "/rollout", "{\"version\": \"v2\", \"steps\": [50, 100], \"intervalSeconds\": 600}");
        tour.call("GET", wf + "/rollout", null);
        tour.call("DELETE", wf + "/rollout", null);
        tour.call("GET", "/api/v1/projects/{user}/{project}/workflows", null);
        tour.call("POST", wf + "/retire", "{\"reason\": \"the tour is over\"}");
        String keys = "/api/v1/projects/{user}/{project}/keys";
        String id = tour.call("POST", keys, "{\"name\": \"tour\"}").path("id").asText();
        tour.call("GET", keys, null);
        String rotated = tour.call("POST", keys + "/{id}/rotate", "{\"overlap\": \"1m\"}", id).path("id").asText();
        tour.call("DELETE", keys + "/{id}", null, rotated);
        String secrets = "/api/v1/projects/{user}/{project}/secrets";
        tour.call("PUT", secrets + "/{name}", "{\"value\": \"tour-value\"}", "tour");
        tour.call("GET", secrets, null);
        tour.call("DELETE", secrets + "/{name}", null, "tour");
        tour.call("GET", "/api/v1/audit?limit=5", null);
        tour.call("GET", "/api/v1/audit/verify", null);
        JsonNode pods = tour.call("GET", "/api/v1/pods", null).path("pods");
        JsonNode plan = pods.get(0).path("plan");
        tour.call("PUT", "/api/v1/pods/{user}/plan", plan.toString());
        tour.call("GET", "/api/v1/health", null);
        tour.call("GET", "/api/v1/whoami", null);
        tour.call("POST", "/api/v1/people", "{\"id\": \"tourist\", \"name\": \"A tourist\"}");
        tour.call("GET", "/api/v1/people", null);
        tour.call("POST", "/api/v1/projects", "{\"name\": \"trip\", \"user\": \"tourist\"}");
        tour.call("GET", "/api/v1/projects", null);
        String members = "/api/v1/projects/{user}/{project}/members";
        tour.call("PUT", members + "/{person}", "{\"role\": \"developer\"}");
        tour.call("GET", members, null);
        tour.call("DELETE", members + "/{person}", null);
        String token = tour.call("POST", "/api/v1/tokens", "{\"name\": \"tour\", \"person\": \"tourist\", \"expires\": \"1d\"}")
                .path("id").asText();
        tour.call("GET", "/api/v1/tokens?person=tourist", null);
        tour.call("DELETE", "/api/v1/tokens/{id}", null, token);

        assertThat(tour.problems).isEmpty();
        assertThat(tour.visited).as("routes visited").hasSizeGreaterThanOrEqualTo(44);
    }

    /** Calls control routes on local/default/tour and holds each answer to the document's status and schema. */
    private static final class ControlTour {

        final List<String> problems = new ArrayList<>();
        final Set<String> visited = new TreeSet<>();
        private final JsonNode document;

        ControlTour(JsonNode document) {
            this.document = document;
        }

        JsonNode call(String method, String template, String body, String... ids) throws Exception {
            String path = template.replace("{user}", "local").replace("{project}", "default").replace("{workflow}", "tour")
                    .replace("{person}", "tourist");
            for (String id : ids) {
                path = path.replaceFirst("\\{(id|name)}", id);
            }
            HttpResponse<String> answer = PLATFORM.api().send(method, path, body);
            String key = template.contains("?") ? template.substring(0, template.indexOf('?')) : template;
            visited.add(method + " " + key);
            JsonNode responses = document.path("paths").path(key).path(method.toLowerCase(java.util.Locale.ROOT)).path("responses");
            String status = Integer.toString(answer.statusCode());
            if (!responses.has(status) || answer.statusCode() >= 300) {
                problems.add(method + " " + path + " answered " + status + " (documented: "
                        + iterable(responses.fieldNames()) + "): " + answer.body());
                return JSON.createObjectNode();
            }
            JsonNode content = responses.path(status).path("content");
            if (content.has("text/event-stream")) {
                if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    problems.add(method + " " + path + " is documented as an event stream but answered "
                            + answer.headers().firstValue("Content-Type"));
                }
                return JSON.createObjectNode();
            }
            JsonNode schema = inline(content.path("application/json").path("schema"));
            JsonNode json = JSON.readTree(answer.body());
            var violations = SCHEMAS.getSchema(schema).validate(json);
            if (!violations.isEmpty()) {
                problems.add(method + " " + path + ": " + violations + " in " + answer.body());
            }
            return json;
        }

        String publish(String workflowTemplate, ObjectNode definition, String version, String strategy) throws Exception {
            ObjectNode body = JSON.createObjectNode().put("version", version).put("strategy", strategy).put("notes", "tour");
            body.set("definition", definition);
            String id = call("POST", workflowTemplate + "/releases", body.toString()).path("deploymentId").asText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String state = JSON.readTree(PLATFORM.api().send("GET", "/api/v1/deployments/" + id, null).body()).path("state").asText();
                if (!state.equals("running")) {
                    assertThat(state).as("deployment of " + version).isEqualTo("succeeded");
                    return id;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the deployment of " + version + " did not finish");
        }

        private JsonNode inline(JsonNode schema) {
            if (schema.isObject()) {
                if (schema.has("$ref")) {
                    String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
                    return inline(document.path("components").path("schemas").path(name));
                }
                ObjectNode copy = JSON.createObjectNode();
                schema.properties().forEach(e -> copy.set(e.getKey(), inline(e.getValue())));
                return copy;
            }
            if (schema.isArray()) {
                var copy = JSON.createArrayNode();
                schema.forEach(item -> copy.add(inline(item)));
                return copy;
            }
            return schema;
        }

        private static List<String> iterable(Iterator<String> names) {
            List<String> all = new ArrayList<>();
            names.forEachRemaining(all::add);
            return all;
        }
    }

    private static void assertDocumentedError(JsonNode responses, HttpResponse<String> answer, int expected) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        assertThat(responses.has(Integer.toString(expected))).as("status %d is documented", expected).isTrue();
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("code").asText()).as(answer.body()).isNotBlank();
        assertThat(error.path("message").asText()).as(answer.body()).isNotBlank();
    }

    private static HttpResponse<String> call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PLATFORM.process().httpsUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void codeSamples_eachRunWithItsRuntime_callBothUrlsAndWaitOutA429() throws Exception {
        JsonNode samples = JSON.readTree(PLATFORM.api().send("GET", DOCS + "?version=v1.0.0", null).body())
                .path("paths").path("/w/local/default/greeting").path("post").path("x-codeSamples");
        assertThat(samples).hasSize(4);
        Path pem = PLATFORM.dataDir().resolve("tls/localhost.pem");
        Path trustStore = javaTrustStore();
        for (JsonNode sample : samples) {
            // A key allowed one call a second: the second call of each sample meets 429 and must wait it out.
            String slowKey = slowKey();
            String lang = sample.path("lang").asText();
            Path dir = Files.createTempDirectory(PLATFORM.dataDir(), "sample-");
            List<String> command = switch (lang) {
                case "Shell" -> List.of("bash", write(dir, "call.sh", sample));
                case "JavaScript" -> List.of("node", write(dir, "call.mjs", sample));
                case "Python" -> List.of("python3", write(dir, "call.py", sample));
                case "Java" -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                        "-Djavax.net.ssl.trustStoreType=PKCS12", write(dir, "Call.java", sample));
                default -> throw new AssertionError("unexpected sample language " + lang);
            };
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.put("WFP_API_KEY", slowKey);
            env.put("CURL_CA_BUNDLE", pem.toString());
            env.put("NODE_EXTRA_CA_CERTS", pem.toString());
            env.put("REQUESTS_CA_BUNDLE", pem.toString());
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(lang + " sample did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(lang + ":\n" + output).isZero();
            if (lang.equals("Shell")) {
                // curl shows each answer as it is: the second call meets the rate limit and says when to retry.
                assertThat(output.toLowerCase()).as(output).contains("x-workflow-version: v1.0.0").contains("hello, ada!");
                assertThat(output).as(output).containsAnyOf("HTTP/1.1 429", "HTTP/2 429");
                assertThat(output.toLowerCase()).contains("retry-after:");
            } else {
                // The second call meets the key's rate, says so, waits Retry-After and is then answered.
                assertThat(output).as(lang + ":\n" + output).containsSubsequence(
                        "200 served by v1.0.0", "Hello, Ada!", "429 retrying after", "200 served by v1.0.0", "Hello, Ada!");
            }
        }
    }

    private static String write(Path dir, String name, JsonNode sample) throws Exception {
        return Files.writeString(dir.resolve(name), sample.path("source").asText()).toString();
    }

    private static String slowKey() throws Exception {
        HttpResponse<String> created = PLATFORM.api().send("POST", "/api/v1/projects/local/default/keys",
                "{\"name\": \"slow\", \"permissions\": [\"invoke\"], \"rate\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("key").asText();
    }

    private static Path javaTrustStore() throws Exception {
        Path tls = PLATFORM.dataDir().resolve("tls");
        char[] password = Files.readString(tls.resolve("keystore-password"), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.resolve("localhost.p12"))) {
            keys.load(in, password);
        }
        Certificate certificate = keys.getCertificate("wfp-localhost");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("wfp-localhost", certificate);
        Path file = PLATFORM.dataDir().resolve("samples-trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private static HttpResponse<String> production(String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PLATFORM.process().httpsUrl() + "/w/local/default/greeting"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publish_whoseSchemaBreaksTheLiveContract_warnsListingTheBreakAndSuggestingTheNextMajor() throws Exception {
        String stricter = Files.readString(greeting())
                .replace("\"required\": [\"name\"]", "\"required\": [\"name\", \"age\"]")
                .replace("\"properties\": { \"name\"", "\"properties\": { \"age\": { \"type\": \"integer\" }, \"name\"")
                .replace("\"example\": { \"name\": \"Ada\" }", "\"example\": { \"name\": \"Ada\", \"age\": 36 }");
        assertThat(stricter).contains("\"age\": 36");
        Path file = Files.writeString(PLATFORM.dataDir().resolve("stricter.json"), stricter);

        String transcript = cliTranscript("publish", file.toString(), "--version", "v1.0.1", "--strategy", "staged");

        assertThat(transcript).contains("breaks the contract of the live release v1.0.0")
                .contains("newly-required /age").contains("v2.0.0").contains("--strategy canary");
    }

    private static String cliTranscript(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", PLATFORM.process().httpsUrl(), "--data", PLATFORM.dataDir().toString()));
        try (PlatformProcess process = PlatformProcess.start(all.toArray(String[]::new))) {
            if (!process.awaitExit(Duration.ofSeconds(90))) {
                fail("wfp " + String.join(" ", args) + " did not end:\n" + process.transcript());
            }
            return process.transcript();
        }
    }

    private static int cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", PLATFORM.process().httpsUrl(), "--data", PLATFORM.dataDir().toString()));
        try (PlatformProcess process = PlatformProcess.start(all.toArray(String[]::new))) {
            if (!process.awaitExit(Duration.ofSeconds(90))) {
                fail("wfp " + String.join(" ", args) + " did not end:\n" + process.transcript());
            }
            return process.process().exitValue();
        }
    }

    private static void assertValid(String document) {
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, null);
        assertThat(result.getMessages()).as("validator messages").isEqualTo(List.of());
    }
}
