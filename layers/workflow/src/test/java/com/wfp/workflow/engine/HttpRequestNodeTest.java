package com.wfp.workflow.engine;

import com.wfp.workflow.net.http.LocalServer;
import com.wfp.workflow.net.http.Resolver;
import com.wfp.workflow.secrets.InMemorySecretProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.wfp.workflow.engine.Workflows.json;
import static com.wfp.workflow.engine.Workflows.request;
import static com.wfp.workflow.engine.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

class HttpRequestNodeTest {

    private static final String TOKEN = "tok-3f9a7c1e5d";
    private static final InMemorySecretProvider SECRETS = new InMemorySecretProvider(Map.of("crm", TOKEN));

    private LocalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static WorkflowEngine engine(Set<String> allowedPrivateHosts) throws Exception {
        return new WorkflowEngine(EngineSettings.defaults().withAllowedPrivateHosts(allowedPrivateHosts), SECRETS,
                Resolver.system(), SSLContext.getDefault());
    }

    private static String lookupFlow(String url, String extraConfig) {
        return """
                [{"id":"in","type":"trigger.http"},
                 {"id":"lookup","type":"http.request","config":{"method":"GET","url":"%s","allowInsecureHttp":true,
                   "headers":{"Authorization":"Bearer {{ $secret('crm') }}"}%s}},
                 {"id":"ok","type":"respond","config":{"body":"{ 'tier': nodes.lookup.body.tier, 'status': nodes.lookup.status }"}},
                 {"id":"sorry","type":"respond","config":{"status":502,"body":"nodes.lookup"}}]""".formatted(url, extraConfig);
    }

    private static final String LOOKUP_EDGES = """
            [{"from":"in","to":"lookup"},{"from":"lookup","to":"ok"},{"from":"lookup","to":"sorry","branch":"error"}]""";
    private static final String CREDENTIALS = "[{\"name\":\"crm\",\"type\":\"bearer\"}]";

    private ExecutionResult run(WorkflowEngine engine, String nodes, String edges) {
        return engine.execute(engine.prepare(workflow(nodes, edges, CREDENTIALS, "{}"), "r", "v"), request("{\"customerId\":\"C-7\"}"));
    }

    @Test
    void execute_whenTheTargetAnswersJson_outputsStatusHeadersAndParsedBody() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        server = LocalServer.http().on("/customers", x -> {
            authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
            LocalServer.answer(x, 200, "application/json", "{\"tier\":\"gold\"}");
        });
        String url = "http://127.0.0.1:" + server.port() + "/customers/{{ input.customerId }}";

        ExecutionResult result = run(engine(Set.of("127.0.0.1")), lookupFlow(url, ""), LOOKUP_EDGES);

