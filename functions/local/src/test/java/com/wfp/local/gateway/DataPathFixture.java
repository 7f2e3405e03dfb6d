package com.wfp.local.gateway;

import com.wfp.adapters.local.events.InProcessEventBus;
import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.adapters.local.telemetry.PodExecutionLines;
import com.wfp.adapters.local.telemetry.SqliteTelemetryStore;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.platform.telemetry.TelemetryBuffer;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminToken;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.adapters.pod.PodClient;
import com.wfp.adapters.pod.PodDryRun;
import com.wfp.local.tls.CertificateStore;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.workflow.validation.WorkflowValidator;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A gateway with the data path and event stream over the real SQLite store, event bus and
 * publish service, and a real pod server in this JVM ({@link InProcessPods}).
 */
final class DataPathFixture implements AutoCloseable {

    static final WorkflowRef GREETER = new WorkflowRef("ada", "shop", "greeter");

    static {
        // Before any field builds an HTTP client: the JDK reads its TLS protocol settings once per JVM, and the
        // TLS 1.1 refusal test run later in the same JVM needs the legacy protocols left enabled on this side.
        TlsTestClients.allowLegacyProtocolsInThisJvm();
    }

    final SqliteReleaseStore store;
    final InProcessEventBus events = new InProcessEventBus();
    final InProcessPods pods;
    final PodClient calls = new PodClient();
    final PublishService publishing;
    final AdminToken token;
    final LocalGateway gateway;
    final HttpClient client;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RoutingCache routing;
    /** The data path's authorization; its keys live in the store's database. */
    final TestAccess access;
    /** People, tokens, projects and members, in the store's database; they decide control calls beside the admin token. */
    final com.wfp.platform.identity.IdentityService identity;
    /** Every control call and refused production call is recorded here, as on the platform. */
    final com.wfp.platform.audit.AuditTrail auditTrail;
    /** Production telemetry as the platform wires it, or null when this fixture records none. */
    final TelemetryBuffer telemetry;
    private final SqliteTelemetryStore telemetryStore;
    /** Alerts, rules, channels and deliveries (with telemetry only), behind the same routes as on the platform. */
    final com.wfp.adapters.local.alert.SqliteAlertStore alertStore;
    private final java.util.concurrent.ScheduledExecutorService notifications =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    DataPathFixture(Path dataDir) {
        this(dataDir, false);
    }

