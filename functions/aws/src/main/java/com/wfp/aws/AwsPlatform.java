package com.wfp.aws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.adapters.aws.deployment.DynamoDbDeploymentJobs;
import com.wfp.adapters.aws.deployment.LambdaDeploymentWorker;
import com.wfp.adapters.aws.events.EventBridgeEventBus;
import com.wfp.adapters.aws.pod.DynamoDbPodAddresses;
import com.wfp.adapters.aws.pod.DynamoDbPodPlans;
import com.wfp.adapters.aws.pod.DynamoDbDraftRunLeases;
import com.wfp.adapters.aws.pod.EcsPodDraftRunner;
import com.wfp.adapters.aws.pod.EcsPodFleet;
import com.wfp.adapters.aws.pod.EcsPodManager;
import com.wfp.adapters.aws.pod.EcsPodSettings;
import com.wfp.adapters.aws.pod.PodAddressBook;
import com.wfp.adapters.aws.pod.PodTokens;
import com.wfp.adapters.aws.pod.ReconnectingPodInvoker;
import com.wfp.adapters.aws.store.DynamoDbKeyStore;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.adapters.aws.telemetry.CloudWatchLogsTelemetryStore;
import com.wfp.adapters.aws.telemetry.CloudWatchProductionMonitoring;
import com.wfp.adapters.aws.telemetry.CloudWatchReleaseMetrics;
import com.wfp.adapters.aws.telemetry.EmfForwardedCalls;
import com.wfp.adapters.pod.PodClient;
import com.wfp.adapters.pod.PodDryRun;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.alert.ProductionMonitoringListener;
import com.wfp.platform.notify.GuardedWebhookTransport;
import com.wfp.platform.notify.Notifier;
import com.wfp.adapters.aws.store.DynamoDbAlertStore;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.port.DeploymentWorker;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.platform.routing.ProductionRouter;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.validation.WorkflowValidator;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import com.wfp.adapters.aws.store.DynamoDbAuditLog;
import com.wfp.adapters.aws.store.DynamoDbInvocationCounts;
import com.wfp.adapters.oidc.JwksIdentityTokenVerifier;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.adapters.aws.store.DynamoDbIdentityStore;
import com.wfp.adapters.aws.store.DynamoDbSecretStore;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.CallAudit;
import com.wfp.handlers.http.ControlAuthorizer;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.audit.AuditTrail;
import com.wfp.platform.audit.InvocationCounter;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.identity.AccessControl;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.secrets.ProjectSecrets;
import com.wfp.platform.secrets.SecretSealer;
import com.wfp.workflow.secrets.SecretStoreKey;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the functions of one Lambda container share, built from its environment on first use and
 * kept for the container's life: SDK clients (once each, {@code AWS_ENDPOINT_URL} honoured), the
 * DynamoDB store, the EventBridge bus, the ECS pod manager and the domain services. Each function
 * asks only for the parts it uses, so it needs only their variables; a missing one fails the
 * function's init naming it. The variables are listed in {@code functions/aws/README.md}.
 */
