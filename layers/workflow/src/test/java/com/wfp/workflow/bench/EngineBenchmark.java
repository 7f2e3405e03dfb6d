package com.wfp.workflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.ExecutableWorkflow;
import com.wfp.workflow.engine.ExecutionRequest;
import com.wfp.workflow.engine.ExecutionResult;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.secrets.InMemorySecretProvider;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * In-process executions per second of {@code trigger.http -> transform -> respond} (input parsed
 * from bytes, executed, response body serialized to bytes), against a baseline that only parses
 * the same input and serializes the same output. Single thread; stops by itself in about 30 s.
 *
 * <p>Run: {@code ./wfp bench EngineBenchmark}, or with the module's test class path:
 * {@code java -cp ... com.wfp.workflow.bench.EngineBenchmark}.
 */
public final class EngineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] INPUT = """
            {"orderId":"A-1","customerId":"C-7","total":120.5,"items":[{"sku":"X1","qty":2},{"sku":"Y9","qty":1}]}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final String WORKFLOW = """
            {"format":1,"id":"bench","nodes":[
              {"id":"in","type":"trigger.http","config":{"method":"POST","inputSchema":{"type":"object",
                 "required":["orderId","total"],"properties":{"orderId":{"type":"string"},"total":{"type":"number"}}}}},
              {"id":"score","type":"transform","config":{"expression":
                 "{ 'orderId': input.orderId, 'review': input.total > 100, 'items': $count(input.items) }"}},
              {"id":"out","type":"respond","config":{"status":200,"body":"nodes.score"}}],
             "edges":[{"from":"in","to":"score"},{"from":"score","to":"out"}]}""";

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long phaseMs = args.length > 0 ? Long.parseLong(args[0]) : 5_000;
        WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), InMemorySecretProvider.empty());
        ExecutableWorkflow release = engine.prepare(new WorkflowParser().parse(WORKFLOW), "rel-bench", "v1");
        byte[] expectedOutput = JSON.writeValueAsBytes(JSON.readTree("{\"orderId\":\"A-1\",\"review\":true,\"items\":2}"));

        ExecutionResult check = engine.execute(release, request(JSON.readTree(INPUT)));
        if (check.status() != 200 || !check.body().equals(JSON.readTree(expectedOutput))) {
            throw new IllegalStateException("The benchmark workflow answered " + check.status() + " " + check.body());
        }

        // Warm up both paths, then measure each twice, alternating, and keep the better run of each.
        measureBaseline(phaseMs / 2, expectedOutput);
        measureEngine(phaseMs / 2, engine, release);
        double baseline = 0;
        double executions = 0;
        for (int round = 0; round < 2; round++) {
            baseline = Math.max(baseline, measureBaseline(phaseMs, expectedOutput));
            executions = Math.max(executions, measureEngine(phaseMs, engine, release));
        }
        System.out.printf("baseline (parse input + serialize output): %,.0f ops/s%n", baseline);
        System.out.printf("engine   (trigger.http -> transform -> respond, schema checked, traced): %,.0f executions/s%n", executions);
        System.out.printf("ratio engine/baseline: %.3f (the engine costs %.1f us per execution beyond the baseline's %.1f us)%n",
                executions / baseline, 1e6 / executions - 1e6 / baseline, 1e6 / baseline);
    }

    private static ExecutionRequest request(JsonNode input) {
        return new ExecutionRequest("bench", "POST", "/w/u/p/bench", Map.of("content-type", "application/json"), Map.of(), input, false);
    }

    private static double measureBaseline(long ms, byte[] output) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000;
        long count = 0;
        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                JsonNode input = JSON.readTree(INPUT);
                JsonNode answer = JSON.readTree(output);
                sink += input.size() + JSON.writeValueAsBytes(answer).length;
            }
            count += 100;
        }
        return rate(count, start, sink);
    }

    private static double measureEngine(long ms, WorkflowEngine engine, ExecutableWorkflow release) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000;
        long count = 0;
        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                ExecutionResult result = engine.execute(release, request(JSON.readTree(INPUT)));
                sink += JSON.writeValueAsBytes(result.body()).length + result.trace().nodes().size();
            }
            count += 100;
        }
        return rate(count, start, sink);
    }

    private static double rate(long count, long start, long sink) {
        if (sink == 42) {
            System.out.print("");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
