package com.wfp.local.gateway;

import com.wfp.adapters.local.events.InProcessEventBus;
import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.adapters.pod.PodClient;
import com.wfp.adapters.pod.PodDryRun;
import com.wfp.local.telemetry.SlidingWindowReleaseMetrics;
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
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.validation.WorkflowValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing through the real gateway over HTTPS to a real pod: weighted splits within a binomial
 * bound, the pinned URL and the version header winning over weights, sticky callers staying on
 * their release, shadow copies reaching the shadow without changing the answer, and every
 * forwarded call counted for the rollout telemetry.
 */
class TrafficRoutingGatewayTest {

    private static final WorkflowRef GREETER = new WorkflowRef("ada", "shop", "greeter");

    @TempDir
    Path dataDir;

    private SqliteReleaseStore store;
    private InProcessEventBus events;
    private InProcessPods pods;
    private PodClient calls;
    private ExecutorService executor;
    private RoutingCache routing;
    private PublishService publishing;
    private TrafficService traffic;
    private SlidingWindowReleaseMetrics metrics;
    private LocalGateway gateway;
    private HttpClient client;

    @BeforeEach
    void start() {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        store = new SqliteReleaseStore(dataDir.resolve("wfp.db"));
        events = new InProcessEventBus();
        pods = new InProcessPods();
        calls = new PodClient();
        executor = Executors.newFixedThreadPool(2);
        publishing = new PublishService(store, store, store, pods, events, new WorkflowValidator()::validate, new PodDryRun(calls),
                Clock.systemUTC(), executor);
        routing = new RoutingCache(store, store, events);
        traffic = new TrafficService(store, store, pods, events, Clock.systemUTC());
        metrics = new SlidingWindowReleaseMetrics(Clock.systemUTC());
        ProductionUrls urls = new ProductionUrls(() -> "https://localhost:" + gateway.httpsPort());
        DraftRunner unused = (ref, definition, input) -> {
            throw new IllegalStateException("no draft runs here");
        };
        ControlServices services = new ControlServices(publishing, new DraftService(store, store, store, unused, Clock.systemUTC()),
                new ReleaseQueries(store, store, store), urls);
        TrafficServices trafficServices = new TrafficServices(traffic,
                new RolloutController(traffic, store, store, store, metrics, Clock.systemUTC()), new TrafficQueries(store, store));
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, GatewaySettings.HTTP_OFF,
                new CertificateStore(dataDir).loadOrCreate(), new AdminTokenStore(dataDir).loadOrCreate(),
                GatewaySettings.DEFAULT_MAX_BODY_BYTES),
                GatewayWiring.platform(HandlerServices.none().withControl(services).withTraffic(trafficServices)
                                .withProgress(events),
                        GatewayWiring.DataPath.local(TestAccess.of(store, events).authorizer(), routing, store, pods,
                                calls, metrics::record))).start();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        gateway.close();
        routing.close();
        executor.shutdownNow();
        calls.close();
        pods.close();
        events.close();
        store.close();
    }

    private static String greeter(String word) {
        return """
                {"format": 1, "id": "greeter",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "none"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'word': '%s' }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(word);
    }

    private Deployment publish(String version, String strategy) throws Exception {
        Deployment started = publishing.start(new PublishCommand(GREETER, greeter(version), version, null,
                PublishStrategy.parse(strategy), "ada", null));
        Deployment done = publishing.finished(started.id()).get(30, TimeUnit.SECONDS);
        assertThat(done.state()).as(String.valueOf(done.failure())).isEqualTo(DeploymentState.SUCCEEDED);
        awaitGatewaySeesCurrentRouting();
        return done;
    }

    /** Events reach the routing cache on their own thread; a call made before then may see the previous routing. */
    private void awaitGatewaySeesCurrentRouting() throws InterruptedException {
        long current = store.routing(GREETER).revision();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (routing.decider(GREETER).revision() < current && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(routing.decider(GREETER).revision()).as("routing revision the gateway serves").isEqualTo(current);
    }

    private String versionOf(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.httpsPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String version = answer.headers().firstValue("X-Workflow-Version").orElseThrow();
        assertThat(answer.body()).contains(version);
        return version;
    }

    @Test
    void routedCalls_withA90To10Split_landWithinABinomialBoundOfTheWeights() throws Exception {
        publish("v1.0.0", "all");
        publish("v1.1.0", "canary:10");
        int n = 1000;
        int canary = 0;

        for (int i = 0; i < n; i++) {
            if (versionOf("/w/ada/shop/greeter", Map.of()).equals("v1.1.0")) {
                canary++;
            }
        }

        // Mean 100, standard deviation sqrt(1000 * 0.1 * 0.9) = 9.5: five deviations either side.
        assertThat(canary).isBetween(100 - 48, 100 + 48);
    }

    @Test
    void pinnedUrlAndVersionHeader_winOverTheWeights() throws Exception {
        publish("v1.0.0", "all");
        publish("v1.1.0", "canary:10");

        for (int i = 0; i < 30; i++) {
            assertThat(versionOf("/w/ada/shop/greeter/v/v1.1.0", Map.of())).isEqualTo("v1.1.0");
            assertThat(versionOf("/w/ada/shop/greeter", Map.of("X-Workflow-Version", "v1.1.0"))).isEqualTo("v1.1.0");
            assertThat(versionOf("/w/ada/shop/greeter/v/v1.0.0", Map.of("X-Workflow-Version", "v1.1.0")))
                    .isEqualTo("v1.0.0");
        }
    }

    @Test
    void stickyCallers_byApiKeyOrHeader_stayOnTheirReleaseWhileTogetherTheyReachBoth() throws Exception {
        publish("v1.0.0", "all");
        publish("v1.1.0", "canary:50");
        traffic.setStickiness(GREETER, Stickiness.CALLER_KEY, "ada", "test");
        awaitGatewaySeesCurrentRouting();
        Set<String> reached = new HashSet<>();

        for (int caller = 0; caller < 24; caller++) {
            Set<String> seen = new HashSet<>();
            for (int call = 0; call < 6; call++) {
                seen.add(versionOf("/w/ada/shop/greeter", Map.of("X-Api-Key", "key-" + caller)));
            }
            assertThat(seen).as("caller %d", caller).hasSize(1);
            reached.addAll(seen);
        }
        assertThat(reached).containsExactlyInAnyOrder("v1.0.0", "v1.1.0");

        traffic.setStickiness(GREETER, Stickiness.header("X-User"), "ada", "test");
        awaitGatewaySeesCurrentRouting();
        for (int caller = 0; caller < 12; caller++) {
            Set<String> seen = new HashSet<>();
            for (int call = 0; call < 6; call++) {
                seen.add(versionOf("/w/ada/shop/greeter", Map.of("X-User", "user-" + caller)));
            }
            assertThat(seen).as("user %d", caller).hasSize(1);
        }
    }

    @Test
    void shadow_getsACopyOfEveryCallWhileCallersOnlySeeTheLiveRelease() throws Exception {
        Deployment v1 = publish("v1.0.0", "all");
        Deployment v2 = publish("v1.1.0", "staged");
        traffic.setShadow(GREETER, "v1.1.0", 100, "ada", "try v1.1.0 on live calls");
        awaitGatewaySeesCurrentRouting();

        for (int i = 0; i < 20; i++) {
            assertThat(versionOf("/w/ada/shop/greeter", Map.of())).isEqualTo("v1.0.0");
        }

        Instant from = Instant.now().minusSeconds(60);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metrics.stats(v2.releaseId(), from, Instant.now().plusSeconds(1)).requests() < 20
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metrics.stats(v2.releaseId(), from, Instant.now().plusSeconds(1)).requests()).isEqualTo(20);
        assertThat(metrics.stats(v2.releaseId(), from, Instant.now().plusSeconds(1)).errors()).isZero();
        assertThat(metrics.stats(v1.releaseId(), from, Instant.now().plusSeconds(1)).requests()).isEqualTo(20);
    }
}