        assertThat(result.body()).isEqualTo(json("{\"tier\":\"gold\",\"status\":200}"));
        assertThat(server.hits()).containsExactly("/customers/C-7");
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
        assertThat(result.trace().toString()).doesNotContain(TOKEN);
    }

    @Test
    void trace_ofACallingNode_namesTheHostItCalledAndItsAnswer_neverThePathOrASecretInTheHost() throws Exception {
        server = LocalServer.http().on("/customers", x -> LocalServer.answer(x, 503, "application/json", "{}"));
        String url = "http://127.0.0.1:" + server.port() + "/customers/{{ input.customerId }}?token={{ $secret('crm') }}";

        ExecutionResult answered = run(engine(Set.of("127.0.0.1")), lookupFlow(url, ""), LOOKUP_EDGES);
        NodeTrace lookup = answered.trace().nodes().stream().filter(n -> n.nodeId().equals("lookup")).findFirst()
                .orElseThrow();
        String secretHost = "http://{{ $secret('crm') }}.localhost:" + server.port() + "/";
        ExecutionResult unreachable = run(engine(Set.of("127.0.0.1")), lookupFlow(secretHost, ""), LOOKUP_EDGES);
        NodeTrace refused = unreachable.trace().nodes().stream().filter(n -> n.nodeId().equals("lookup")).findFirst()
                .orElseThrow();

        assertThat(lookup.upstreamHost()).isEqualTo("127.0.0.1");
        assertThat(lookup.upstreamStatus()).isEqualTo(503);
        assertThat(refused.upstreamStatus()).isZero();
        assertThat(refused.upstreamHost()).doesNotContain(TOKEN).contains("localhost");
        assertThat(answered.trace().nodes().stream().filter(n -> !n.nodeId().equals("lookup")))
                .allSatisfy(n -> assertThat(n.upstreamHost()).isNull());
    }

    @Test
    void execute_whenRedirectedToAnotherOrigin_sendsNoHeaderThatCarriesASecret() throws Exception {
        List<String> landed = new CopyOnWriteArrayList<>();
        try (LocalServer other = LocalServer.http().on("/customers", x -> {
            landed.add("key=" + x.getRequestHeaders().getFirst("X-Api-Key") + " trace="
                    + x.getRequestHeaders().getFirst("X-Trace") + " auth=" + x.getRequestHeaders().getFirst("Authorization"));
            LocalServer.answer(x, 200, "application/json", "{\"tier\":\"gold\"}");
        })) {
            server = LocalServer.http().on("/moved", x -> LocalServer.redirect(x,
                    "http://127.0.0.1:" + other.port() + "/customers"));
            String url = "http://127.0.0.1:" + server.port() + "/moved";
            String nodes = lookupFlow(url, "").replace("\"headers\":{\"Authorization\":\"Bearer {{ $secret('crm') }}\"}",
                    "\"headers\":{\"X-Api-Key\":\"{{ $secret('crm') }}\",\"X-Trace\":\"t-1\"}");

            ExecutionResult result = run(engine(Set.of("127.0.0.1")), nodes, LOOKUP_EDGES);

            assertThat(result.body()).isEqualTo(json("{\"tier\":\"gold\",\"status\":200}"));
            assertThat(landed).containsExactly("key=null trace=t-1 auth=null");
        }
    }

    @Test
    void execute_whenTheBodyIsAJsonTemplate_postsTheRenderedJson() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> types = new CopyOnWriteArrayList<>();
        server = LocalServer.http().on("/orders", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            types.add(x.getRequestHeaders().getFirst("Content-Type"));
            LocalServer.answer(x, 201, "text/plain", "created");
        });
        WorkflowEngine engine = engine(Set.of("127.0.0.1"));

        ExecutionResult result = run(engine, """
                [{"id":"in","type":"trigger.http"},
                 {"id":"post","type":"http.request","config":{"method":"POST","url":"http://127.0.0.1:%d/orders",
                   "allowInsecureHttp":true,"body":{"customer":"{{ input.customerId }}","count":"{{ 1 + 1 }}","note":"id {{ input.customerId }}"}}},
                 {"id":"ok","type":"respond","config":{"body":"nodes.post.body"}}]""".formatted(server.port()),
                "[{\"from\":\"in\",\"to\":\"post\"},{\"from\":\"post\",\"to\":\"ok\"}]");

        assertThat(result.body().asText()).isEqualTo("created");
        assertThat(json(bodies.get(0))).isEqualTo(json("{\"customer\":\"C-7\",\"count\":2,\"note\":\"id C-7\"}"));
        assertThat(types).containsExactly("application/json");
    }

    @Test
    void execute_whenTheTargetIsLoopbackAndTheEngineIsStrict_failsTheNodeWithoutReachingIt() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 200, "application/json", "{\"tier\":\"gold\"}"));
        String url = "http://127.0.0.1:" + server.port() + "/customers";

        ExecutionResult result = run(engine(Set.of()), lookupFlow(url, ""), "[{\"from\":\"in\",\"to\":\"lookup\"},{\"from\":\"lookup\",\"to\":\"ok\"}]");

        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.trace().error().type()).isEqualTo("http.blocked-address");
        assertThat(result.body().at("/error/nodeId").asText()).isEqualTo("lookup");
        assertThat(server.hits()).isEmpty();
    }

    @Test
    void execute_whenTheTargetFailsThenRecovers_retriesWithBackoffAndSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, calls.incrementAndGet() == 1 ? 500 : 200,
                "application/json", "{\"tier\":\"silver\"}"));
        String url = "http://127.0.0.1:" + server.port() + "/c";

        ExecutionResult result = run(engine(Set.of("127.0.0.1")),
                lookupFlow(url, ",\"retry\":{\"maxAttempts\":3,\"backoffMs\":100}"), LOOKUP_EDGES);

        assertThat(result.body()).isEqualTo(json("{\"tier\":\"silver\",\"status\":200}"));
        assertThat(server.hits()).hasSize(2);
        assertThat(result.trace().nodes().get(1).durationMicros()).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void execute_whenTheTargetKeepsFailing_takesTheErrorBranchAfterAllAttempts() throws Exception {
        server = LocalServer.http().on("/", x -> LocalServer.answer(x, 503, "application/json", "{\"down\":true}"));
        String url = "http://127.0.0.1:" + server.port() + "/c";

        ExecutionResult result = run(engine(Set.of("127.0.0.1")),
                lookupFlow(url, ",\"retry\":{\"maxAttempts\":3,\"backoffMs\":10}"), LOOKUP_EDGES);

        assertThat(server.hits()).hasSize(3);
        assertThat(result.status()).isEqualTo(502);
        assertThat(result.body().get("status").asInt()).isEqualTo(503);
        assertThat(result.body().get("body")).isEqualTo(json("{\"down\":true}"));
        assertThat(result.body().at("/error/code").asText()).isEqualTo("http.status");
        assertThat(result.body().at("/error/message").asText()).contains("503", "3 attempts");
        assertThat(result.trace().nodes()).filteredOn(n -> n.nodeId().equals("lookup"))
                .singleElement().satisfies(n -> assertThat(n.status()).isEqualTo(NodeStatus.FAILED));
    }

    @Test
    void execute_whenTheTargetIsSlowerThanTheNodeTimeout_timesTheNodeOutIntoTheErrorBranch() throws Exception {
        server = LocalServer.http().on("/", x -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.answer(x, 200, "application/json", "{}");
        });
        String url = "http://127.0.0.1:" + server.port() + "/c";
        WorkflowEngine engine = engine(Set.of("127.0.0.1"));
        ExecutableWorkflow release = engine.prepare(workflow(lookupFlow(url, ",\"timeoutMs\":300"), LOOKUP_EDGES, CREDENTIALS, "{}"), "r", "v");
        long start = System.nanoTime();

        ExecutionResult result = engine.execute(release, request("{\"customerId\":\"C-7\"}"));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(result.status()).isEqualTo(502);
        assertThat(result.body().at("/error/code").asText()).isEqualTo("http.timeout");
        assertThat(result.trace().nodes()).filteredOn(n -> n.nodeId().equals("lookup"))
                .singleElement().satisfies(n -> assertThat(n.status()).isEqualTo(NodeStatus.TIMED_OUT));
    }

    @Test
    void execute_whenAnErrorMessageContainsASecret_redactsItFromBodyAndTrace() throws Exception {
        WorkflowEngine engine = engine(Set.of());
        ExecutionResult failed = run(engine, """
                [{"id":"in","type":"trigger.http"},
                 {"id":"leak","type":"transform","config":{"expression":"$error('token ' & $secret('crm') & ' rejected')"}},
                 {"id":"ok","type":"respond","config":{"body":"1"}}]""", "[{\"from\":\"in\",\"to\":\"leak\"},{\"from\":\"leak\",\"to\":\"ok\"}]");

        assertThat(failed.body().toString()).doesNotContain(TOKEN).contains("token *** rejected");
        assertThat(failed.trace().toString()).doesNotContain(TOKEN);
        assertThat(failed.trace().nodes().get(1).error().stackTrace()).doesNotContain(TOKEN).contains("***");

        ExecutionResult handled = run(engine, """
                [{"id":"in","type":"trigger.http"},
                 {"id":"leak","type":"transform","config":{"expression":"$error('token ' & $secret('crm'))"}},
                 {"id":"ok","type":"respond","config":{"body":"1"}},
                 {"id":"err","type":"respond","config":{"status":500,"body":"nodes.leak"}}]""",
                "[{\"from\":\"in\",\"to\":\"leak\"},{\"from\":\"leak\",\"to\":\"ok\"},{\"from\":\"leak\",\"to\":\"err\",\"branch\":\"error\"}]");
        assertThat(handled.body().toString()).doesNotContain(TOKEN);
        assertThat(handled.trace().toString()).doesNotContain(TOKEN);

        ExecutionResult stopped = run(engine, """
                [{"id":"in","type":"trigger.http"},
                 {"id":"no","type":"fail","config":{"status":401,"message":"bad token {{ $secret('crm') }}"}}]""",
                "[{\"from\":\"in\",\"to\":\"no\"}]");
        assertThat(stopped.body().toString()).doesNotContain(TOKEN).contains("bad token ***");
        assertThat(stopped.trace().toString()).doesNotContain(TOKEN);
    }

    @Test
    void execute_whenASecretIsNotDeclared_failsWithoutReadingIt() throws Exception {
        WorkflowEngine engine = engine(Set.of());
        ExecutionResult result = engine.execute(engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"peek","type":"transform","config":{"expression":"$secret('crm')"}},
                 {"id":"ok","type":"respond","config":{"body":"nodes.peek"}}]""",
                "[{\"from\":\"in\",\"to\":\"peek\"},{\"from\":\"peek\",\"to\":\"ok\"}]"), "r", "v"), request("{}"));

        assertThat(result.trace().error().type()).isEqualTo("secret.undeclared");
        assertThat(result.body().toString()).doesNotContain(TOKEN);
    }
}