    /**
     * @param withTelemetry whether the gateway and the pod's execution lines feed telemetry as on the
     *                      platform: forwarded calls into the buffer, each line parsed into an execution
     *                      record (with its caller), the buffer drained into {@code telemetry.db}
     */
    DataPathFixture(Path dataDir, boolean withTelemetry) {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        store = new SqliteReleaseStore(dataDir.resolve("wfp.db"));
        if (withTelemetry) {
            ReleaseNames names = ReleaseNames.of(store);
            telemetryStore = new SqliteTelemetryStore(dataDir.resolve("telemetry.db"), Clock.systemUTC());
            telemetry = new TelemetryBuffer(telemetryStore, names, Clock.systemUTC());
            PodExecutionLines lines = new PodExecutionLines(names, telemetry::execution);
            pods = new InProcessPods((user, line) -> lines.accept(user, "production", line));
            alertStore = new com.wfp.adapters.local.alert.SqliteAlertStore(dataDir.resolve("alerts.db"), Clock.systemUTC());
        } else {
            telemetryStore = null;
            telemetry = null;
            pods = new InProcessPods();
            alertStore = null;
        }
        publishing = new PublishService(store, store, store, pods, events, new WorkflowValidator()::validate, new PodDryRun(calls),
                Clock.systemUTC(), executor);
        routing = new RoutingCache(store, store, events);
        access = TestAccess.of(store, events);
        token = new AdminTokenStore(dataDir).loadOrCreate();
        LocalGateway[] started = new LocalGateway[1];
        ProductionUrls urls = new ProductionUrls(() -> "https://localhost:" + started[0].httpsPort());
        DraftRunner noDrafts = (ref, definition, input) -> {
            throw new IllegalStateException("This fixture runs no drafts");
        };
        ControlServices services = new ControlServices(publishing, new DraftService(store, store, store, noDrafts, Clock.systemUTC()),
                new ReleaseQueries(store, store, store), urls);
        auditTrail = new com.wfp.platform.audit.AuditTrail(
                new com.wfp.adapters.local.audit.SqliteAuditLog(store.database()), Clock.systemUTC());
        var people = new com.wfp.adapters.local.identity.SqliteIdentityStore(store.database());
        var control = new com.wfp.platform.identity.AccessControl(people,
                credential -> token.acceptsAuthorization("Bearer " + credential), null, Clock.systemUTC());
        identity = new com.wfp.platform.identity.IdentityService(people, control, Clock.systemUTC());
        HandlerServices handlers = HandlerServices.none().withControl(services).withProgress(events);
        if (telemetry != null) {
            var alerts = new com.wfp.platform.alert.AlertMonitor(alertStore,
                    new com.wfp.local.telemetry.SlidingWindowReleaseMetrics(Clock.systemUTC()), telemetryStore, store, store,
                    null, events, Clock.systemUTC());
            // Webhooks are recorded as delivered without leaving the machine.
            var notifier = new com.wfp.platform.notify.Notifier(alertStore, (url, headers, body) -> 204, notifications,
                    Clock.systemUTC(), com.wfp.platform.notify.Notifier.DEFAULT_BACKOFF);
            events.subscribe(alerts::onEvent);
            events.subscribe(notifier::onEvent);
            TelemetryBuffer buffer = telemetry;
            handlers = handlers.withTelemetry(
                            new com.wfp.platform.telemetry.TelemetryQueries(telemetryStore, buffer::stats, Clock.systemUTC()))
                    .withAlerts(alerts)
                    .withUptime(new com.wfp.platform.alert.PodUptime(alertStore, Clock.systemUTC()))
                    .withNotifier(notifier);
        }
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, GatewaySettings.HTTP_OFF,
                new CertificateStore(dataDir).loadOrCreate(), token, GatewaySettings.DEFAULT_MAX_BODY_BYTES),
                GatewayWiring.platform(handlers.withIdentity(new com.wfp.handlers.http.IdentityServices(identity))
                                .withAccess(new com.wfp.handlers.http.AccessServices(access.keys(), auditTrail)),
                        telemetry == null ? GatewayWiring.DataPath.local(access.authorizer(), routing, store, pods, calls)
                                : GatewayWiring.DataPath.local(access.authorizer(), routing, store, pods, calls,
                                telemetry),
                        new GatewayAudit(auditTrail, new com.wfp.platform.audit.InvocationCounter(auditTrail, Clock.systemUTC())))
                        .withControl(new com.wfp.handlers.http.ControlAuthorizer(control, id -> {
                            try {
                                return store.deployment(new com.wfp.platform.deployment.DeploymentId(id))
                                        .map(d -> new com.wfp.platform.identity.ProjectRef(d.ref().user(), d.ref().project()));
                            } catch (RuntimeException notAnId) {
                                return java.util.Optional.empty();
                            }
                        }))).start();
        started[0] = gateway;
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
    }

    /** The execution as the telemetry store holds it once the buffer has written it, waiting up to 10 s. */
    com.wfp.platform.telemetry.ExecutionRecord telemetryExecution(String executionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var record = telemetryStore.execution(executionId).filter(r -> r.status() != null);
            if (record.isPresent()) {
                return record.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No execution " + executionId + " in telemetry after 10 s");
    }

    /** How many executions the telemetry store lists for the query. */
    int telemetryExecutions(com.wfp.platform.telemetry.ExecutionQuery query) {
        return telemetryStore.executions(query).size();
    }

    URI url(String pathAndQuery) {
        return URI.create("https://localhost:" + gateway.httpsPort() + pathAndQuery);
    }

    /** A workflow anyone may call ({@code "auth": "none"}), answering with {@code word} and what it saw of the request. */
    static String echo(String word) {
        return """
                {"format": 1, "id": "greeter",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "none"}},
                   {"id": "shape", "type": "transform", "config": {"expression":
                     "{ 'word': '%s', 'q': request.query.q, 'custom': request.headers.`x-custom`, 'auth': request.headers.authorization, 'path': request.path, 'method': request.method, 'host': request.headers.host, 'input': input }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(word);
    }

    /** Publishes to all traffic and waits for the deployment to succeed. */
    Deployment publish(String version, String definition) throws Exception {
        return publish(GREETER, version, definition);
    }

    /** Publishes {@code ref} to all traffic and waits for the deployment to succeed. */
    Deployment publish(WorkflowRef ref, String version, String definition) throws Exception {
        Deployment started = publishing.start(new PublishCommand(ref, definition, version, null,
                PublishStrategy.ALL, ref.user(), null));
        Deployment done = publishing.finished(started.id()).get(30, TimeUnit.SECONDS);
        if (done.state() != DeploymentState.SUCCEEDED) {
            throw new IllegalStateException("The publish of " + version + " failed: " + done.failure());
        }
        // Events reach the routing cache on their own thread; a call made before then may see the previous routing.
        long current = store.routing(ref).revision();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (routing.decider(ref).revision() < current && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (routing.decider(ref).revision() < current) {
            throw new IllegalStateException("The gateway still serves an older routing of " + ref + " after 10 s");
        }
        return done;
    }

    @Override
    public void close() {
        gateway.close();
        routing.close();
        access.close();
        executor.shutdownNow();
        calls.close();
        pods.close();
        events.close();
        notifications.shutdownNow();
        if (telemetry != null) {
            telemetry.close();
            telemetryStore.close();
            alertStore.close();
        }
        store.close();
    }
}
