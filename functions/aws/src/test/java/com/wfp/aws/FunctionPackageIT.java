package com.wfp.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.telemetry.EmfForwardedCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda deployment package, {@code target/wfp-aws-functions.jar}, run as Lambda runs it: each
 * function's class loaded by name in a JVM of its own, built by its no-arg constructor from nothing
 * but environment variables, against moto_server and a real pod, and handed one event. Without its
 * environment every function fails its init naming the variable it misses.
 */
class FunctionPackageIT {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path PACKAGE = BASEDIR.resolve("target/wfp-aws-functions.jar");
    static final String ADMIN_TOKEN = "fixture-token";

    private static final String TELEMETRY_LOG_GROUP = "/wfp/package-it/" + java.util.UUID.randomUUID() + "/telemetry";

    private static AwsRouteFixture aws;
    private static software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient logs;

    @BeforeAll
    static void setUp() throws Exception {
        aws = new AwsRouteFixture();
        logs = MotoServer.shared().configure(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder())
                .build();
        com.wfp.adapters.aws.telemetry.CloudWatchLogsTelemetryStore.createLogGroup(logs, TELEMETRY_LOG_GROUP, 1);
    }

    @AfterAll
    static void tearDown() {
        aws.close();
        logs.deleteLogGroup(b -> b.logGroupName(TELEMETRY_LOG_GROUP));
        logs.close();
    }

    private record Run(int exit, String stdout, String stderr) {
        JsonNode answer() throws IOException {
            List<String> lines = stdout.lines().toList();
            return Events.JSON.readTree(lines.getLast());
        }
    }

