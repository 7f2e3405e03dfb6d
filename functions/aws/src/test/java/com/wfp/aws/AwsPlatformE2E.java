package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.events.EventBridgeEventBus;
import com.wfp.adapters.aws.pod.EcsPodSettings;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.adapters.aws.telemetry.CloudWatchLogsTelemetryStore;
import com.wfp.adapters.aws.telemetry.CloudWatchProductionMonitoring;
import com.wfp.adapters.aws.telemetry.LogSubscriptions;
import com.wfp.adapters.aws.telemetry.PodLogForwarder;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import com.wfp.platform.notify.WebhookSignature;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.wfp.workflow.secrets.SecretStoreKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform on AWS, shaped as it runs there, on this machine: the real functions handed API
 * Gateway proxy events (fixtures under {@code src/test/resources/events}), the AWS adapters on
 * moto_server (DynamoDB, EventBridge, ECS, Secrets Manager), the publish function handing its
 * steps to the deploy worker through an asynchronous Lambda invoke (a local stand-in for Lambda's
 * Invoke API), and pods as local processes of the pod jar standing in for the Fargate tasks: a
 * stand-in ECS agent starts one when a pod service wants a task, with the token its task definition
 * takes from Secrets Manager, and reports it to the registrar function with the ECS task state
 * change event a real task sends. Publish, call the production URL, publish a canary, let its
 * alarm roll it back, and see the route function follow within its routing max age. Everything
 * created on the endpoint is deleted at the end.
 */
class AwsPlatformE2E {

    private static final String ADMIN_TOKEN = "fixture-token";
    private static final long ROUTING_MAX_AGE_MS = 300;
    private static final Path POD_JAR = Path.of(System.getProperty("basedir", "."), "../pod/target/wfp-pod.jar");

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String TABLE = "wfp-e2e-" + SUFFIX;
    private static final String BUS = "wfp-e2e-" + SUFFIX;
    private static final String CLUSTER = "wfp-e2e-" + SUFFIX;
    private static final String SECRET_PREFIX = "wfp-e2e-" + SUFFIX + "/pod-token/";
    private static final String TELEMETRY_LOG_GROUP = "/wfp/e2e-" + SUFFIX + "/telemetry";
    private static final String POD_LOG_GROUP = "/wfp/e2e-" + SUFFIX + "/pods";

    private static DynamoDbClient dynamo;
    private static EcsClient ecs;
    private static SecretsManagerClient secrets;
    private static EventBridgeClient eventBridge;
    private static Ec2Client ec2;
    private static CloudWatchLogsClient logs;
    private static CloudWatchClient cloudWatch;
    private static final WorkflowRef GREETING = new WorkflowRef("ada", "shop", "greeting");
    private static final WorkflowRef ALERTING = new WorkflowRef("ada", "shop", "alerting");
    private static final WorkflowRef VAULT = new WorkflowRef("ada", "shop", "vault");
    private static String vpc;
    private static String subnet;
    private static String securityGroup;
    private static HttpServer lambdaInvoke;
    private static final ExecutorService asyncInvokes = Executors.newCachedThreadPool();
    private static final ScheduledExecutorService ecsAgent = Executors.newSingleThreadScheduledExecutor();
    private static final Map<String, Process> tasks = new ConcurrentHashMap<>();
    /** Each task's output as the awslogs driver ships it: the file, its stream and how far it was shipped. */
    private static final Map<String, ShippedOutput> taskOutputs = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService awslogs = Executors.newSingleThreadScheduledExecutor();
    private static LogSubscriptions podLogSubscription;
    private static PodTelemetryFunction podTelemetry;
    private static RolloutTickFunction rolloutTick;
    private static final List<Throwable> agentFailures = new ArrayList<>();

    private static PublishFunction publish;
    private static RouteFunction route;
    private static RollbackFunction rollback;
    private static PodAddressFunction registrar;
    private static ControlApiFunction controlApi;
    private static AuthorizerFunction authorizer;
    private static AlertTickFunction alertTick;
    private static EmfCloudWatch emfCloudWatch;
    private static String secretsKeyArn;

    @BeforeAll
    static void startPlatform() throws Exception {
        assertThat(POD_JAR).as("the pod jar is built before the E2E tests run").exists();
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        MotoServer moto = MotoServer.shared();
        dynamo = moto.configure(DynamoDbClient.builder()).build();
        ecs = moto.configure(EcsClient.builder()).build();
        secrets = moto.configure(SecretsManagerClient.builder()).build();
        eventBridge = moto.configure(EventBridgeClient.builder()).build();
        ec2 = moto.configure(Ec2Client.builder()).build();
        vpc = ec2.createVpc(b -> b.cidrBlock("10.43.0.0/16")).vpc().vpcId();
        subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.43.1.0/24")).subnet().subnetId();
        securityGroup = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("wfp-pods-" + SUFFIX)
                .description("wfp pods")).groupId();
        DynamoDbReleaseStore.createTable(dynamo, TABLE);
        EventBridgeEventBus.createBus(eventBridge, BUS);
        ecs.createCluster(b -> b.clusterName(CLUSTER));
        logs = moto.configure(CloudWatchLogsClient.builder()).build();
        cloudWatch = moto.configure(CloudWatchClient.builder()).endpointOverride(moto.cloudWatchEndpoint()).build();
        CloudWatchLogsTelemetryStore.createLogGroup(logs, TELEMETRY_LOG_GROUP, 7);
        logs.createLogGroup(b -> b.logGroupName(POD_LOG_GROUP));
        podLogSubscription = new LogSubscriptions(logs, POD_LOG_GROUP, PodLogForwarder.FILTER_PATTERN);

