package com.wfp.pod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static com.wfp.pod.RunningPod.json;
import static org.assertj.core.api.Assertions.assertThat;

/** One caller's hostile expression costs that caller a prompt error, never the pod's cores or its other runs. */
class HostileExpressionTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "$pad('', 2000000000)",
            "$pad('x', -100000000, '#')",
            "$join([$pad('', 9000000), $pad('', 9000000)])",
            "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('ab', 40))"
    })
    void run_whenAnExpressionBuildsAHugeValue_answersPromptlyAndTheOtherWorkflowsStillServe(String expression) throws Exception {
        try (RunningPod pod = new RunningPod(PodSettings.defaults(RunningPod.TOKEN))) {
            pod.load("hostile", "hostile", "v1", TestWorkflows.transforming("hostile", expression));
            pod.load("fast", "greeter", "v1", TestWorkflows.greeter("greeter"));

            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> hostile = CompletableFuture.supplyAsync(() -> pod.run("hostile", "{}"));
            HttpResponse<String> greeting = pod.run("fast", "{\"name\": \"Ada\"}");
            HttpResponse<String> refused = hostile.get();
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(greeting.statusCode()).isEqualTo(200);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
            assertThat(refused.body()).contains("expression.value-too-large").contains("may build at most");
            assertThat(millis).as("ms until the hostile run was answered").isLessThan(10_000);
        }
    }

    @Test
    void run_whenAnExpressionLoopsForever_isStoppedAtTheExpressionBound() throws Exception {
        try (RunningPod pod = new RunningPod(PodSettings.defaults(RunningPod.TOKEN))) {
            pod.load("loop", "loop", "v1", TestWorkflows.transforming("loop", "($f := function($n){ $f($n + 1) }; $f(0))"));

            long start = System.nanoTime();
            HttpResponse<String> stopped = pod.run("loop", "{}");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(500);
            assertThat(json(stopped).toString()).contains("expression.timeout");
            assertThat(millis).as("ms until stopped").isLessThan(15_000);
        }
    }
}