    /** Every function class, the event it is handed, and the variable it names when its environment is empty. */
    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of(ValidateFunction.class, "validate-valid-workflow.json", AwsPlatform.ADMIN_TOKEN_SHA256),
                Arguments.of(RouteFunction.class, "route-routed.json", AwsPlatform.TABLE),
                Arguments.of(AuthorizerFunction.class, "authorizer-greeting.json", AwsPlatform.TABLE),
                Arguments.of(PublishFunction.class, "deployment-status.json", AwsPlatform.TABLE),
                Arguments.of(DeployWorkerFunction.class, "deploy-worker-empty.json", AwsPlatform.TABLE),
                Arguments.of(RollbackFunction.class, "canary-alarm-other.json", AwsPlatform.TABLE),
                Arguments.of(ControlApiFunction.class, "health.json", AwsPlatform.TABLE),
                Arguments.of(PodAddressFunction.class, "ecs-task-running.json", AwsPlatform.TABLE),
                Arguments.of(RolloutTickFunction.class, "schedule-tick.json", AwsPlatform.TABLE),
                Arguments.of(PodTelemetryFunction.class, "pod-log-subscription.json", AwsPlatform.TELEMETRY_LOG_GROUP),
                Arguments.of(AlertTickFunction.class, "schedule-tick.json", AwsPlatform.TABLE));
    }

    /** Everything the stack sets, pointed at moto_server and the fixture's table. */
    private static Map<String, String> fullEnvironment() {
        Map<String, String> environment = new HashMap<>(aws.environment());
        environment.put(AwsPlatform.EVENT_BUS, "wfp-package-it");
        environment.put(AwsPlatform.PUBLIC_BASE_URL, "https://api.example.com");
        environment.put(AwsPlatform.DEPLOY_WORKER_FUNCTION, "wfp-deploy-worker");
        environment.put(AwsPlatform.ECS_CLUSTER, "wfp");
        environment.put(AwsPlatform.POD_IMAGE, "000000000000.dkr.ecr.us-east-1.amazonaws.com/wfp-pod:1");
        environment.put(AwsPlatform.POD_SUBNETS, "subnet-0a1b2c3d,subnet-1a2b3c4d");
        environment.put(AwsPlatform.POD_SECURITY_GROUP, "sg-0a1b2c3d");
        environment.put(AwsPlatform.POD_EXECUTION_ROLE_ARN, "arn:aws:iam::000000000000:role/wfp-pod-execution");
        environment.put(AwsPlatform.POD_LOG_GROUP, "/wfp/pods");
        environment.put(AwsPlatform.TELEMETRY_LOG_GROUP, TELEMETRY_LOG_GROUP);
        environment.put(AwsPlatform.ADMIN_TOKEN_SHA256, HexFormat.of().formatHex(ControlDispatch.sha256(ADMIN_TOKEN)));
        return environment;
    }

    private static Run invoke(Class<?> function, Map<String, String> environment, String fixture)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", PACKAGE + java.io.File.pathSeparator + BASEDIR.resolve("target/test-classes"),
                LambdaInvoker.class.getName(), function.getName(),
                BASEDIR.resolve("src/test/resources/events/" + fixture).toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("AWS_REGION", MotoServer.REGION.id());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        Path stderr = Files.createTempFile("function-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(function.getSimpleName() + " did not answer in 60 s");
        }
        Run run = new Run(process.exitValue(), stdout, Files.readString(stderr));
        Files.delete(stderr);
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void function_builtFromItsEnvironment_answersItsEvent(Class<?> function, String fixture, String firstVariable)
            throws Exception {
        assertThat(PACKAGE).as("the package is built before the ITs run").exists();

        Run run = invoke(function, fullEnvironment(), fixture);

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode answer = run.answer();
        if (answer.has("errorMessage")) {
            // Only the authorizer answers by throwing: API Gateway turns "Unauthorized" into a 401.
            assertThat(function).isEqualTo(AuthorizerFunction.class);
            assertThat(answer.path("errorMessage").asText()).isEqualTo("Unauthorized");
        } else {
            assertThat(answer.isObject()).as(run.stdout()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void function_withoutItsEnvironment_failsItsInitNamingTheVariable(Class<?> function, String fixture,
                                                                     String firstVariable) throws Exception {
        Run run = invoke(function, Map.of(), fixture);

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stderr()).contains(firstVariable).contains("function has no");
    }

    @Test
    void routeFunction_builtFromItsEnvironment_answersFromTheLiveReleaseWithItsMetricsLine() throws Exception {
        Run run = invoke(RouteFunction.class, fullEnvironment(), "route-routed.json");

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        JsonNode metrics = Events.JSON.readTree(lines.getFirst());
        assertThat(metrics.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo(EmfForwardedCalls.NAMESPACE);
        assertThat(metrics.path("ReleaseId").asText()).isEqualTo(aws.v1.id().value());
        JsonNode response = run.answer();
        assertThat(response.path("statusCode").asInt()).as(run.stdout()).isEqualTo(200);
        assertThat(response.path("headers").path("X-Workflow-Version").asText()).isEqualTo("v1.0.0");
        assertThat(response.path("body").asText()).contains("Hello, Ada");
    }

    @Test
    void controlApiFunction_withoutTheSecretsKey_failsItsInitNamingTheSecret() throws Exception {
        Map<String, String> environment = fullEnvironment();
        environment.remove(AwsPlatform.SECRETS_KEY);

        Run run = invoke(ControlApiFunction.class, environment, "health.json");

        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stderr()).contains(AwsPlatform.SECRETS_KEY_ARN).contains("function has no");
    }

    @Test
    void consoleFunction_withNoEnvironmentAtAll_answersThePageAndItsModulesFromThePackage() throws Exception {
        Run page = invoke(ConsoleFunction.class, Map.of(), "console-page.json");

        assertThat(page.exit()).as(page.stderr()).isZero();
        JsonNode response = page.answer();
        assertThat(response.path("statusCode").asInt()).as(page.stdout()).isEqualTo(200);
        assertThat(response.path("headers").path("Content-Security-Policy").asText())
                .isEqualTo(com.wfp.handlers.console.ConsoleAssets.CONTENT_SECURITY_POLICY);
        assertThat(response.path("body").asText()).isEqualTo(Files.readString(
                BASEDIR.resolve("../local/src/main/resources/com/wfp/local/console/index.html")));

        Run chart = invoke(ConsoleFunction.class, Map.of(), "console-chart.json");
        assertThat(chart.answer().path("statusCode").asInt()).as(chart.stderr()).isEqualTo(200);
        assertThat(chart.answer().path("body").asText()).contains("export { uPlot as default }");
    }

    @Test
    void consoleFunction_fromThePackage_answersTheDocsPageAndSwaggerUiFromItsWebjar() throws Exception {
        Run page = invoke(ConsoleFunction.class, Map.of(), "docs-page.json");

        assertThat(page.exit()).as(page.stderr()).isZero();
        assertThat(page.answer().path("statusCode").asInt()).as(page.stdout()).isEqualTo(200);
        assertThat(page.answer().path("body").asText()).isEqualTo(Files.readString(
                BASEDIR.resolve("../local/src/main/resources/com/wfp/local/docs/index.html")));

        Run style = invoke(ConsoleFunction.class, Map.of(), "docs-swagger.json");
        assertThat(style.answer().path("statusCode").asInt()).as(style.stderr()).isEqualTo(200);
        assertThat(style.answer().path("body").asText()).contains(".swagger-ui");
    }

    @Test
    void podTelemetryFunction_builtFromItsEnvironment_readsTheBatchAndSkipsALineOfAnUnknownRelease() throws Exception {
        Run run = invoke(PodTelemetryFunction.class, fullEnvironment(), "pod-log-subscription.json");

        JsonNode answer = run.answer();
        assertThat(answer.path("logStream").asText()).as(run.stdout()).startsWith("ada/pod/");
        assertThat(answer.path("executions").asInt()).isZero();
        assertThat(answer.path("skipped").asInt()).isEqualTo(1);
        assertThat(answer.path("unreadable").asInt()).isZero();
    }

    @Test
    void validateFunction_withTheAdminToken_answersTheReport() throws Exception {
        Run run = invoke(ValidateFunction.class, fullEnvironment(), "validate-valid-workflow.json");

        JsonNode response = run.answer();
        assertThat(response.path("statusCode").asInt()).as(run.stdout()).isEqualTo(200);
        assertThat(Events.JSON.readTree(response.path("body").asText()).path("valid").asBoolean()).isTrue();
    }
}