public final class AwsPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(AwsPlatform.class);

    static final String TABLE = "WFP_TABLE";
    static final String EVENT_BUS = "WFP_EVENT_BUS";
    static final String PUBLIC_BASE_URL = "WFP_PUBLIC_BASE_URL";
    static final String POD_TOKEN_SECRET = "WFP_POD_TOKEN_SECRET";
    static final String POD_TOKEN_SECRET_ARN = "WFP_POD_TOKEN_SECRET_ARN";
    static final String ROUTING_MAX_AGE_MS = "WFP_ROUTING_MAX_AGE_MS";
    static final String POD_ADDRESS_MAX_AGE_MS = "WFP_POD_ADDRESS_MAX_AGE_MS";
    static final String DEPLOY_WORKER_FUNCTION = "WFP_DEPLOY_WORKER_FUNCTION";
    static final String ECS_CLUSTER = "WFP_ECS_CLUSTER";
    static final String POD_IMAGE = "WFP_POD_IMAGE";
    static final String POD_SUBNETS = "WFP_POD_SUBNETS";
    static final String POD_SECURITY_GROUP = "WFP_POD_SECURITY_GROUP";
    static final String POD_EXECUTION_ROLE_ARN = "WFP_POD_EXECUTION_ROLE_ARN";
    static final String POD_TASK_ROLE_ARN = "WFP_POD_TASK_ROLE_ARN";
    static final String POD_LOG_GROUP = "WFP_POD_LOG_GROUP";
    static final String POD_TOKEN_SECRET_PREFIX = "WFP_POD_TOKEN_SECRET_PREFIX";
    static final String POD_READY_TIMEOUT_MS = "WFP_POD_READY_TIMEOUT_MS";
    static final String METRICS_NAMESPACE = "WFP_METRICS_NAMESPACE";
    static final String ADMIN_TOKEN_SHA256 = "WFP_ADMIN_TOKEN_SHA256";
    static final String SECRETS_KEY_ARN = "WFP_SECRETS_KEY_ARN";
    static final String SECRETS_KEY = SecretStoreKey.DEFAULT_VARIABLE;
    static final String TELEMETRY_LOG_GROUP = "WFP_TELEMETRY_LOG_GROUP";
    static final String CLOUDWATCH_MONITORING = "WFP_CLOUDWATCH_MONITORING";
    static final String WEBHOOK_PRIVATE_HOSTS = "WFP_WEBHOOK_PRIVATE_HOSTS";

    static final long DEFAULT_ROUTING_MAX_AGE_MS = 250;
    static final long DEFAULT_POD_ADDRESS_MAX_AGE_MS = 2_000;
    static final long DEFAULT_POD_READY_TIMEOUT_MS = 300_000;
    /** Mirrored copies are awaited this long: a frozen Lambda would lose them. */
    static final Duration SHADOW_WAIT = Duration.ofSeconds(5);

    private static volatile AwsPlatform container;

    private final Map<String, String> variables;
    private final Clock clock;
    private final Map<Class<?>, Object> built = new java.util.HashMap<>();

    AwsPlatform(Map<String, String> variables) {
        this(variables, Clock.systemUTC());
    }

    /** A platform on another clock: tests move it by minutes. */
    AwsPlatform(Map<String, String> variables, Clock clock) {
        this.variables = Map.copyOf(variables);
        this.clock = clock;
    }

    /** The platform of this Lambda container, from its environment. */
    static AwsPlatform container() {
        AwsPlatform platform = container;
        if (platform == null) {
            synchronized (AwsPlatform.class) {
                if (container == null) {
                    container = new AwsPlatform(System.getenv());
                }
                platform = container;
            }
        }
        return platform;
    }

    /** The environment, with messages naming {@code function}. */
    FunctionEnvironment environment(String function) {
        return new FunctionEnvironment(function, variables);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T once(Class<T> type, Supplier<T> build) {
        Object value = built.get(type);
        if (value == null) {
            value = build.get();
            built.put(type, value);
        }
        return (T) value;
    }

    // ---- clients ----

    DynamoDbClient dynamo() {
        return once(DynamoDbClient.class, () -> AwsClients.build(DynamoDbClient.builder(), "DYNAMODB", variables));
    }

    EventBridgeClient eventBridge() {
        return once(EventBridgeClient.class, () -> AwsClients.build(EventBridgeClient.builder(), "EVENTBRIDGE", variables));
    }

    EcsClient ecs() {
        return once(EcsClient.class, () -> AwsClients.build(EcsClient.builder(), "ECS", variables));
    }

    SecretsManagerClient secrets() {
        return once(SecretsManagerClient.class, () -> AwsClients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER", variables));
    }

    LambdaClient lambda() {
        return once(LambdaClient.class, () -> AwsClients.build(LambdaClient.builder(), "LAMBDA", variables));
    }

    CloudWatchClient cloudWatch() {
        return once(CloudWatchClient.class, () -> AwsClients.build(CloudWatchClient.builder(), "CLOUDWATCH", variables));
    }

    CloudWatchLogsClient logs() {
        return once(CloudWatchLogsClient.class, () -> AwsClients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS",
                variables));
    }

    PodClient podClient() {
        return once(PodClient.class, PodClient::new);
    }

    // ---- adapters ----

    String table(FunctionEnvironment environment) {
        return environment.required(TABLE, "the DynamoDB table of releases, routing, deployments and keys");
    }

    DynamoDbReleaseStore store(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbReleaseStore.class, () -> new DynamoDbReleaseStore(dynamo(), table, clock));
    }

    EventBridgeEventBus events(FunctionEnvironment environment) {
        String bus = environment.required(EVENT_BUS, "the EventBridge bus the platform's events go to");
        EventBridgeEventBus events = once(EventBridgeEventBus.class, () -> new EventBridgeEventBus(eventBridge(), bus));
        monitorProduction(environment, events);
        return events;
    }

    /**
     * With {@code WFP_CLOUDWATCH_MONITORING=on}, every routing change this container publishes
     * (publish, traffic, rollback) puts the workflow's CloudWatch alarms and its project's dashboard
     * in step with the releases that serve it, before the event goes to EventBridge.
     */
    private void monitorProduction(FunctionEnvironment environment, EventBridgeEventBus events) {
        if (!"on".equals(environment.optional(CLOUDWATCH_MONITORING))) {
            return;
        }
        DynamoDbReleaseStore store = store(environment);
        String namespace = environment.optional(METRICS_NAMESPACE) == null ? EmfForwardedCalls.NAMESPACE
                : environment.optional(METRICS_NAMESPACE);
        String region = environment.optional("AWS_REGION") == null ? "us-east-1" : environment.optional("AWS_REGION");
        DynamoDbAlertStore alertStore = alertStore(environment);
        once(ProductionMonitoringListener.class, () -> {
            // The alarms watch the workflow's stored alert rules, the same thresholds its alerts are judged by.
            ProductionMonitoringListener listener = new ProductionMonitoringListener(
                    new CloudWatchProductionMonitoring(cloudWatch(), namespace, region), store, store, clock,
                    LOG::warn, alertStore::rules);
            events.subscribe(listener);
            return listener;
        });
    }

    PodTokens podTokens(FunctionEnvironment environment) {
        String arn = environment.optional(POD_TOKEN_SECRET_ARN);
        String secret;
        if (arn != null) {
            secret = once(PodTokenSecret.class, () -> new PodTokenSecret(secrets().getSecretValue(b -> b.secretId(arn))
                    .secretString())).value();
        } else {
            secret = environment.required(POD_TOKEN_SECRET, "the secret the pods' tokens derive from; or set "
                    + POD_TOKEN_SECRET_ARN + " to the Secrets Manager secret that holds it");
        }
        return once(PodTokens.class, () -> new PodTokens(secret));
    }

    private record PodTokenSecret(String value) {
        @Override
        public String toString() {
            return "PodTokenSecret[***]";
        }
    }

    DynamoDbPodAddresses podAddresses(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbPodAddresses.class, () -> new DynamoDbPodAddresses(dynamo(), table, clock));
    }

    PodAddressBook podAddressBook(FunctionEnvironment environment) {
        DynamoDbPodAddresses addresses = podAddresses(environment);
        PodTokens tokens = podTokens(environment);
        Duration maxAge = Duration.ofMillis(environment.number(POD_ADDRESS_MAX_AGE_MS, DEFAULT_POD_ADDRESS_MAX_AGE_MS,
                0, 60_000));
        return once(PodAddressBook.class, () -> new PodAddressBook(addresses, tokens, maxAge, System::nanoTime));
    }

    EcsPodManager pods(FunctionEnvironment environment) {
        ProjectSecrets projectSecrets = projectSecrets(environment);
        Supplier<EcsPodManager> manager = podManager(environment);
        return once(EcsPodManager.class, () -> manager.get().useSecrets(projectSecrets));
    }

    /** The pods' states and health, for a function that only watches them (no secrets, no changes). */
    PodFleet watchedPods(FunctionEnvironment environment) {
        Supplier<EcsPodManager> manager = podManager(environment);
        DynamoDbPodPlans plans = podPlans(environment);
        return once(WatchedPods.class, () -> new WatchedPods(new EcsPodFleet(manager.get(), plans))).fleet();
    }

    private record WatchedPods(PodFleet fleet) {
    }

    /** Pod managers from the environment (read and checked now): the caller decides what one may open. */
    private Supplier<EcsPodManager> podManager(FunctionEnvironment environment) {
        String region = environment.optional("AWS_REGION") == null ? "us-east-1" : environment.optional("AWS_REGION");
        EcsPodSettings settings = new EcsPodSettings(
                environment.required(ECS_CLUSTER, "the ECS cluster the users' pod services run in"),
                environment.required(POD_IMAGE, "the pod image built from functions/pod/Dockerfile"),
                environment.requiredList(POD_SUBNETS, "the private subnets the pod tasks run in, comma separated"),
                environment.required(POD_SECURITY_GROUP, "the pods' security group"),
                environment.required(POD_EXECUTION_ROLE_ARN, "the role ECS starts pod tasks with"),
                environment.optional(POD_TASK_ROLE_ARN),
                environment.required(POD_LOG_GROUP, "the CloudWatch Logs group of the pods"),
                region,
                environment.optional(POD_TOKEN_SECRET_PREFIX) == null ? "wfp/pod-token/"
                        : environment.optional(POD_TOKEN_SECRET_PREFIX),
                Duration.ofMillis(environment.number(POD_READY_TIMEOUT_MS, DEFAULT_POD_READY_TIMEOUT_MS, 1_000, 900_000)),
                Duration.ofSeconds(2));
        PodTokens tokens = podTokens(environment);
        DynamoDbPodAddresses addresses = podAddresses(environment);
        DynamoDbPodPlans plans = podPlans(environment);
        return () -> new EcsPodManager(ecs(), secrets(), settings, tokens, plans::planOrDefaults, addresses, podClient(),
                clock, line -> LOG.info("pod progress: {}", line));
    }

    DynamoDbPodPlans podPlans(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbPodPlans.class, () -> new DynamoDbPodPlans(dynamo(), table));
    }

    PodFleet podFleet(FunctionEnvironment environment) {
        EcsPodManager pods = pods(environment);
        DynamoDbPodPlans plans = podPlans(environment);
        return once(EcsPodFleet.class, () -> new EcsPodFleet(pods, plans));
    }

    CloudWatchReleaseMetrics metrics(FunctionEnvironment environment) {
        String namespace = environment.optional(METRICS_NAMESPACE) == null ? EmfForwardedCalls.NAMESPACE
                : environment.optional(METRICS_NAMESPACE);
        return once(CloudWatchReleaseMetrics.class, () -> new CloudWatchReleaseMetrics(cloudWatch(), namespace));
    }

    /**
     * The production telemetry store in {@code WFP_TELEMETRY_LOG_GROUP}, writing into a stream of this
     * container (Lambda's own stream name), or null when the variable is not set: the functions then
     * keep only the EMF metrics and the telemetry routes answer 503.
     */
    CloudWatchLogsTelemetryStore telemetryStore(FunctionEnvironment environment, String writer) {
        String group = environment.optional(TELEMETRY_LOG_GROUP);
        if (group == null) {
            return null;
        }
        String container = environment.optional("AWS_LAMBDA_LOG_STREAM_NAME");
        String stream = writer + "/" + (container == null ? java.util.UUID.randomUUID().toString() : container);
        return once(CloudWatchLogsTelemetryStore.class, () -> new CloudWatchLogsTelemetryStore(logs(), group, stream, clock));
    }

    /**
     * What the route function tells of each forwarded call: the EMF line the rollout guards and the
     * alarms read, and, with a telemetry log group, the minute metrics the metrics routes read,
     * written by a buffer of this container (best effort: a failing write is dropped and counted,
     * never felt by the call; a frozen container writes what it holds when it thaws).
     */
    com.wfp.platform.telemetry.ForwardedCalls forwardedCalls(FunctionEnvironment environment) {
        EmfForwardedCalls emf = new EmfForwardedCalls(System.out, clock);
        com.wfp.platform.telemetry.TelemetryBuffer buffer = telemetryBuffer(environment);
        if (buffer == null) {
            return emf;
        }
        return (releaseId, status, latencyNanos) -> {
            emf.forwarded(releaseId, status, latencyNanos);
            buffer.forwarded(releaseId, status, latencyNanos);
        };
    }

    /**
     * The route function's telemetry buffer (minute metrics and who called each execution), or null
     * without a telemetry log group.
     */
    com.wfp.platform.telemetry.TelemetryBuffer telemetryBuffer(FunctionEnvironment environment) {
        CloudWatchLogsTelemetryStore store = telemetryStore(environment, "route");
        if (store == null) {
            return null;
        }
        DynamoDbReleaseStore releases = store(environment);
        return once(com.wfp.platform.telemetry.TelemetryBuffer.class,
                () -> new com.wfp.platform.telemetry.TelemetryBuffer(store.retainedByLogGroup(),
                        com.wfp.platform.telemetry.ReleaseNames.of(releases), clock));
    }

    /**
     * The pods' execution lines, delivered by the subscription filter on their log group, stored in
     * the telemetry log group ({@code WFP_TELEMETRY_LOG_GROUP}, required here) under this
     * container's stream; releases are named from the table.
     */
    com.wfp.adapters.aws.telemetry.PodLogForwarder podLogForwarder(FunctionEnvironment environment) {
        environment.required(TELEMETRY_LOG_GROUP, "the CloudWatch Logs group the pods' executions are stored in");
        CloudWatchLogsTelemetryStore store = telemetryStore(environment, "pods");
        DynamoDbReleaseStore releases = store(environment);
        return once(com.wfp.adapters.aws.telemetry.PodLogForwarder.class,
                () -> new com.wfp.adapters.aws.telemetry.PodLogForwarder(store.retainedByLogGroup(),
                        com.wfp.platform.telemetry.ReleaseNames.of(releases)));
    }

    /**
     * The production pods' uptime: the checks the rollout tick function makes every minute, counted
     * per user and minute in the platform table ({@code DynamoDbPodCheckStore}).
     */
    com.wfp.platform.alert.PodUptime podUptime(FunctionEnvironment environment) {
        String table = table(environment);
        return once(com.wfp.platform.alert.PodUptime.class, () -> new com.wfp.platform.alert.PodUptime(
                new com.wfp.adapters.aws.store.DynamoDbPodCheckStore(dynamo(), table), clock));
    }

    /** The telemetry routes' queries, or null without a telemetry log group. */
    com.wfp.platform.telemetry.TelemetryQueries telemetryQueries(FunctionEnvironment environment) {
        CloudWatchLogsTelemetryStore store = telemetryStore(environment, "control");
        if (store == null) {
            return null;
        }
        // This function writes no telemetry: its writer's counters are the route functions', in their logs.
        return once(com.wfp.platform.telemetry.TelemetryQueries.class, () -> new com.wfp.platform.telemetry.TelemetryQueries(
                store, () -> new com.wfp.platform.telemetry.TelemetryStats(0, 0, 0, 0, 0, 0), clock));
    }

    // ---- domain services ----

    /**
     * The publish service of the functions that accept publishes: steps are handed to the deploy
     * worker function; of the worker itself ({@code worker} true): it runs them.
     */
    PublishService publishing(FunctionEnvironment environment, boolean worker) {
        DynamoDbReleaseStore store = store(environment);
        EventBridgeEventBus events = events(environment);
        EcsPodManager pods = pods(environment);
        DeploymentWorker handOff = worker
                ? (id, command) -> {
                    throw new IllegalStateException("The deploy worker runs publishes; it does not accept them");
                }
                : new LambdaDeploymentWorker(new DynamoDbDeploymentJobs(dynamo(), table(environment)), lambda(),
                environment.required(DEPLOY_WORKER_FUNCTION, "the deploy worker function a publish hands its steps to"));
        WorkflowValidator validator = new WorkflowValidator();
        ProjectSecrets projectSecrets = projectSecrets(environment);
        return once(PublishService.class, () -> new PublishService(store, store, store, pods, events, validator::validate,
                new PodDryRun(podClient(), projectSecrets), clock, handOff));
    }

    DynamoDbDeploymentJobs deploymentJobs(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbDeploymentJobs.class, () -> new DynamoDbDeploymentJobs(dynamo(), table));
    }

    ControlServices controlServices(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        PublishService publishing = publishing(environment, false);
        String baseUrl = environment.required(PUBLIC_BASE_URL, "the public https:// address of the production URLs");
        // Drafts run in the workflow's user's own pod on ECS, never another user's (see EcsPodDraftRunner).
        EcsPodManager pods = pods(environment);
        ProjectSecrets projectSecrets = projectSecrets(environment);
        DynamoDbDraftRunLeases leases = new DynamoDbDraftRunLeases(dynamo(), table(environment), clock);
        DraftRunner drafts = new EcsPodDraftRunner(pods, podClient(), leases, projectSecrets::forDefinition);
        return once(ControlServices.class, () -> new ControlServices(publishing,
                new DraftService(store, store, store, drafts, clock), new ReleaseQueries(store, store, store),
                new ProductionUrls(() -> baseUrl)));
    }

    TrafficService traffic(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        EcsPodManager pods = pods(environment);
        EventBridgeEventBus events = events(environment);
        return once(TrafficService.class, () -> new TrafficService(store, store, pods, events, clock));
    }

    RolloutController rollouts(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        TrafficService traffic = traffic(environment);
        CloudWatchReleaseMetrics metrics = metrics(environment);
        return once(RolloutController.class, () -> new RolloutController(traffic, store, store, store, metrics, clock));
    }

    TrafficServices trafficServices(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        TrafficService traffic = traffic(environment);
        RolloutController rollouts = rollouts(environment);
        CloudWatchReleaseMetrics metrics = metrics(environment);
        return once(TrafficServices.class, () -> new TrafficServices(traffic, rollouts, new TrafficQueries(store, store),
                metrics, clock));
    }

    /**
     * The services the control functions build their handlers from: control and traffic services,
     * the pods, API keys and the audit trail, people and projects, project secrets. No domain events
     * reach a function, so the deployment events route answers one status event per request.
     */
    HandlerServices controlHandlers(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        AlertMonitor alerts = alertMonitor(environment);
        events(environment);
        ProductionMonitoringListener alarms = built(ProductionMonitoringListener.class);
        if (alarms != null) {
            // Edited rules reach the workflow's CloudWatch alarms at once, not only at its next routing change.
            alerts.onRulesSet(rules -> alarms.update(rules.ref()));
        }
        HandlerServices handlers = HandlerServices.none().withControl(controlServices(environment))
                .withTraffic(trafficServices(environment))
                .withAccess(accessServices(environment))
                .withPods(podFleet(environment))
                .withIdentity(identityServices(environment))
                .withSecrets(projectSecrets(environment))
                .withAlerts(alerts)
                .withNotifier(notifier(environment))
                .withWorkflows(new com.wfp.platform.release.ProjectWorkflows(store, store, alerts::health))
                .withUptime(podUptime(environment));
        com.wfp.platform.telemetry.TelemetryQueries telemetry = telemetryQueries(environment);
        return telemetry == null ? handlers : handlers.withTelemetry(telemetry);
    }

    // ---- alerts and notifications ----

    @SuppressWarnings("unchecked")
    private synchronized <T> T built(Class<T> type) {
        return (T) built.get(type);
    }

    DynamoDbAlertStore alertStore(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbAlertStore.class, () -> new DynamoDbAlertStore(dynamo(), table));
    }

    /**
     * The alert monitor: rules and alerts in the table, error rate and p95 per release from the
     * route function's EMF metrics in CloudWatch ({@code GetMetricData}, the figures the workflow's
     * alarms read), calls for the no-calls rule from the same metrics, pod down from the ECS
     * services and the pods' health, fired and resolved alerts published on the EventBridge bus.
     */
    AlertMonitor alertMonitor(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        DynamoDbAlertStore alerts = alertStore(environment);
        CloudWatchReleaseMetrics metrics = metrics(environment);
        PodFleet pods = watchedPods(environment);
        EventBridgeEventBus events = events(environment);
        return once(AlertMonitor.class, () -> AlertMonitor.countingCallsWith(
                (ref, from, to) -> store.releases(ref).stream()
                        .mapToLong(release -> metrics.stats(release.id(), from, to).requests()).sum(),
                alerts, metrics, store, store, pods, events, clock));
    }

    /**
     * Webhook notifications sent from this function: first attempts in the call that published the
     * event, retries queued in the table for the alert tick. Webhooks go through the workflows'
     * outbound guard (https only, no private, loopback, link-local or metadata addresses, no
     * redirects); {@code WFP_WEBHOOK_PRIVATE_HOSTS} names hosts exempted from it, as
     * {@code wfp start --allow-private-host} does locally.
     */
    Notifier notifier(FunctionEnvironment environment) {
        DynamoDbAlertStore alerts = alertStore(environment);
        String hosts = environment.optional(WEBHOOK_PRIVATE_HOSTS);
        java.util.Set<String> allowed = hosts == null ? java.util.Set.of() : java.util.Arrays.stream(hosts.split(","))
                .map(String::strip).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return once(Notifier.class, () -> new Notifier(alerts, new GuardedWebhookTransport(allowed), alerts, clock,
                Notifier.DEFAULT_BACKOFF));
    }

    /**
     * Subscribes this container's notifier and alert rules to the events it publishes: a
     * deployment's end and fired or resolved alerts reach the project's webhooks, and a workflow's
     * first publish gets the default alert rules.
     */
    void notifyOnEvents(FunctionEnvironment environment) {
        EventBridgeEventBus events = events(environment);
        AlertMonitor alerts = alertMonitor(environment);
        Notifier notifier = notifier(environment);
        once(NotificationSubscription.class, () -> {
            events.subscribe(alerts::onEvent);
            events.subscribe(notifier::onEvent);
            return new NotificationSubscription();
        });
    }

    private record NotificationSubscription() {
    }

    // ---- identity, keys, audit and secrets ----

    DynamoDbIdentityStore identityStore(FunctionEnvironment environment) {
        String table = table(environment);
        return once(DynamoDbIdentityStore.class, () -> new DynamoDbIdentityStore(dynamo(), table));
    }

    /**
     * Who a control call comes from: the admin token (its SHA-256 from {@code WFP_ADMIN_TOKEN_SHA256},
     * compared in constant time), a person's token from the table, or a JWT of the OIDC issuer
     * when {@code WFP_OIDC_ISSUER} names one.
     */
    AccessControl accessControl(FunctionEnvironment environment) {
        byte[] adminSha256 = adminTokenSha256(environment);
        DynamoDbIdentityStore people = identityStore(environment);
        IdentityTokenVerifier oidc = identityTokens(environment);
        return once(AccessControl.class, () -> new AccessControl(people,
                credential -> MessageDigest.isEqual(ControlDispatch.sha256(credential), adminSha256), oidc, clock));
    }

    private record OidcVerifier(IdentityTokenVerifier verifier) {
    }

    /**
     * The verifier of the OIDC issuer {@code WFP_OIDC_ISSUER}, {@code WFP_OIDC_AUDIENCE} and
     * {@code WFP_OIDC_JWKS_URL} name (and {@code WFP_OIDC_PERSON_CLAIM}), or null when no issuer is
     * set: one per container, so the issuer's key set is fetched once and then kept by its cache.
     */
    IdentityTokenVerifier identityTokens(FunctionEnvironment environment) {
        return once(OidcVerifier.class, () -> {
            try {
                return new OidcVerifier(JwksIdentityTokenVerifier.fromEnvironment(environment::optional));
            } catch (IllegalArgumentException e) {
                throw new DomainException("config.invalid", 500, "The " + environment.function()
                        + " function's OIDC settings are incomplete: " + e.getMessage(),
                        "Set all of " + JwksIdentityTokenVerifier.ISSUER_ENV + ", " + JwksIdentityTokenVerifier.AUDIENCE_ENV
                                + " and " + JwksIdentityTokenVerifier.JWKS_URL_ENV + ", or none.", e);
            }
        }).verifier();
    }

    private static byte[] adminTokenSha256(FunctionEnvironment environment) {
        String hex = environment.required(ADMIN_TOKEN_SHA256, "the SHA-256, in hex, of the admin token control calls present");
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new DomainException("config.invalid", 500, ADMIN_TOKEN_SHA256 + " is not 64 hex digits",
                    "Set it to the output of `printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1`.");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** Decides each control call: the caller's role on the project the request names. */
    ControlAuthorizer controlAuthorizer(FunctionEnvironment environment) {
        AccessControl access = accessControl(environment);
        DynamoDbReleaseStore store = store(environment);
        return once(ControlAuthorizer.class, () -> new ControlAuthorizer(access, id -> deploymentProject(store, id)));
    }

    private static Optional<ProjectRef> deploymentProject(DynamoDbReleaseStore store, String id) {
        try {
            return store.deployment(new DeploymentId(id)).map(d -> new ProjectRef(d.ref().user(), d.ref().project()));
        } catch (RuntimeException notADeploymentId) {
            return Optional.empty();
        }
    }

    AuditTrail auditTrail(FunctionEnvironment environment) {
        String table = table(environment);
        return once(AuditTrail.class, () -> new AuditTrail(new DynamoDbAuditLog(dynamo(), table), clock));
    }

    /**
     * The audit records of the calls this container answers. Allowed production calls are counted
     * per key per minute in the container, added by its first call of the next minute to the
     * table's shared count of that key and minute (one atomic {@code ADD}), and each minute's total
     * is written as one record once it has settled, by whichever authorizer or rollout tick sweeps
     * first: a container reclaimed before its next call loses its last minute's count.
     */
    CallAudit callAudit(FunctionEnvironment environment) {
        AuditTrail trail = auditTrail(environment);
        String table = table(environment);
        return once(CallAudit.class, () -> new CallAudit(trail, new InvocationCounter(trail,
                new DynamoDbInvocationCounts(dynamo(), table), clock)));
    }

    AccessServices accessServices(FunctionEnvironment environment) {
        String table = table(environment);
        AuditTrail trail = auditTrail(environment);
        // Other containers' authorizers forget a revoked key within the routing's maximum age.
        return once(AccessServices.class, () -> new AccessServices(
                new ApiKeyService(new DynamoDbKeyStore(dynamo(), table), clock, key -> { }), trail));
    }

    IdentityServices identityServices(FunctionEnvironment environment) {
        DynamoDbIdentityStore people = identityStore(environment);
        AccessControl access = accessControl(environment);
        return once(IdentityServices.class, () -> new IdentityServices(new IdentityService(people, access, clock)));
    }

    /**
     * Project secrets in the table, sealed with AES-256-GCM under a key kept outside it: the
     * Secrets Manager secret {@code WFP_SECRETS_KEY_ARN} names (read once per container), or
     * {@code WFP_SECRETS_KEY} itself.
     */
    ProjectSecrets projectSecrets(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        String table = table(environment);
        SecretStoreKey key = secretStoreKey(environment);
        return once(ProjectSecrets.class, () -> new ProjectSecrets(new DynamoDbSecretStore(dynamo(), table),
                new SecretSealer(key), store, clock));
    }

    private SecretStoreKey secretStoreKey(FunctionEnvironment environment) {
        String arn = environment.optional(SECRETS_KEY_ARN);
        if (arn != null) {
            return once(SecretStoreKey.class, () -> SecretStoreKey.fromText(
                    secrets().getSecretValue(b -> b.secretId(arn)).secretString(), "the secret " + arn));
        }
        String key = environment.optional(SECRETS_KEY);
        if (key == null) {
            environment.required(SECRETS_KEY_ARN, "the Secrets Manager secret holding the key project secrets are"
                    + " sealed with (32 random bytes, base64); or set " + SECRETS_KEY + " to the key itself");
        }
        return SecretStoreKey.fromText(key, "environment variable " + SECRETS_KEY);
    }

    Duration routingMaxAge(FunctionEnvironment environment) {
        return Duration.ofMillis(environment.number(ROUTING_MAX_AGE_MS, DEFAULT_ROUTING_MAX_AGE_MS, 1, 60_000));
    }

    ProductionRouter router(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        PodAddressBook addresses = podAddressBook(environment);
        Duration maxAge = routingMaxAge(environment);
        // A task that replaced another gets its releases again from here, with their declared secrets.
        ProjectSecrets projectSecrets = projectSecrets(environment);
        com.wfp.platform.telemetry.ForwardedCalls forwarded = forwardedCalls(environment);
        return once(ProductionRouter.class, () -> new ProductionRouter(RoutingCache.refreshedByAge(store, store, maxAge),
                store, new ReconnectingPodInvoker(podClient(), addresses), podClient().loader(addresses, projectSecrets),
                forwarded));
    }

    /**
     * Keys and access rules from the table, and the OIDC issuer's verifier for {@code "auth": "token"}
     * triggers when one is configured. No events reach a Lambda in process, so the routing's
     * maximum age also bounds how long a warm authorizer trusts a cached key or rule.
     */
    ProductionAuthorizer authorizer(FunctionEnvironment environment) {
        DynamoDbReleaseStore store = store(environment);
        Duration maxAge = routingMaxAge(environment);
        String table = table(environment);
        IdentityTokenVerifier tokens = identityTokens(environment);
        return once(ProductionAuthorizer.class, () -> new ProductionAuthorizer(
                new WorkflowAccessRules(store, store, null, maxAge, System::nanoTime),
                new DynamoDbKeyStore(dynamo(), table), clock, maxAge, System::nanoTime, tokens));
    }
}
