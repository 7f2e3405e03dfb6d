package com.wfp.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.adapters.local.pod.DebugPodDraftRunner;
import com.wfp.adapters.local.pod.ExecutionTraces;
import com.wfp.adapters.pod.PodDryRun;
import com.wfp.adapters.pod.PodClient;

import com.wfp.adapters.local.events.InProcessEventBus;
import com.wfp.adapters.local.pod.LocalPodManager;
import com.wfp.adapters.local.pod.LocalPodSettings;
import com.wfp.adapters.local.pod.RestoreReport;
import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.platform.notify.GuardedWebhookTransport;
import com.wfp.adapters.local.alert.SqliteAlertStore;
import com.wfp.adapters.local.telemetry.PodExecutionLines;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.alert.PodUptime;
import com.wfp.platform.notify.Notifier;
import com.wfp.adapters.local.telemetry.SqliteTelemetryStore;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.platform.telemetry.TelemetryBuffer;
import com.wfp.platform.telemetry.TelemetryQueries;
import com.wfp.adapters.local.access.SqliteKeyStore;
import com.wfp.adapters.local.secrets.SqliteSecretStore;
import com.wfp.adapters.local.audit.SqliteAuditLog;
import com.wfp.local.gateway.GatewayAudit;
import com.wfp.local.files.OwnerOnlyFiles;
import com.wfp.platform.audit.AuditTrail;
import com.wfp.platform.audit.InvocationCounter;
import com.wfp.handlers.http.AccessServices;
import com.wfp.adapters.local.identity.SqliteIdentityStore;
import com.wfp.handlers.http.ControlAuthorizer;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.local.auth.AdminToken;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.identity.AccessControl;
import com.wfp.platform.identity.CreatedToken;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.handlers.datapath.AuthorizerHandler;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.secrets.ProjectSecrets;
import com.wfp.platform.secrets.SecretSealer;
import com.wfp.workflow.secrets.SecretStoreKey;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.local.telemetry.SlidingWindowReleaseMetrics;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.local.gateway.GatewayWiring;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ProjectWorkflows;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.workflow.validation.WorkflowValidator;

import com.wfp.pod.PodMain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The local platform's composition: the SQLite release store at {@code <data>/wfp.db}, production
 * telemetry at {@code <data>/telemetry.db} (fed by the pods' execution lines and the gateway's forwarded calls), one
 * in-process event bus, the pods as child JVMs (state under {@code <data>/pods}), the publish,
 * draft and release services, and what the gateway needs to serve them. Opening it marks
 * deployments cut off by the last stop as failed, brings the pods back with their releases and
 * takes up the rollouts that were running or paused, at their step; closing it stops the pods,
 * then everything else.
 */