        // Lambda's Invoke API for the deploy worker: 202 at once, the worker runs on its own.
        lambdaInvoke = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambdaInvoke.createContext("/", exchange -> {
            byte[] payload = exchange.getRequestBody().readAllBytes();
            boolean event = "Event".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"));
            exchange.sendResponseHeaders(event ? 202 : 400, -1);
            exchange.close();
            if (event) {
                asyncInvokes.submit(() -> {
                    Map<String, Object> request = Events.JSON.readValue(payload, new TypeReference<Map<String, Object>>() { });
                    return new DeployWorkerFunction(new AwsPlatform(environment())).handleRequest(request, null);
                });
            }
        });
        lambdaInvoke.start();
        // The key project secrets are sealed with, kept in Secrets Manager as the stack keeps it.
        secretsKeyArn = secrets.createSecret(b -> b.name("wfp-e2e-" + SUFFIX + "/secrets-key")
                .secretString(SecretStoreKey.generate())).arn();
        // Before the route function is built: it prints its EMF lines to the standard output it finds.
        emfCloudWatch = new EmfCloudWatch();
        Map<String, String> environment = environment();
        AwsPlatform platform = new AwsPlatform(environment);
        publish = new PublishFunction(platform);
        route = new RouteFunction(new AwsPlatform(environment));
        rollback = new RollbackFunction(new AwsPlatform(environment));
        registrar = new PodAddressFunction(new AwsPlatform(environment));
        controlApi = new ControlApiFunction(new AwsPlatform(environment));
        authorizer = new AuthorizerFunction(new AwsPlatform(environment));
        podTelemetry = new PodTelemetryFunction(new AwsPlatform(environment));
        rolloutTick = new RolloutTickFunction(new AwsPlatform(environment));
        // The alert tick reads the route function's metrics from the EMF stand-in; it puts no alarms.
        Map<String, String> alertEnvironment = new HashMap<>(environment);
        alertEnvironment.put(AwsClients.ENDPOINT_URL + "_CLOUDWATCH", emfCloudWatch.endpoint().toString());
        alertEnvironment.remove(AwsPlatform.CLOUDWATCH_MONITORING);
        alertTick = new AlertTickFunction(new AwsPlatform(alertEnvironment));
        ecsAgent.scheduleWithFixedDelay(AwsPlatformE2E::actAsEcsAgent, 0, 200, TimeUnit.MILLISECONDS);
        awslogs.scheduleWithFixedDelay(AwsPlatformE2E::shipPodOutput, 0, 250, TimeUnit.MILLISECONDS);
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put(AwsClients.ENDPOINT_URL, MotoServer.shared().endpoint().toString());
        if (lambdaInvoke != null) {
            environment.put(AwsClients.ENDPOINT_URL + "_LAMBDA", "http://127.0.0.1:" + lambdaInvoke.getAddress().getPort());
        }
        environment.put("AWS_REGION", MotoServer.REGION.id());
        environment.put(AwsPlatform.TABLE, TABLE);
        environment.put(AwsPlatform.EVENT_BUS, BUS);
        environment.put(AwsPlatform.PUBLIC_BASE_URL, "https://api.example.com");
        environment.put(AwsPlatform.DEPLOY_WORKER_FUNCTION, "wfp-deploy-worker");
        environment.put(AwsPlatform.POD_TOKEN_SECRET, "e2e-secret-0123456789abcdef0123456789");
        environment.put(AwsPlatform.ECS_CLUSTER, CLUSTER);
        environment.put(AwsPlatform.POD_IMAGE, "000000000000.dkr.ecr.us-east-1.amazonaws.com/wfp-pod:1");
        environment.put(AwsPlatform.POD_SUBNETS, subnet);
        environment.put(AwsPlatform.POD_SECURITY_GROUP, securityGroup);
        environment.put(AwsPlatform.POD_EXECUTION_ROLE_ARN, "arn:aws:iam::000000000000:role/wfp-pod-execution");
        environment.put(AwsPlatform.POD_LOG_GROUP, POD_LOG_GROUP);
        environment.put(AwsPlatform.POD_TOKEN_SECRET_PREFIX, SECRET_PREFIX);
        environment.put(AwsPlatform.POD_READY_TIMEOUT_MS, "60000");
        environment.put(AwsPlatform.ROUTING_MAX_AGE_MS, Long.toString(ROUTING_MAX_AGE_MS));
        environment.put(AwsPlatform.TELEMETRY_LOG_GROUP, TELEMETRY_LOG_GROUP);
        environment.put(AwsPlatform.CLOUDWATCH_MONITORING, "on");
        environment.put(AwsClients.ENDPOINT_URL + "_CLOUDWATCH", MotoServer.shared().cloudWatchEndpoint().toString());
        environment.put(AwsPlatform.ADMIN_TOKEN_SHA256, HexFormat.of().formatHex(ControlDispatch.sha256(ADMIN_TOKEN)));
        environment.put(AwsPlatform.SECRETS_KEY_ARN, secretsKeyArn);
        // The test's webhook receiver listens on this machine, which the outbound guard refuses otherwise.
        environment.put(AwsPlatform.WEBHOOK_PRIVATE_HOSTS, "127.0.0.1");
        return environment;
    }

    /** What ECS does for a pod service here: run its one task as a local pod process, or stop it. */
    private static void actAsEcsAgent() {
        try {
            for (String arn : ecs.listServices(b -> b.cluster(CLUSTER)).serviceArns()) {
                Service service = ecs.describeServices(b -> b.cluster(CLUSTER).services(arn)).services().getFirst();
                String user = EcsPodSettings.userOfService(service.serviceName());
                Process task = tasks.get(user);
                if (service.desiredCount() >= 1 && (task == null || !task.isAlive())) {
                    startTask(user, service);
                } else if (service.desiredCount() == 0 && task != null) {
                    task.destroy();
                    tasks.remove(user);
                    registrar.handle(taskEvent(user, "STOPPED", 0));
                }
            }
        } catch (Exception | AssertionError e) {
            synchronized (agentFailures) {
                agentFailures.add(e);
            }
        }
    }

    private static void startTask(String user, Service service) throws Exception {
        ContainerDefinition container = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                .taskDefinition().containerDefinitions().getFirst();
        String token = secrets.getSecretValue(b -> b.secretId(container.secrets().getFirst().valueFrom())).secretString();
        Path log = Files.createTempFile("pod-" + user + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", POD_JAR.toString(), "--port=0").redirectErrorStream(true).redirectOutput(log.toFile());
        container.environment().forEach(variable -> builder.environment().put(variable.name(), variable.value()));
        builder.environment().put("WFP_POD_PORT", "0");
        builder.environment().put("WFP_POD_TOKEN", token);
        Process process = builder.start();
        tasks.put(user, process);
        taskOutputs.put(user, new ShippedOutput(log, user + "/" + EcsPodSettings.CONTAINER + "/" + UUID.randomUUID()
                .toString().replace("-", "")));
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains("\"pod.ready\"")) {
                    int port = Events.JSON.readTree(line).path("port").asInt();
                    registrar.handle(taskEvent(user, "RUNNING", port));
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The stand-in task of " + user + " did not start: " + Files.readString(log));
    }

    /** A task's output file, the log stream the awslogs driver writes it to, and the bytes shipped so far. */
    private static final class ShippedOutput {
        final Path file;
        final String stream;
        long shipped;
        boolean streamMade;

        ShippedOutput(Path file, String stream) {
            this.file = file;
            this.stream = stream;
        }
    }

    /**
     * What the awslogs driver and the subscription filter do on AWS: each task's new output lines
     * go to its stream in the pods' log group, and the lines the subscription's pattern selects are
     * handed, as CloudWatch Logs hands them, to the pod telemetry function.
     */
    private static void shipPodOutput() {
        try {
            for (ShippedOutput output : taskOutputs.values()) {
                byte[] content = Files.readAllBytes(output.file);
                int end = content.length;
                while (end > output.shipped && content[end - 1] != '\n') {
                    end--;
                }
                if (end <= output.shipped) {
                    continue;
                }
                List<String> lines = new String(content, (int) output.shipped, end - (int) output.shipped,
                        StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
                output.shipped = end;
                if (!output.streamMade) {
                    logs.createLogStream(b -> b.logGroupName(POD_LOG_GROUP).logStreamName(output.stream));
                    output.streamMade = true;
                }
                long now = System.currentTimeMillis();
                logs.putLogEvents(b -> b.logGroupName(POD_LOG_GROUP).logStreamName(output.stream).logEvents(lines.stream()
                        .map(line -> InputLogEvent.builder().timestamp(now).message(line).build()).toList()));
            }
            for (byte[] invocation : podLogSubscription.undelivered()) {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                podTelemetry.handleRequest(new ByteArrayInputStream(invocation), answer, null);
            }
        } catch (Exception | AssertionError e) {
            synchronized (agentFailures) {
                agentFailures.add(e);
            }
        }
    }

    /** The ECS task state change event EventBridge delivers for a pod task. */
    private static JsonNode taskEvent(String user, String status, int port) {
        ObjectNode event = (ObjectNode) Events.tree("ecs-task-running.json");
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.put("group", "service:" + EcsPodSettings.SERVICE_PREFIX + user);
        detail.put("taskArn", "arn:aws:ecs:us-east-1:000000000000:task/" + CLUSTER + "/" + user);
        detail.put("lastStatus", status).put("desiredStatus", status);
        ((ObjectNode) detail.path("containers").get(0).path("networkBindings").get(0)).put("hostPort", port);
        return event;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        ecsAgent.shutdownNow();
        ecsAgent.awaitTermination(5, TimeUnit.SECONDS);
        if (emfCloudWatch != null) {
            emfCloudWatch.close();
        }
        awslogs.shutdownNow();
        awslogs.awaitTermination(5, TimeUnit.SECONDS);
        asyncInvokes.shutdownNow();
        tasks.values().forEach(Process::destroy);
        if (lambdaInvoke != null) {
            lambdaInvoke.stop(0);
        }
        for (String arn : ecs.listServices(b -> b.cluster(CLUSTER)).serviceArns()) {
            ecs.deleteService(b -> b.cluster(CLUSTER).service(arn).force(true));
        }
        for (String arn : ecs.listTaskDefinitions(b -> b.familyPrefix(EcsPodSettings.SERVICE_PREFIX)).taskDefinitionArns()) {
            if (ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().containerDefinitions().getFirst()
                    .secrets().getFirst().valueFrom().contains(SECRET_PREFIX)) {
                ecs.deregisterTaskDefinition(b -> b.taskDefinition(arn));
            }
        }
        ecs.deleteCluster(b -> b.cluster(CLUSTER));
        secrets.listSecrets().secretList().stream().filter(s -> s.name().startsWith(SECRET_PREFIX))
                .forEach(s -> secrets.deleteSecret(b -> b.secretId(s.arn()).forceDeleteWithoutRecovery(true)));
        if (secretsKeyArn != null) {
            secrets.deleteSecret(b -> b.secretId(secretsKeyArn).forceDeleteWithoutRecovery(true));
        }
        eventBridge.deleteEventBus(b -> b.name(BUS));
        dynamo.deleteTable(b -> b.tableName(TABLE));
        logs.deleteLogGroup(b -> b.logGroupName(TELEMETRY_LOG_GROUP));
        logs.deleteLogGroup(b -> b.logGroupName(POD_LOG_GROUP));
        cloudWatch.deleteAlarms(b -> b.alarmNames(CloudWatchProductionMonitoring.errorAlarmName(GREETING),
                CloudWatchProductionMonitoring.p95AlarmName(GREETING), CloudWatchProductionMonitoring.errorAlarmName(VAULT),
                CloudWatchProductionMonitoring.p95AlarmName(VAULT), CloudWatchProductionMonitoring.errorAlarmName(ALERTING),
                CloudWatchProductionMonitoring.p95AlarmName(ALERTING)));
        if (!cloudWatch.listDashboards(b -> b.dashboardNamePrefix(CloudWatchProductionMonitoring.dashboardName(GREETING)))
                .dashboardEntries().isEmpty()) {
            cloudWatch.deleteDashboards(b -> b.dashboardNames(CloudWatchProductionMonitoring.dashboardName(GREETING)));
        }
        ec2.deleteSecurityGroup(b -> b.groupId(securityGroup));
        ec2.deleteSubnet(b -> b.subnetId(subnet));
        ec2.deleteVpc(b -> b.vpcId(vpc));
    }

    private static APIGatewayProxyRequestEvent publishEvent(String version, String greeting, String strategy) {
        APIGatewayProxyRequestEvent event = Events.proxy("publish-release.json");
        event.setBody(event.getBody().replace("'Hello, '", "'" + greeting + ", '")
                .replace("\"version\": \"v1.0.0\"", "\"version\": \"" + version + "\"")
                .replace("\"strategy\": \"all\"", "\"strategy\": \"" + strategy + "\""));
        event.getHeaders().put("Idempotency-Key", "e2e-" + version);
        event.getMultiValueHeaders().put("Idempotency-Key", List.of("e2e-" + version));
        return event;
    }

    /** Publishes through the publish function, which answers 202, then polls the deployment's status until it ends. */
    private static JsonNode publishAndPoll(APIGatewayProxyRequestEvent event) throws Exception {
        long started = System.nanoTime();
        APIGatewayProxyResponseEvent accepted = publish.handleRequest(event, null);
        long answeredMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
        assertThat(answeredMs).as("the publish function answers long before API Gateway's 29 s").isLessThan(10_000);
        String id = Events.body(accepted).path("deploymentId").asText();
        APIGatewayProxyRequestEvent status = Events.proxy("deployment-status.json");
        status.setPath("/api/v1/deployments/" + id);
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            APIGatewayProxyResponseEvent answer = publish.handleRequest(status, null);
            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
            JsonNode body = Events.body(answer);
            String state = body.path("state").asText();
            if (!"running".equals(state)) {
                assertThat(state).as(answer.getBody()).isEqualTo("succeeded");
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + id + " did not finish in 90 s; agent: " + agentFailures);
    }

    private static APIGatewayProxyResponseEvent callProduction() {
        return route.handleRequest(Events.proxy("route-routed.json"), null);
    }

    @Test
    void publishCallCanaryAndRollBack_onTheAwsFunctions_behaveAsOnTheLocalPlatform() throws Exception {
        publishAndPoll(publishEvent("v1.0.0", "Hello", "all"));

        APIGatewayProxyResponseEvent first = callProduction();
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        assertThat(first.getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");
        assertThat(first.getBody()).contains("Hello, Ada");
        assertThat(tasks).containsKey("ada");
        // The publish put the workflow's alarms over its one serving release and its row of the project's dashboard.
        assertThat(alarmedReleases(CloudWatchProductionMonitoring.errorAlarmName(GREETING), 1)).hasSize(1);
        assertThat(alarmedReleases(CloudWatchProductionMonitoring.p95AlarmName(GREETING), 1)).hasSize(1);
        assertThat(dashboard("v1.0.0 p95")).contains("ada/shop/greeting · calls and errors",
                "ada/shop/greeting · error rate %", "ada/shop/greeting · latency p50/p95/p99 ms", "v1.0.0 p95");

        publishAndPoll(publishEvent("v1.1.0", "Welcome", "canary:20"));
        assertThat(alarmedReleases(CloudWatchProductionMonitoring.errorAlarmName(GREETING), 2))
                .as("the canary is watched beside the stable release").hasSize(2);
        assertThat(dashboard("v1.1.0 p95")).contains("v1.0.0 p95", "v1.1.0 p95");
        Thread.sleep(ROUTING_MAX_AGE_MS);
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 60 && !served.contains("v1.1.0"); i++) {
            served.add(callProduction().getHeaders().get("X-Workflow-Version"));
        }
        assertThat(served).as("the canary takes its share").contains("v1.1.0");

        JsonNode alarm = Events.tree("canary-alarm-other.json");
        ((ObjectNode) alarm.path("detail")).put("alarmName", CanaryAlarms.NAME_PREFIX + "ada/shop/greeting");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        rollback.handleRequest(new ByteArrayInputStream(Events.JSON.writeValueAsBytes(alarm)), answer, null);
        assertThat(Events.JSON.readTree(answer.toByteArray()).path("action").asText())
                .as(answer.toString(StandardCharsets.UTF_8)).isEqualTo("rolled-back");

        Thread.sleep(ROUTING_MAX_AGE_MS + 50);
        for (int i = 0; i < 20; i++) {
            APIGatewayProxyResponseEvent response = callProduction();
            assertThat(response.getHeaders()).as("call %d after the rollback", i).containsEntry("X-Workflow-Version", "v1.0.0");
            assertThat(response.getBody()).contains("Hello, Ada");
        }
        assertThat(agentFailures).isEmpty();
        assertThat(alarmedReleases(CloudWatchProductionMonitoring.errorAlarmName(GREETING), 1))
                .as("after the rollback only the stable release serves").hasSize(1);

        // The route function's minute metrics reach the telemetry log group, and the control API reads them back.
        JsonNode v1 = null;
        Instant deadline = Instant.now().plusSeconds(15);
        while (v1 == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            APIGatewayProxyResponseEvent metrics = controlApi.handleRequest(controlGet(
                    "/api/v1/workflows/ada/shop/greeting/metrics", Map.of("since", "1h", "step", "120m")), null);
            assertThat(metrics.getStatusCode()).as(metrics.getBody()).isEqualTo(200);
            for (JsonNode point : Events.body(metrics).path("points")) {
                if ("v1.0.0".equals(point.path("version").asText()) && point.path("calls").asLong() >= 21) {
                    v1 = point;
                }
            }
        }
        assertThat(v1).as("the v1.0.0 calls in the metrics route").isNotNull();
        assertThat(v1.path("errors").asLong()).isZero();
        assertThat(v1.path("p95Ms").asDouble()).isPositive();
    }

    /**
     * The releases an alarm's metrics read, by their ReleaseId dimension, once there are
     * {@code expected} of them or 10 s passed: the worker answers the deployment done a moment
     * before its Published event (which puts the alarms) is out.
     */
    private static List<String> alarmedReleases(String alarmName, int expected) throws InterruptedException {
        List<String> releases = List.of();
        Instant deadline = Instant.now().plusSeconds(10);
        while (releases.size() != expected && Instant.now().isBefore(deadline)) {
            releases = cloudWatch.describeAlarms(b -> b.alarmNames(alarmName)).metricAlarms().stream()
                    .flatMap(alarm -> alarm.metrics().stream()).filter(query -> query.metricStat() != null)
                    .map(query -> query.metricStat().metric().dimensions().getFirst().value()).distinct().toList();
            if (releases.size() != expected) {
                Thread.sleep(100);
            }
        }
        return releases;
    }

    /**
     * The project's dashboard body once it holds {@code expected} or 10 s passed (the alarms are put
     * first, the dashboard a moment later); empty when it does not exist.
     */
    private static String dashboard(String expected) throws InterruptedException {
        String name = CloudWatchProductionMonitoring.dashboardName(GREETING);
        String body = "";
        Instant deadline = Instant.now().plusSeconds(10);
        while (!body.contains(expected) && Instant.now().isBefore(deadline)) {
            if (cloudWatch.listDashboards(b -> b.dashboardNamePrefix(name)).dashboardEntries().stream()
                    .anyMatch(entry -> entry.dashboardName().equals(name))) {
                body = cloudWatch.getDashboard(b -> b.dashboardName(name)).dashboardBody();
            }
            if (!body.contains(expected)) {
                Thread.sleep(100);
            }
        }
        return body;
    }

    /** A GET of the control API with the admin token, as API Gateway hands it over. */
    private static APIGatewayProxyRequestEvent controlGet(String path, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = Events.proxy("deployment-status.json");
        event.setPath(path);
        event.setResource(path);
        event.setPathParameters(Map.of());
        event.setQueryStringParameters(query);
        Map<String, List<String>> multi = new HashMap<>();
        query.forEach((name, value) -> multi.put(name, List.of(value)));
        event.setMultiValueQueryStringParameters(multi);
        return event;
    }

    /** A control call as API Gateway hands it to the control API function. */
    private static APIGatewayProxyResponseEvent control(String method, String path, String token, String body) {
        return control(method, path, token, body, null);
    }

    private static APIGatewayProxyResponseEvent control(String method, String path, String token, String body,
                                                        Map<String, String> query) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path)
                .withHeaders(new HashMap<>(Map.of("Content-Type", "application/json", "Host", "api.example.com")))
                .withBody(body).withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("req-" + UUID.randomUUID())
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.9")));
        if (token != null) {
            event.getHeaders().put("Authorization", "Bearer " + token);
        }
        event.setQueryStringParameters(query);
        return controlApi.handleRequest(event, null);
    }

    /** The authorizer's decision on a production call to ada/shop/greeting with this key. */
    private static IamPolicyResponse authorize(String key) throws Exception {
        ObjectNode tree = (ObjectNode) Events.tree("authorizer-greeting.json");
        ((ObjectNode) tree.path("headers")).put("X-Api-Key", key);
        ((ObjectNode) tree.path("requestContext")).putObject("identity").put("sourceIp", "198.51.100.4");
        return authorizer.handleRequest(Events.JSON.treeToValue(tree, APIGatewayCustomAuthorizerEvent.class), null);
    }

    /**
     * A workflow whose node fails with a message that quotes the caller's write-only password: the
     * pod's execution lines go through the pods' log group and its subscription to the pod
     * telemetry function, and the control API answers executions, error groups and the error search
     * from the telemetry log group, the password masked everywhere it could have gone.
     */
    @Test
    void podExecutionLines_throughThePodLogGroupAndItsSubscription_becomeExecutionsAndErrorGroups() throws Exception {
        String marker = "e2emarker" + UUID.randomUUID().toString().replace("-", "");
        APIGatewayProxyRequestEvent publishVault = Events.proxy("publish-release.json");
        publishVault.setPath("/api/v1/workflows/ada/shop/vault/releases");
        publishVault.setPathParameters(Map.of("user", "ada", "project", "shop", "workflow", "vault"));
        publishVault.setBody("""
                {"definition": {"format": 1, "id": "vault", "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey",
                     "inputSchema": {"type": "object", "required": ["name"], "properties": {
                       "name": {"type": "string"}, "password": {"type": "string", "writeOnly": true}}},
                     "example": {"name": "Ada", "password": "x"}}},
                   {"id": "check", "type": "condition", "config": {"expression": "$substring(input.name, 0, 3) = 'Zoe'"}},
                   {"id": "ok", "type": "respond", "config": {"status": 200, "body": "{ 'opened': true }"}},
                   {"id": "boom", "type": "fail", "config": {"status": 500,
                     "message": "vault refused {{ input.password }} for {{ input.name }}"}}],
                  "edges": [{"from": "in", "to": "check"}, {"from": "check", "to": "boom", "branch": "true"},
                            {"from": "check", "to": "ok", "branch": "false"}]},
                 "version": "v1.0.0", "notes": "fails on purpose", "strategy": "all"}
                """);
        publishVault.getHeaders().put("Idempotency-Key", "e2e-vault-" + SUFFIX);
        publishVault.getMultiValueHeaders().put("Idempotency-Key", List.of("e2e-vault-" + SUFFIX));
        publishAndPoll(publishVault);

        for (int i = 0; i < 3; i++) {
            APIGatewayProxyRequestEvent call = Events.proxy("route-routed.json");
            call.setPath("/w/ada/shop/vault");
            call.setPathParameters(Map.of("proxy", "ada/shop/vault"));
            call.setBody("{\"name\": \"Zoe " + i + "\", \"password\": \"" + marker + "\"}");
            APIGatewayProxyResponseEvent failed = route.handleRequest(call, null);
            // The answer goes back to the caller who sent the password; what is stored is masked.
            assertThat(failed.getStatusCode()).as(failed.getBody()).isEqualTo(500);
        }

        JsonNode groups = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            groups = Events.body(controlApi.handleRequest(controlGet("/api/v1/workflows/ada/shop/vault/errors",
                    Map.of("since", "1h")), null));
            if (groups.path("groups").size() == 1 && groups.path("groups").get(0).path("count").asLong() == 3) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(agentFailures).isEmpty();
        assertThat(groups.path("groups")).as(groups.toString()).hasSize(1);
        JsonNode group = groups.path("groups").get(0);
        assertThat(group.path("count").asLong()).as(group.toString()).isEqualTo(3);
        assertThat(group.path("node").asText()).isEqualTo("boom");
        assertThat(group.path("firstSeenIn").toString()).contains("v1.0.0");
        assertThat(group.path("lastMessage").asText()).contains("vault refused ***").doesNotContain(marker);

        JsonNode executions = Events.body(controlApi.handleRequest(controlGet(
                "/api/v1/workflows/ada/shop/vault/executions", Map.of("status", "failed", "since", "1h")), null));
        assertThat(executions.path("executions")).as(executions.toString()).hasSize(3);
        String executionId = executions.path("executions").get(0).path("executionId").asText();
        APIGatewayProxyResponseEvent one = controlApi.handleRequest(controlGet("/api/v1/executions/" + executionId,
                Map.of()), null);
        assertThat(one.getStatusCode()).as(one.getBody()).isEqualTo(200);
        JsonNode error = Events.body(one).path("error");
        assertThat(error.path("node").asText()).isEqualTo("boom");
        assertThat(error.path("input").asText()).contains("***").contains("Zoe").doesNotContain(marker);
        JsonNode found = Events.body(controlApi.handleRequest(controlGet("/api/v1/workflows/ada/shop/vault/errors",
                Map.of("since", "1h", "search", "Zoe")), null));
        assertThat(found.path("groups")).hasSize(1);
        JsonNode notFound = Events.body(controlApi.handleRequest(controlGet("/api/v1/workflows/ada/shop/vault/errors",
                Map.of("since", "1h", "search", marker)), null));
        assertThat(notFound.path("groups")).as("the password is no search term").isEmpty();

        for (String logGroup : List.of(TELEMETRY_LOG_GROUP, POD_LOG_GROUP)) {
            assertThat(logs.filterLogEvents(b -> b.logGroupName(logGroup).filterPattern("\"" + marker + "\"")).events())
                    .as("events of %s holding the password", logGroup).isEmpty();
        }
        assertThat(logs.filterLogEvents(b -> b.logGroupName(TELEMETRY_LOG_GROUP).filterPattern("\"vault refused\""))
                .events()).as("the failures are in the telemetry log group").isNotEmpty();

        // The schedule's ticks check ada's pod, and the uptime route answers from those checks.
        for (int tick = 0; tick < 2; tick++) {
            Map<String, Object> ticked = rolloutTick.handleRequest(Events.JSON.readValue(
                    Events.tree("schedule-tick.json").toString(), new TypeReference<Map<String, Object>>() { }), null);
            assertThat((Integer) ticked.get("podsChecked")).as(ticked.toString()).isGreaterThanOrEqualTo(1);
        }
        APIGatewayProxyResponseEvent uptime = controlApi.handleRequest(controlGet(
                "/api/v1/workflows/ada/shop/vault/uptime", Map.of("days", "2")), null);
        assertThat(uptime.getStatusCode()).as(uptime.getBody()).isEqualTo(200);
        JsonNode figures = Events.body(uptime);
        assertThat(figures.path("pod").asText()).isEqualTo("ada");
        assertThat(figures.path("checks").asLong()).as(figures.toString()).isGreaterThanOrEqualTo(2);
        assertThat(figures.path("upChecks").asLong()).isEqualTo(figures.path("checks").asLong());
        assertThat(figures.path("uptimePercent").asDouble()).isEqualTo(100.0);
        assertThat(figures.path("days")).hasSize(2);
        assertThat(figures.path("outages")).isEmpty();
    }

    @Test
    void projectKeyAndAudit_throughTheControlApiFunction_guardTheProductionUrl() throws Exception {
        publishAndPoll(publishEvent("v1.0.0", "Hello", "all"));

        APIGatewayProxyResponseEvent person = control("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"ada\"}");
        assertThat(person.getStatusCode()).as(person.getBody()).isEqualTo(201);
        String adaToken = Events.body(person).path("token").path("token").asText();
        APIGatewayProxyResponseEvent bob = control("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"bob\"}");
        assertThat(bob.getStatusCode()).as(bob.getBody()).isEqualTo(201);
        String bobToken = Events.body(bob).path("token").path("token").asText();
        APIGatewayProxyResponseEvent project = control("POST", "/api/v1/projects", adaToken, "{\"name\": \"shop\"}");
        assertThat(project.getStatusCode()).as(project.getBody()).isEqualTo(201);
        APIGatewayProxyResponseEvent created = control("POST", "/api/v1/projects/ada/shop/keys", adaToken,
                "{\"name\": \"e2e\"}");
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String key = Events.body(created).path("key").asText();
        String keyId = Events.body(created).path("id").asText();
        assertThat(key).startsWith("wfp_live_");

        // Another person, and no credential at all, get nothing of ada's project.
        assertThat(control("GET", "/api/v1/projects/ada/shop/keys", bobToken, null).getStatusCode()).isEqualTo(403);
        APIGatewayProxyResponseEvent noCredential = control("GET", "/api/v1/projects/ada/shop/keys", null, null);
        assertThat(noCredential.getStatusCode()).isEqualTo(401);
        assertThat(noCredential.getHeaders()).containsKey("WWW-Authenticate");
        APIGatewayProxyResponseEvent bobProject = control("POST", "/api/v1/projects", ADMIN_TOKEN,
                "{\"name\": \"tools\", \"user\": \"bob\"}");
        assertThat(bobProject.getStatusCode()).as(bobProject.getBody()).isEqualTo(201);

        // A project secret is kept sealed: its value is nowhere in the table.
        APIGatewayProxyResponseEvent secret = control("PUT", "/api/v1/projects/ada/shop/secrets/crm", adaToken,
                "{\"value\": \"e2e-marker-5f3a\"}");
        assertThat(secret.getStatusCode()).as(secret.getBody()).isEqualTo(200);
        assertThat(control("GET", "/api/v1/projects/ada/shop/secrets", adaToken, null).getBody()).contains("crm")
                .doesNotContain("e2e-marker-5f3a");
        assertThat(dynamo.scan(b -> b.tableName(TABLE)).items()).noneMatch(item -> item.values().stream()
                .map(AttributeValue::s).anyMatch(text -> text != null && text.contains("e2e-marker-5f3a")));

        IamPolicyResponse allowed = authorize(key);
        assertThat(allowed.getPrincipalId()).isEqualTo(keyId);
        assertThat(Events.JSON.writeValueAsString(allowed.getPolicyDocument())).contains("\"Allow\"");
        // API Gateway hands the route function the authorizer's decision; the call's execution carries the key id.
        APIGatewayProxyRequestEvent keyed = Events.proxy("route-routed.json");
        keyed.getRequestContext().setAuthorizer(Map.of("principalId", keyId, "principal", keyId));
        APIGatewayProxyResponseEvent call = route.handleRequest(keyed, null);
        assertThat(call.getStatusCode()).as(call.getBody()).isEqualTo(200);
        String executionId = call.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("X-Execution-Id")).map(Map.Entry::getValue).findFirst()
                .orElseThrow();
        JsonNode recorded = null;
        Instant callerDeadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(callerDeadline)) {
            APIGatewayProxyResponseEvent execution = control("GET", "/api/v1/executions/" + executionId, ADMIN_TOKEN, null);
            if (execution.getStatusCode() == 200 && keyId.equals(Events.body(execution).path("caller").asText())) {
                recorded = Events.body(execution);
                break;
            }
            Thread.sleep(250);
        }
        assertThat(recorded).as("execution %s with its caller %s", executionId, keyId).isNotNull();

        APIGatewayProxyResponseEvent revoked = control("DELETE", "/api/v1/projects/ada/shop/keys/" + keyId, adaToken, null);
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isBetween(200, 204);
        Thread.sleep(ROUTING_MAX_AGE_MS + 50);
        assertThatThrownBy(() -> authorize(key)).hasMessage("Unauthorized");
        assertThatThrownBy(() -> authorize(null)).hasMessage("Unauthorized");

        APIGatewayProxyResponseEvent verify = control("GET", "/api/v1/audit/verify", ADMIN_TOKEN, null);
        assertThat(verify.getStatusCode()).as(verify.getBody()).isEqualTo(200);
        assertThat(Events.body(verify).path("intact").asBoolean()).as(verify.getBody()).isTrue();
        JsonNode refused = Events.body(control("GET", "/api/v1/audit", ADMIN_TOKEN, null, Map.of("action", "invoke", "outcome", "denied")));
        assertThat(refused.path("records")).as(refused.toString()).isNotEmpty();
        JsonNode keys = Events.body(control("GET", "/api/v1/audit", ADMIN_TOKEN, null,
                Map.of("resource", "/api/v1/projects/ada/shop/keys")));
        assertThat(keys.toString()).contains("\"principal\":\"ada\"").contains("denied").doesNotContain(key)
                .doesNotContain(adaToken);
    }

    /** The fixture's proxy event for ada/shop/alerting instead of ada/shop/greeting. */
    private static APIGatewayProxyRequestEvent alertingEvent(String fixture, UnaryOperator<String> change) throws IOException {
        String text = Events.JSON.writeValueAsString(Events.tree(fixture)).replace("greeting", "alerting");
        return Events.JSON.readValue(change.apply(text), APIGatewayProxyRequestEvent.class);
    }

    /** Webhooks as a receiver sees them: headers and raw body of each POST. */
    private record Received(Map<String, String> headers, byte[] body) {
        JsonNode json() throws IOException {
            return Events.JSON.readTree(body);
        }
    }

    @Test
    void failingCalls_fireAnAlert_thatASignedWebhookReports_andTheRollbackResolves() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    values.getFirst()));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            // A platform-wide channel to the receiver, and one to the instance metadata address the guard refuses.
            APIGatewayProxyResponseEvent added = control("POST", "/api/v1/notify/channels", ADMIN_TOKEN,
                    "{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");
            assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(201);
            String secret = Events.body(added).path("secret").asText();
            assertThat(secret).startsWith("whsec_");
            APIGatewayProxyResponseEvent metadata = control("POST", "/api/v1/notify/channels", ADMIN_TOKEN,
                    "{\"type\": \"webhook\", \"url\": \"https://169.254.169.254/latest/meta-data\"}");
            assertThat(metadata.getStatusCode()).as(metadata.getBody()).isEqualTo(201);
            String metadataChannel = Events.body(metadata).path("id").asText();

            publishAndPoll(alertingEvent("publish-release.json", text -> text.replace("key-1", "alerting-v1")));
            Received published = awaitWebhook(received, "deployment.published", "v1.0.0");
            assertThat(WebhookSignature.verify(secret, published.headers().get("wfp-signature"), published.body(),
                    Instant.now().getEpochSecond(), 300)).as("the receiver verifies the signature").isTrue();
            assertThat(WebhookSignature.verify("whsec_other", published.headers().get("wfp-signature"), published.body(),
                    Instant.now().getEpochSecond(), 300)).isFalse();

            // The first publish stored the default rules; tighten them to a window this test can wait out.
            APIGatewayProxyResponseEvent rules = control("GET", "/api/v1/workflows/ada/shop/alerting/alert-rules",
                    ADMIN_TOKEN, null);
            assertThat(rules.getStatusCode()).as(rules.getBody()).isEqualTo(200);
            assertThat(Events.body(rules).path("updatedBy").asText()).isEqualTo("wfp");
            APIGatewayProxyResponseEvent set = control("PUT", "/api/v1/workflows/ada/shop/alerting/alert-rules",
                    ADMIN_TOKEN, "{\"maxErrorRatePercent\": 20, \"errorRateWindowSeconds\": 10, \"minCalls\": 5}");
            assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);

            // v2.0.0 answers 503 to every call (no example, so its publish runs no dry run).
            publishAndPoll(alertingEvent("publish-release.json", text -> text
                    .replace("\\\"version\\\": \\\"v1.0.0\\\"", "\\\"version\\\": \\\"v2.0.0\\\"")
                    .replace("\\\"status\\\": 200", "\\\"status\\\": 503")
                    .replace(", \\\"example\\\": {\\\"name\\\": \\\"Ada\\\"}", "")
                    .replace("key-1", "alerting-v2")));
            Thread.sleep(ROUTING_MAX_AGE_MS + 50);
            for (int i = 0; i < 8; i++) {
                APIGatewayProxyResponseEvent call = route.handleRequest(alertingEvent("route-routed.json", t -> t), null);
                assertThat(call.getStatusCode()).as(call.getBody()).isEqualTo(503);
            }

            Map<String, Object> tick = alertTick.handleRequest(Map.of("tick", "alerts"), null);
            assertThat(tick.get("firing").toString()).as(tick.toString()).contains("ada/shop/alerting: error_rate");
            JsonNode alerts = Events.body(controlApi.handleRequest(controlGet("/api/v1/alerts", Map.of("workflow", "ada/shop/alerting")), null));
            assertThat(alerts.path("alerts")).as(alerts.toString()).hasSize(1);
            JsonNode alert = alerts.path("alerts").get(0);
            assertThat(alert.path("state").asText()).isEqualTo("firing");
            assertThat(alert.path("version").asText()).isEqualTo("v2.0.0");
            assertThat(alert.path("reason").asText()).contains("error rate 100.0%").contains("is above 20%");
            Received fired = awaitWebhook(received, "alert.fired", "v2.0.0");
            assertThat(WebhookSignature.verify(secret, fired.headers().get("wfp-signature"), fired.body(),
                    Instant.now().getEpochSecond(), 300)).isTrue();
            assertThat(fired.json().path("alert").path("id").asText()).isEqualTo(alert.path("id").asText());

            // The workflow's health on the control API reads the firing alert.
            APIGatewayProxyResponseEvent health = control("GET", "/api/v1/workflows/ada/shop/alerting/health",
                    ADMIN_TOKEN, null);
            assertThat(health.getStatusCode()).as(health.getBody()).isEqualTo(200);
            assertThat(Events.body(health).path("state").asText()).as(health.getBody()).isEqualTo("failing");
            assertThat(Events.body(health).path("reason").asText()).contains("error_rate").contains("v2.0.0");

            // The condition still holds: the next tick keeps the one alert and sends nothing again.
            alertTick.handleRequest(Map.of("tick", "alerts"), null);
            assertThat(Events.body(controlApi.handleRequest(controlGet("/api/v1/alerts", Map.of("workflow", "ada/shop/alerting")), null))
                    .path("alerts")).hasSize(1);
            assertThat(received.stream().filter(r -> "alert.fired".equals(r.headers().get("wfp-event")))).hasSize(1);

            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            rollback.handleRequest(new ByteArrayInputStream(Events.JSON.writeValueAsBytes(
                    alertingEvent("rollback.json", t -> t))), answer, null);
            assertThat(answer.toString(StandardCharsets.UTF_8)).contains("v1.0.0");
            Thread.sleep(ROUTING_MAX_AGE_MS + 50);
            APIGatewayProxyResponseEvent healthy = route.handleRequest(alertingEvent("route-routed.json", t -> t), null);
            assertThat(healthy.getStatusCode()).as(healthy.getBody()).isEqualTo(200);

            // Once the failing calls are out of the 10 s window, the alert resolves.
            Thread.sleep(10_500);
            alertTick.handleRequest(Map.of("tick", "alerts"), null);
            JsonNode after = Events.body(controlApi.handleRequest(controlGet("/api/v1/alerts", Map.of("workflow", "ada/shop/alerting")), null))
                    .path("alerts").get(0);
            assertThat(after.path("state").asText()).as(after.toString()).isEqualTo("resolved");
            assertThat(after.path("id").asText()).isEqualTo(alert.path("id").asText());
            Received resolved = awaitWebhook(received, "alert.resolved", "v2.0.0");
            assertThat(WebhookSignature.verify(secret, resolved.headers().get("wfp-signature"), resolved.body(),
                    Instant.now().getEpochSecond(), 300)).isTrue();

            // The delivery log has every attempt; the metadata address was refused and its retry waits in the table.
            JsonNode deliveries = Events.body(control("GET", "/api/v1/notify/deliveries", ADMIN_TOKEN, null,
                    Map.of("limit", "100")));
            assertThat(deliveries.path("deliveries").findValuesAsText("event")).contains("alert.fired", "alert.resolved",
                    "deployment.published");
            List<JsonNode> refused = new ArrayList<>();
            deliveries.path("deliveries").forEach(d -> {
                if (metadataChannel.equals(d.path("channelId").asText())) {
                    refused.add(d);
                }
            });
            assertThat(refused).isNotEmpty().allSatisfy(d -> {
                assertThat(d.path("delivered").asBoolean()).isFalse();
                assertThat(d.path("status").asInt()).isZero();
            });
        } finally {
            receiver.stop(0);
        }
    }

    /** The first webhook of that event whose body names the version, waited for up to 10 s. */
    private static Received awaitWebhook(List<Received> received, String event, String version) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            for (Received r : received) {
                JsonNode body = r.json();
                if (event.equals(r.headers().get("wfp-event")) && "ada/shop/alerting".equals(body.path("workflow").asText())
                        && body.toString().contains("\"" + version + "\"")) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + event + " webhook for " + version + " among " + received.size());
    }

    /** A workflow whose answer tells the length of its secret {@code crm} and echoes it. */
    private static String echoingSecret(String workflowId) {
        return """
                {"format": 1, "id": "%s", "credentials": [{"name": "crm", "type": "bearer"}],
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'length': $length($secret('crm')), 'echo': $secret('crm') }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId);
    }

    @Test
    void draftRuns_throughTheControlApiFunction_runInTheUsersOwnPodWithSecretsOnlyForThoseWhoMayPublish() throws Exception {
        String secret = "draft-marker-" + UUID.randomUUID();
        APIGatewayProxyResponseEvent dora = control("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"dora\"}");
        assertThat(dora.getStatusCode()).as(dora.getBody()).isEqualTo(201);
        String doraToken = Events.body(dora).path("token").path("token").asText();
        APIGatewayProxyResponseEvent eve = control("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"eve\"}");
        String eveToken = Events.body(eve).path("token").path("token").asText();
        assertThat(control("POST", "/api/v1/projects", doraToken, "{\"name\": \"lab\"}").getStatusCode()).isEqualTo(201);
        assertThat(control("PUT", "/api/v1/projects/dora/lab/members/eve", doraToken, "{\"role\": \"developer\"}")
                .getStatusCode()).isEqualTo(200);
        assertThat(control("PUT", "/api/v1/projects/dora/lab/secrets/crm", doraToken, "{\"value\": \"" + secret + "\"}")
                .getStatusCode()).isEqualTo(200);
        String run = "{\"definition\": " + echoingSecret("probe") + ", \"input\": {}}";
        String path = "/api/v1/workflows/dora/lab/probe/draft/run";

        // Dora has published nothing: her pod is started, and the run answers 503 at once rather than
        // outwait API Gateway; once the task runs, the draft runs in it.
        APIGatewayProxyResponseEvent first = control("POST", path, doraToken, run);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(503);
        assertThat(first.getBody()).contains("draft.pod-starting");
        assertThat(first.getHeaders()).containsKey("Retry-After");
        APIGatewayProxyResponseEvent owners = first;
        Instant deadline = Instant.now().plusSeconds(60);
        while (owners.getStatusCode() == 503 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            owners = control("POST", path, doraToken, run);
        }
        assertThat(owners.getStatusCode()).as(owners.getBody() + " agent: " + agentFailures).isEqualTo(200);
        assertThat(tasks).containsKey("dora");
        JsonNode ran = Events.body(owners);
        assertThat(ran.path("status").asInt()).as(owners.getBody()).isEqualTo(200);
        assertThat(ran.path("pod").path("kind").asText()).isEqualTo("production");
        assertThat(ran.path("body").path("length").asInt()).as(owners.getBody()).isEqualTo(secret.length());
        assertThat(ran.path("body").path("echo").asText()).isEqualTo("***");
        assertThat(owners.getBody()).doesNotContain(secret);

        // Draft runs share dora's pod with her releases, so they go one at a time: a second run while a slow
        // one holds her pod's lease answers 503 at once.
        String slow = "{\"definition\": " + echoingSecret("probe").replace(
                "{\"id\": \"out\"", "{\"id\": \"pause\", \"type\": \"delay\", \"config\": {\"ms\": 3000}},\n   {\"id\": \"out\"")
                .replace("{\"from\": \"shape\", \"to\": \"out\"}",
                        "{\"from\": \"shape\", \"to\": \"pause\"}, {\"from\": \"pause\", \"to\": \"out\"}") + ", \"input\": {}}";
        assertThat(slow).contains("\"pause\"").contains("\"to\": \"pause\"");
        java.util.concurrent.Future<APIGatewayProxyResponseEvent> slowRun =
                asyncInvokes.submit(() -> control("POST", path, doraToken, slow));
        Thread.sleep(1_000);
        APIGatewayProxyResponseEvent meanwhile = control("POST", path, doraToken, run);
        assertThat(meanwhile.getStatusCode()).as(meanwhile.getBody()).isEqualTo(503);
        assertThat(meanwhile.getBody()).contains("draft.busy");
        APIGatewayProxyResponseEvent slowAnswer = slowRun.get(30, TimeUnit.SECONDS);
        assertThat(slowAnswer.getStatusCode()).as(slowAnswer.getBody()).isEqualTo(200);
        assertThat(Events.body(slowAnswer).path("status").asInt()).as(slowAnswer.getBody()).isEqualTo(200);

        // A developer may run drafts but not publish: the run gets no secret.
        APIGatewayProxyResponseEvent developers = control("POST", path, eveToken, run);
        assertThat(developers.getStatusCode()).as(developers.getBody()).isEqualTo(200);
        assertThat(Events.body(developers).path("status").asInt()).isEqualTo(500);
        assertThat(developers.getBody()).contains("secret.missing").doesNotContain(secret);

        // Another person may not run drafts of dora's project at all, nor in her pod.
        APIGatewayProxyResponseEvent outsider = control("POST", path,
                Events.body(control("POST", "/api/v1/people", ADMIN_TOKEN, "{\"id\": \"mallory\"}"))
                        .path("token").path("token").asText(), run);
        assertThat(outsider.getStatusCode()).as(outsider.getBody()).isEqualTo(403);

        // Nothing of the drafts stays in the pod, and no secret value was written to ECS.
        APIGatewayProxyResponseEvent pods = control("GET", "/api/v1/pods", ADMIN_TOKEN, null);
        assertThat(pods.getStatusCode()).as(pods.getBody()).isEqualTo(200);
        assertThat(pods.getBody()).as(pods.getBody()).contains("dora").doesNotContain("draft-");
        for (String arn : ecs.listTaskDefinitions(b -> b.familyPrefix(EcsPodSettings.SERVICE_PREFIX + "dora"))
                .taskDefinitionArns()) {
            assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().toString())
                    .doesNotContain(secret);
        }
        assertThat(agentFailures).isEmpty();
    }
}
