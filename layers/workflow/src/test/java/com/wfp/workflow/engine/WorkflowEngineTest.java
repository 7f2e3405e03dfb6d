package com.wfp.workflow.engine;

import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.secrets.InMemorySecretProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static com.wfp.workflow.engine.Workflows.json;
import static com.wfp.workflow.engine.Workflows.request;
import static com.wfp.workflow.engine.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowEngineTest {

    private final WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), InMemorySecretProvider.empty());

    private ExecutionResult run(String nodes, String edges, String input) {
        return engine.execute(engine.prepare(workflow(nodes, edges), "rel-1", "v1"), request(input));
    }

    private static NodeTrace node(ExecutionResult result, String id) {
        return result.trace().nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void execute_whenTransformFeedsRespond_answersWithTheTransformedBody() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"calc","type":"transform","config":{"expression":"{ 'double': input.n * 2, 'path': request.path, 'q': request.query.q, 'h': request.headers.`x-trace` }"}},
                 {"id":"out","type":"respond","config":{"status":201,"headers":{"X-Order":"order-{{ input.n }}"},"body":"nodes.calc"}}]""",
                """
                [{"from":"in","to":"calc"},{"from":"calc","to":"out"}]""", "{\"n\": 21}");

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.headers()).containsEntry("X-Order", "order-21");
        assertThat(result.body()).isEqualTo(json("{\"double\":42,\"path\":\"/w/u/p/test-flow\",\"q\":\"1\",\"h\":\"abc\"}"));
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.trace().releaseId()).isEqualTo("rel-1");
        assertThat(result.trace().workflowId()).isEqualTo("test-flow");
        assertThat(result.trace().nodes()).extracting(NodeTrace::nodeId).containsExactly("in", "calc", "out");
        assertThat(node(result, "calc").outputBytes()).isGreaterThan(10);
    }

    private static final String CONDITION_NODES = """
            [{"id":"in","type":"trigger.http"},
             {"id":"big","type":"condition","config":{"expression":"input.total > 100"}},
             {"id":"vip","type":"transform","config":{"expression":"{ 'review': true }"}},
             {"id":"ok","type":"respond","config":{"body":"nodes.vip"}},
             {"id":"plain","type":"respond","config":{"body":"{ 'review': false }"}}]""";
    private static final String CONDITION_EDGES = """
            [{"from":"in","to":"big"},{"from":"big","to":"vip","branch":"true"},
             {"from":"big","to":"plain","branch":"false"},{"from":"vip","to":"ok"}]""";

    @Test
    void execute_whenAResponseHeaderTemplateInsertsALineBreak_failsInsteadOfSplittingTheHeader() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"out","type":"respond","config":{"headers":{"X-Name":"{{ input.name }}"},"body":"1"}}]""",
                "[{\"from\":\"in\",\"to\":\"out\"}]", "{\"name\":\"a\\r\\nSet-Cookie: x=1\"}");

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.headers()).isEmpty();
        assertThat(result.trace().error().type()).isEqualTo("respond.invalid-header");
    }

    @Test
    void execute_whenConditionIsTrue_takesTheTrueBranchAndSkipsTheOther() {
        ExecutionResult result = run(CONDITION_NODES, CONDITION_EDGES, "{\"total\": 120}");

        assertThat(result.body()).isEqualTo(json("{\"review\":true}"));
        assertThat(node(result, "plain").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(node(result, "ok").status()).isEqualTo(NodeStatus.SUCCEEDED);
    }

    @Test
    void execute_whenConditionIsFalse_skipsTheTrueBranchTransitively() {
        ExecutionResult result = run(CONDITION_NODES, CONDITION_EDGES, "{\"total\": 5}");

        assertThat(result.body()).isEqualTo(json("{\"review\":false}"));
        assertThat(node(result, "vip").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(node(result, "ok").status()).isEqualTo(NodeStatus.SKIPPED);
    }

    private static final String SWITCH_NODES = """
            [{"id":"in","type":"trigger.http"},
             {"id":"tier","type":"switch","config":{"expression":"input.tier","cases":["gold","silver"]}},
             {"id":"g","type":"respond","config":{"body":"'gold'"}},
             {"id":"s","type":"respond","config":{"body":"'silver'"}},
             {"id":"d","type":"respond","config":{"body":"'other:' & nodes.tier"}}]""";
    private static final String SWITCH_EDGES = """
            [{"from":"in","to":"tier"},{"from":"tier","to":"g","branch":"gold"},
             {"from":"tier","to":"s","branch":"silver"},{"from":"tier","to":"d","branch":"default"}]""";

    @Test
    void execute_whenSwitchValueMatchesACase_followsThatCase() {
        assertThat(run(SWITCH_NODES, SWITCH_EDGES, "{\"tier\":\"silver\"}").body().asText()).isEqualTo("silver");
        assertThat(run(SWITCH_NODES, SWITCH_EDGES, "{\"tier\":\"gold\"}").body().asText()).isEqualTo("gold");
    }

    @Test
    void execute_whenSwitchValueMatchesNoCase_followsDefault() {
        ExecutionResult result = run(SWITCH_NODES, SWITCH_EDGES, "{\"tier\":\"bronze\"}");

        assertThat(result.body().asText()).isEqualTo("other:bronze");
        assertThat(node(result, "g").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(node(result, "s").status()).isEqualTo(NodeStatus.SKIPPED);
    }

    @Test
    void execute_whenMergeHasTwoActiveInputs_waitsForBothAndCollectsOutputsById() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"slow","type":"delay","config":{"ms":150}},
                 {"id":"fast","type":"transform","config":{"expression":"'quick'"}},
                 {"id":"join","type":"merge"},
                 {"id":"out","type":"respond","config":{"body":"nodes.join"}}]""", """
                [{"from":"in","to":"slow"},{"from":"in","to":"fast"},{"from":"slow","to":"join"},
                 {"from":"fast","to":"join"},{"from":"join","to":"out"}]""", "{}");

        assertThat(result.body()).isEqualTo(json("{\"slow\":{\"delayedMs\":150},\"fast\":\"quick\"}"));
        assertThat(node(result, "slow").durationMicros()).isGreaterThanOrEqualTo(140_000);
        List<String> order = result.trace().nodes().stream().map(NodeTrace::nodeId).toList();
        assertThat(order.indexOf("join")).isGreaterThan(order.indexOf("slow"));
    }

    @Test
    void execute_whenOneMergeInputIsOnANotTakenBranch_mergesOnlyTheActiveInput() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"c","type":"condition","config":{"expression":"input.go"}},
                 {"id":"a","type":"transform","config":{"expression":"'A'"}},
                 {"id":"b","type":"transform","config":{"expression":"'B'"}},
                 {"id":"join","type":"merge"},
                 {"id":"out","type":"respond","config":{"body":"nodes.join"}}]""", """
                [{"from":"in","to":"c"},{"from":"c","to":"a","branch":"true"},{"from":"c","to":"b","branch":"false"},
                 {"from":"a","to":"join"},{"from":"b","to":"join"},{"from":"join","to":"out"}]""", "{\"go\": false}");

        assertThat(result.body()).isEqualTo(json("{\"b\":\"B\"}"));
        assertThat(node(result, "a").status()).isEqualTo(NodeStatus.SKIPPED);
    }

    @Test
    void execute_whenBranchesFanOut_runsBlockingNodesInParallel() {
        long start = System.nanoTime();
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"d1","type":"delay","config":{"ms":300}},
                 {"id":"d2","type":"delay","config":{"ms":300}},
                 {"id":"d3","type":"delay","config":{"ms":300}},
                 {"id":"d4","type":"delay","config":{"ms":300}},
                 {"id":"join","type":"merge"},
                 {"id":"out","type":"respond","config":{"body":"$count($keys(nodes.join))"}}]""", """
                [{"from":"in","to":"d1"},{"from":"in","to":"d2"},{"from":"in","to":"d3"},{"from":"in","to":"d4"},
                 {"from":"d1","to":"join"},{"from":"d2","to":"join"},{"from":"d3","to":"join"},{"from":"d4","to":"join"},
                 {"from":"join","to":"out"}]""", "{}");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.body().asInt()).isEqualTo(4);
        assertThat(ms).isLessThan(1_000); // one after the other would take 1200 ms
    }

    @Test
    void execute_whenFanOutExceedsTheParallelBound_runsTheExtraNodesAfterOthersFinish() {
        EngineSettings d = EngineSettings.defaults();
        WorkflowEngine serial = new WorkflowEngine(new EngineSettings(d.defaultWorkflowTimeoutMs(), d.defaultNodeTimeoutMs(),
                d.expressionTimeoutMs(), d.expressionMaxDepth(), d.maxResponseBytes(), d.allowedPrivateHosts(), 1,
                d.maxDelayMs(), d.maxRedirects()), InMemorySecretProvider.empty());
        long start = System.nanoTime();
        ExecutionResult result = serial.execute(serial.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"d1","type":"delay","config":{"ms":200}},
                 {"id":"d2","type":"delay","config":{"ms":200}},
                 {"id":"join","type":"merge"},
                 {"id":"out","type":"respond","config":{"body":"$count($keys(nodes.join))"}}]""", """
                [{"from":"in","to":"d1"},{"from":"in","to":"d2"},{"from":"d1","to":"join"},{"from":"d2","to":"join"},
                 {"from":"join","to":"out"}]"""), "r", "v"), request("{}"));

        assertThat(result.body().asInt()).isEqualTo(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void prepare_whenADelayExceedsTheLimit_rejectsTheRelease() {
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},{"id":"nap","type":"delay","config":{"ms":300001}},
                 {"id":"o","type":"respond"}]""", "[{\"from\":\"in\",\"to\":\"nap\"},{\"from\":\"nap\",\"to\":\"o\"}]"), "r", "v"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("'nap'", "300000"));
    }

    @Test
    void execute_whenTwoRespondsAreReachable_theFirstReachedAnswersWithoutWaitingForTheOther() {
        long start = System.nanoTime();
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"now","type":"respond","config":{"status":202,"body":"'first'"}},
                 {"id":"wait","type":"delay","config":{"ms":5000}},
                 {"id":"late","type":"respond","config":{"body":"'second'"}}]""", """
                [{"from":"in","to":"now"},{"from":"in","to":"wait"},{"from":"wait","to":"late"}]""", "{}");

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body().asText()).isEqualTo("first");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void execute_whenFailNodeIsReached_answersItsStatusAndMessageAsFailed() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"no","type":"fail","config":{"status":409,"message":"Order {{ input.id }} already exists"}}]""", """
                [{"from":"in","to":"no"}]""", "{\"id\":\"A-1\"}");

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.body().at("/error/message").asText()).isEqualTo("Order A-1 already exists");
        assertThat(result.body().at("/error/nodeId").asText()).isEqualTo("no");
        assertThat(result.trace().error().message()).isEqualTo("Order A-1 already exists");
    }

    @Test
    void execute_whenNoRespondIsReached_answers500NamingThePathThatEnded() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"c","type":"condition","config":{"expression":"true"}},
                 {"id":"work","type":"transform","config":{"expression":"1"}},
                 {"id":"out","type":"respond","config":{"body":"1"}}]""", """
                [{"from":"in","to":"c"},{"from":"c","to":"work","branch":"true"},{"from":"c","to":"out","branch":"false"}]""", "{}");

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.body().at("/error/code").asText()).isEqualTo("workflow.no-response");
        assertThat(result.body().at("/error/message").asText()).contains("in -> c -> work");
        assertThat(result.body().at("/error/path")).isEqualTo(json("[\"in\",\"c\",\"work\"]"));
    }

    @Test
    void execute_whenANodeFailsWithAnErrorBranch_followsTheErrorBranchWithTheError() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"risky","type":"transform","config":{"expression":"$error('out of stock')"}},
                 {"id":"ok","type":"respond","config":{"body":"'fine'"}},
                 {"id":"sorry","type":"respond","config":{"status":503,"body":"{ 'code': nodes.risky.error.code, 'why': nodes.risky.error.message }"}}]""", """
                [{"from":"in","to":"risky"},{"from":"risky","to":"ok"},{"from":"risky","to":"sorry","branch":"error"}]""", "{}");

        assertThat(result.status()).isEqualTo(503);
        assertThat(result.body().get("code").asText()).isEqualTo("expression.evaluation");
        assertThat(result.body().get("why").asText()).contains("out of stock");
        assertThat(node(result, "risky").status()).isEqualTo(NodeStatus.FAILED);
        assertThat(node(result, "risky").error().stackTrace()).contains("ExpressionEvaluationException");
        assertThat(node(result, "ok").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void execute_whenANodeFailsWithoutAnErrorBranch_failsTheExecutionNamingTheNode() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"risky","type":"transform","config":{"expression":"$error('out of stock')"}},
                 {"id":"ok","type":"respond","config":{"body":"'fine'"}}]""", """
                [{"from":"in","to":"risky"},{"from":"risky","to":"ok"}]""", "{}");

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.body().at("/error/nodeId").asText()).isEqualTo("risky");
        assertThat(result.body().at("/error/message").asText()).contains("out of stock");
        assertThat(result.trace().error().type()).isEqualTo("expression.evaluation");
    }

    @Test
    void execute_whenAnExpressionRecursesForever_endsQuicklyWithAClearError() {
        WorkflowEngine bounded = new WorkflowEngine(EngineSettings.defaults().withTimeouts(10_000, 5_000, 300),
                InMemorySecretProvider.empty());
        for (String expression : List.of("($f := function($n){$f($n+1)}; $f(0))", "($f := function($n){1 + $f($n+1)}; $f(0))")) {
            long start = System.nanoTime();
            ExecutionResult result = bounded.execute(bounded.prepare(workflow("""
                    [{"id":"in","type":"trigger.http"},
                     {"id":"loop","type":"transform","config":{"expression":"%s"}},
                     {"id":"out","type":"respond","config":{"body":"1"}}]""".formatted(expression), """
                    [{"from":"in","to":"loop"},{"from":"loop","to":"out"}]"""), "r", "v"), request("{}"));
            long ms = (System.nanoTime() - start) / 1_000_000;

            // The expression bound (300 ms of CPU) ends it, not the workflow's 10 s: the error type says which bound
            // fired, and the wall-clock ceiling leaves room for a machine whose cores are shared with other work.
            assertThat(ms).isLessThan(8_000);
            assertThat(result.status()).isEqualTo(500);
            assertThat(result.trace().error().type()).isIn("expression.timeout", "expression.depth");
            assertThat(result.body().at("/error/message").asText()).containsAnyOf("ran longer than", "nested deeper than");
        }
    }

    @Test
    void execute_whenWorkflowTimeoutElapses_endsTimedOutWithoutWaitingForTheDelay() {
        long start = System.nanoTime();
        ExecutionResult result = engine.execute(engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"wait","type":"delay","config":{"ms":10000}},
                 {"id":"out","type":"respond","config":{"body":"1"}}]""", """
                [{"from":"in","to":"wait"},{"from":"wait","to":"out"}]""", "[]", "{\"timeoutMs\": 300}"), "r", "v"), request("{}"));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.body().at("/error/code").asText()).isEqualTo("workflow.timeout");
        assertThat(ms).isBetween(250L, 2_000L);
    }

    @Test
    void execute_whenAnExpressionOutlastsTheWorkflowTimeout_endsTimedOutAtTheWorkflowDeadline() {
        WorkflowEngine patient = new WorkflowEngine(EngineSettings.defaults().withTimeouts(10_000, 10_000, 10_000),
                InMemorySecretProvider.empty());
        long start = System.nanoTime();
        ExecutionResult result = patient.execute(patient.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"spin","type":"transform","config":{"expression":"($f := function($n){$f($n+1)}; $f(0))"}},
                 {"id":"out","type":"respond","config":{"body":"1"}}]""", """
                [{"from":"in","to":"spin"},{"from":"spin","to":"out"}]""", "[]", "{\"timeoutMs\": 300}"), "r", "v"), request("{}"));

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(node(result, "spin").status()).isEqualTo(NodeStatus.TIMED_OUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void execute_whenInputViolatesTheSchema_rejectsWith400ListingEveryViolation() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http","config":{"inputSchema":{"type":"object","required":["orderId","total"],
                   "properties":{"orderId":{"type":"string"},"total":{"type":"number"}}}}},
                 {"id":"out","type":"respond","config":{"body":"1"}}]""", """
                [{"from":"in","to":"out"}]""", "{\"total\":\"lots\"}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(result.trace().nodes()).isEmpty();
        assertThat(result.body().at("/error/code").asText()).isEqualTo("input.invalid");
        assertThat(result.body().at("/error/violations")).hasSize(2);
        assertThat(result.body().at("/error/violations").findValuesAsText("path")).contains("$.total");
        assertThat(result.body().at("/error/violations").toString()).contains("orderId");
    }

    @Test
    void execute_whenInputMatchesTheSchema_runs() {
        ExecutionResult result = run("""
                [{"id":"in","type":"trigger.http","config":{"inputSchema":{"type":"object","required":["total"],
                   "properties":{"total":{"type":"number"}}}}},
                 {"id":"out","type":"respond","config":{"body":"input.total"}}]""", """
                [{"from":"in","to":"out"}]""", "{\"total\": 12.5}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().asDouble()).isEqualTo(12.5);
    }

    @Test
    void prepare_whenTheReleaseCannotRun_throws422NamingTheNode() {
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},{"id":"bad","type":"transform","config":{"expression":"{ 'a': "}}]""",
                "[{\"from\":\"in\",\"to\":\"bad\"}]"), "r", "v"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("'bad'");
                });
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},{"id":"odd","type":"teleport"}]""", "[]"), "r", "v"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("'odd'", "teleport"));
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},{"id":"a","type":"transform","config":{"expression":"1"}},
                 {"id":"b","type":"transform","config":{"expression":"1"}}]""",
                "[{\"from\":\"in\",\"to\":\"a\"},{\"from\":\"a\",\"to\":\"b\"},{\"from\":\"b\",\"to\":\"a\"}]"), "r", "v"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("cycle"));
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},{"id":"c","type":"condition","config":{"expression":"true"}},
                 {"id":"o","type":"respond"}]""", "[{\"from\":\"in\",\"to\":\"c\"},{\"from\":\"c\",\"to\":\"o\"}]"), "r", "v"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("'c'", "no branch"));
    }

    @Test
    void prepare_whenGivenEveryValidSample_compilesIt() throws Exception {
        Path samples = Path.of("../../samples/workflows/valid");
        List<Path> files;
        try (Stream<Path> listing = Files.list(samples)) {
            files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            ExecutableWorkflow release = engine.prepare(new WorkflowParser().parse(Files.readString(file)), "r", "v");
            assertThat(release.workflowId()).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void prepare_whenTheInputSchemaReferencesARemoteDocument_refusesToFetchIt() {
        assertThatThrownBy(() -> engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http","config":{"inputSchema":{"$ref":"http://127.0.0.1:9/schema.json"}}},
                 {"id":"o","type":"respond"}]""", "[{\"from\":\"in\",\"to\":\"o\"}]"), "r", "v").toString())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("'in'", "inputSchema"));
    }

    @Test
    void execute_whenManyThreadsRunTheSameRelease_eachGetsItsOwnResult() throws Exception {
        ExecutableWorkflow release = engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"calc","type":"transform","config":{"expression":"{ 'id': input.id, 'sq': input.id * input.id }"}},
                 {"id":"out","type":"respond","config":{"body":"nodes.calc"}}]""", """
                [{"from":"in","to":"calc"},{"from":"calc","to":"out"}]"""), "r", "v");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                int id = i;
                checks.add(pool.submit(() -> {
                    ExecutionResult r = engine.execute(release, request("{\"id\": " + id + "}"));
                    return r.body().get("id").asInt() == id && r.body().get("sq").asLong() == (long) id * id;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        }
    }

    @Test
    void execute_whenTheWorkflowMutatesAConstantBody_otherExecutionsStillSeeTheOriginal() {
        ExecutableWorkflow release = engine.prepare(workflow("""
                [{"id":"in","type":"trigger.http"},
                 {"id":"out","type":"respond","config":{"body":"{ 'n': input.n }"}}]""", "[{\"from\":\"in\",\"to\":\"out\"}]"), "r", "v");

        assertThat(engine.execute(release, request("{\"n\":1}")).body()).isEqualTo(json("{\"n\":1}"));
        assertThat(engine.execute(release, request("{\"n\":2}")).body()).isEqualTo(json("{\"n\":2}"));
        assertThat(Map.of("trace", engine.execute(release, request("{\"n\":3}")).trace().executionId())).isNotEmpty();
    }
}
