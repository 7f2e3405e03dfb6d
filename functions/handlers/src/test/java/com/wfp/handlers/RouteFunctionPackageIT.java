package com.wfp.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.adapters.aws.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda deployment package, {@code target/wfp-functions.jar}, run as Lambda runs it: the
 * route function's class loaded by name in a JVM of its own, built by its no-arg constructor
 * from nothing but environment variables, against moto_server and a real pod.
 */
class RouteFunctionPackageIT {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path PACKAGE = BASEDIR.resolve("target/wfp-functions.jar");

    private AwsRouteFixture aws;

    @BeforeEach
    void setUp() throws Exception {
        aws = new AwsRouteFixture();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run invoke(Map<String, String> environment, String fixture) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + AwsRouteFixture.HOSTS_FILE,
                "-cp", PACKAGE + java.io.File.pathSeparator + BASEDIR.resolve("target/test-classes"),
                LambdaInvoker.class.getName(), RouteHandler.class.getName(),
                BASEDIR.resolve("src/test/resources/events/" + fixture).toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("AWS_REGION", MotoServer.REGION.id());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("AWS_ENDPOINT_URL", MotoServer.shared().endpoint().toString());
        Path stderr = Files.createTempFile("route-function-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The route function did not answer in 60 s");
        }
        Run run = new Run(process.exitValue(), stdout, Files.readString(stderr));
        Files.delete(stderr);
        return run;
    }

    @Test
    void routeFunction_builtFromItsEnvironment_answersFromTheLiveRelease() throws Exception {
        assertThat(PACKAGE).as("the package is built before the ITs run").exists();

        Run run = invoke(aws.environment(), "route-routed.json");

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        JsonNode metrics = ReportJson.mapper().readTree(lines.getFirst());
        assertThat(metrics.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo(EmfForwardedCalls.NAMESPACE);
        assertThat(metrics.path("ReleaseId").asText()).isEqualTo(aws.v1.id().value());
        JsonNode response = ReportJson.mapper().readTree(lines.getLast());
        assertThat(response.path("statusCode").asInt()).as(run.stdout()).isEqualTo(200);
        assertThat(response.path("headers").path("X-Workflow-Version").asText()).isEqualTo("v1.0.0");
        assertThat(response.path("body").asText()).contains("Hello, Ada");
    }

    @Test
    void routeFunction_withoutItsTable_failsToStartNamingTheVariable() throws Exception {
        Map<String, String> environment = aws.environment();
        environment.remove(AwsRouting.TABLE);

        Run run = invoke(environment, "route-routed.json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains(AwsRouting.TABLE).contains("route function");
    }
}