final class PlatformServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformServices.class);

    private static final int PUBLISH_THREADS = 4;
    private static final int PUBLISH_QUEUE = 64;
    /** How often running rollouts are judged; their windows and intervals are seconds or more. */
    private static final Duration ROLLOUT_TICK = Duration.ofSeconds(1);
    private static final Duration ALERT_TICK = Duration.ofSeconds(2);

    private final SqliteReleaseStore store;
    private final InProcessEventBus events;
    private final LocalPodManager pods;
    private final PodClient podClient;
    private final ThreadPoolExecutor publishExecutor;
    private final RoutingCache routing;
    private final WorkflowAccessRules accessRules;
    private final InvocationCounter invocations;
    private final SlidingWindowReleaseMetrics metrics;
    private final SqliteTelemetryStore telemetryStore;
    private final TelemetryBuffer telemetry;
    private final ScheduledExecutorService rolloutTicks;
    private final SqliteAlertStore alertStore;
    private final ScheduledExecutorService alertTicks;
    private final ScheduledExecutorService notifications;
    private final GatewayWiring wiring;
    private final int interruptedDeployments;
    private final RestoreReport restored;
    private final List<RolloutState> resumedRollouts;

    private final java.util.Optional<CreatedToken> firstOwnerToken;

    private PlatformServices(Path dataDir, Supplier<String> baseUrl, Set<String> allowedPrivateHosts,
                             AdminToken adminToken, IdentityTokenVerifier oidc) {
        Clock clock = Clock.systemUTC();
        this.store = new SqliteReleaseStore(dataDir.resolve("wfp.db"), clock);
        // The database holds key hashes and the audit trail: owner-only, however it was created.
        for (String file : List.of("wfp.db", "wfp.db-wal", "wfp.db-shm")) {
            OwnerOnlyFiles.restrict(dataDir.resolve(file));
        }
        this.interruptedDeployments = store.markInterruptedDeploymentsFailed();
        this.events = new InProcessEventBus();
        // Telemetry has a file of its own, so its writes never queue behind publishes; it holds masked inputs: owner-only.
        this.telemetryStore = new SqliteTelemetryStore(dataDir.resolve("telemetry.db"), clock);
        for (String file : List.of("telemetry.db", "telemetry.db-wal", "telemetry.db-shm")) {
            OwnerOnlyFiles.restrict(dataDir.resolve(file));
        }
        ReleaseNames releaseNames = ReleaseNames.of(store);
        this.telemetry = new TelemetryBuffer(telemetryStore, releaseNames, clock, TelemetryBuffer.DEFAULT_CAPACITY,
                Duration.ofSeconds(1), TelemetryBuffer.Retention.parse(System.getenv("WFP_TELEMETRY_RETENTION")));
        ExecutionTraces traces = new ExecutionTraces();
        PodExecutionLines executionLines = new PodExecutionLines(releaseNames, telemetry::execution);
        this.pods = new LocalPodManager(podSettings(dataDir, allowedPrivateHosts), (user, kind, line) -> {
            traces.accept(user, kind, line);
            executionLines.accept(user, kind, line);
        });
        ProjectSecrets secrets = new ProjectSecrets(new SqliteSecretStore(store.database()),
                new SecretSealer(secretStoreKey(dataDir)), store, clock);
        pods.useSecrets(secrets);
        this.podClient = new PodClient();
        this.publishExecutor = new ThreadPoolExecutor(PUBLISH_THREADS, PUBLISH_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(PUBLISH_QUEUE), Thread.ofPlatform().name("wfp-publish-", 0).daemon().factory());
        WorkflowValidator validator = new WorkflowValidator();
        PublishService publishing = new PublishService(store, store, store, pods, events, validator::validate, new PodDryRun(podClient, secrets),
                clock, publishExecutor);
        this.restored = pods.restoreAll();
        this.routing = new RoutingCache(store, store, events);
        ProductionUrls urls = new ProductionUrls(baseUrl);
        ControlServices services = new ControlServices(publishing,
                new DraftService(store, store, store, new DebugPodDraftRunner(pods, podClient, traces, secrets::forDefinition), clock),
                new ReleaseQueries(store, store, store), urls);
        TrafficService traffic = new TrafficService(store, store, pods, events, clock);
        this.metrics = new SlidingWindowReleaseMetrics(clock);
        RolloutController rollouts = new RolloutController(traffic, store, store, store, metrics, clock);
        this.resumedRollouts = rollouts.resume();
        this.rolloutTicks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("wfp-rollout-ticks").daemon().factory());
        rollouts.schedule(rolloutTicks, ROLLOUT_TICK);
        // Alerts and channels hold webhook secrets: a file of their own, owner-only.
        this.alertStore = new SqliteAlertStore(dataDir.resolve("alerts.db"), clock);
        for (String file : List.of("alerts.db", "alerts.db-wal", "alerts.db-shm")) {
            OwnerOnlyFiles.restrict(dataDir.resolve(file));
        }
        AlertMonitor alerts = new AlertMonitor(alertStore, metrics, telemetryStore, store, store, pods, events, clock);
        PodUptime uptime = new PodUptime(alertStore, clock);
        this.notifications = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().name("wfp-notify-", 0).daemon().factory());
        Notifier notifier = new Notifier(alertStore, new GuardedWebhookTransport(allowedPrivateHosts), notifications,
                clock, Notifier.DEFAULT_BACKOFF);
        events.subscribe(alerts::onEvent);
        events.subscribe(notifier::onEvent);
        this.alertTicks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("wfp-alert-ticks").daemon().factory());
        alertTicks.scheduleWithFixedDelay(() -> {
            try {
                uptime.record(pods.pods());
                alerts.evaluateAll();
            } catch (RuntimeException e) {
                // A tick that throws would end the schedule; the next one tries again.
                LOG.warn("alerts could not be judged", e);
            }
        }, ALERT_TICK.toMillis(), ALERT_TICK.toMillis(), TimeUnit.MILLISECONDS);
        this.accessRules = new WorkflowAccessRules(store, store, events, null, System::nanoTime);
        SqliteKeyStore keyStore = new SqliteKeyStore(store.database());
        ProductionAuthorizer authorizer = new ProductionAuthorizer(accessRules, keyStore, clock, null, System::nanoTime,
                oidc);
        AuditTrail audit = new AuditTrail(new SqliteAuditLog(store.database()), clock);
        this.invocations = new InvocationCounter(audit, clock);
        AccessServices access = new AccessServices(new ApiKeyService(keyStore, clock, authorizer::forget), audit);
        SqliteIdentityStore people = new SqliteIdentityStore(store.database());
        AccessControl control = new AccessControl(people,
                credential -> adminToken.acceptsAuthorization("Bearer " + credential), oidc, clock);
        IdentityService identity = new IdentityService(people, control, clock);
        this.firstOwnerToken = identity.bootstrap(FIRST_OWNER, new ProjectRef(FIRST_OWNER, "default"));
        ControlAuthorizer controlAuthorizer = new ControlAuthorizer(control, id -> deploymentProject(store, id));
        this.wiring = GatewayWiring.platform(HandlerServices.none().withControl(services)
                        .withTraffic(new TrafficServices(traffic, rollouts, new TrafficQueries(store, store), metrics,
                                clock))
                        .withAccess(access)
                        .withPods(pods).withSecrets(secrets)
                        .withIdentity(new IdentityServices(identity))
                        .withTelemetry(new TelemetryQueries(telemetryStore, telemetry::stats, clock))
                        .withAlerts(alerts)
                        .withUptime(uptime)
                        .withNotifier(notifier)
                        .withWorkflows(new ProjectWorkflows(store, store, alerts::health))
                        .withProgress(events),
                GatewayWiring.DataPath.local(new AuthorizerHandler(authorizer), routing, store, pods, podClient,
                        (releaseId, status, latencyNanos) -> {
                            metrics.record(releaseId, status, latencyNanos);
                            telemetry.forwarded(releaseId, status, latencyNanos);
                        }),
                new GatewayAudit(audit, invocations))
                .withControl(controlAuthorizer);
    }

    /** The project a deployment published to, for the authorizer of the deployment routes. */
    private static java.util.Optional<ProjectRef> deploymentProject(SqliteReleaseStore store, String id) {
        try {
            return store.deployment(new DeploymentId(id))
                    .map(d -> new ProjectRef(d.ref().user(), d.ref().project()));
        } catch (RuntimeException notADeploymentId) {
            return java.util.Optional.empty();
        }
    }

    /** The person the first start creates, owner of {@code local/default} (the CLI's default project). */
    static final String FIRST_OWNER = "local";

    /** The token made for the first owner on the first start, or empty when the platform had people already. */
    java.util.Optional<CreatedToken> firstOwnerToken() {
        return firstOwnerToken;
    }

    /**
     * Opens the store, marks interrupted deployments failed, restores the pods and resumes the
     * rollouts; on the first start creates the first owner.
     *
     * @param allowedPrivateHosts private hosts the pods' {@code http.request} may reach
     * @param adminToken          the bootstrap credential, which may do everything
     * @param oidc                verifies JWTs of the configured OIDC issuer, or null for none
     */
    static PlatformServices open(Path dataDir, Supplier<String> baseUrl, Set<String> allowedPrivateHosts,
                                 AdminToken adminToken, IdentityTokenVerifier oidc) {
        return new PlatformServices(dataDir, baseUrl, allowedPrivateHosts, adminToken, oidc);
    }

    /**
     * The key project secrets are sealed with: {@code WFP_SECRETS_KEY} when set, else the owner-only
     * key file {@code secrets.key} of the data directory, made on first start. Either way it is
     * never in the database.
     */
    private static SecretStoreKey secretStoreKey(Path dataDir) {
        Path keyFile = dataDir.resolve("secrets.key");
        if (System.getenv(SecretStoreKey.DEFAULT_VARIABLE) == null && !Files.exists(keyFile)) {
            return SecretStoreKey.generateFile(keyFile);
        }
        if (Files.exists(keyFile)) {
            OwnerOnlyFiles.restrict(keyFile);
        }
        return SecretStoreKey.locate(keyFile, SecretStoreKey.DEFAULT_VARIABLE, System.getenv());
    }

    private static LocalPodSettings podSettings(Path dataDir, Set<String> allowedPrivateHosts) {
        LocalPodSettings settings = LocalPodSettings.defaults(dataDir.resolve("pods"));
        return allowedPrivateHosts.isEmpty() ? settings : settings.withExtraJvmOptions(List.of(
                "-D" + PodMain.ALLOW_PRIVATE_HOSTS_PROPERTY + "=" + String.join(",", allowedPrivateHosts)));
    }

    GatewayWiring wiring() {
        return wiring;
    }

    /** Deployments that were running when the platform last stopped, now marked failed. */
    int interruptedDeployments() {
        return interruptedDeployments;
    }

    RestoreReport restored() {
        return restored;
    }

    /** The rollouts that were running or paused when the platform last stopped, as taken up now. */
    List<RolloutState> resumedRollouts() {
        return resumedRollouts;
    }

    /** The users' pods. */
    LocalPodManager pods() {
        return pods;
    }

    @Override
    public void close() {
        // The ticks before the pods they look at: stopping the pods takes a while, and a tick in it found
        // the pod manager shut and logged that the alerts could not be judged.
        rolloutTicks.shutdownNow();
        alertTicks.shutdownNow();
        try {
            pods.close();
        } finally {
            publishExecutor.shutdownNow();
            notifications.shutdownNow();
            routing.close();
            accessRules.close();
            try {
                invocations.close();
            } catch (RuntimeException e) {
                LOG.warn("the last minute's call counts were not recorded", e);
            }
            podClient.close();
            events.close();
            // After the pods, so their last lines are in; the buffer stores what it holds before the file closes.
            telemetry.close();
            telemetryStore.close();
            alertStore.close();
            store.close();
        }
    }
}
