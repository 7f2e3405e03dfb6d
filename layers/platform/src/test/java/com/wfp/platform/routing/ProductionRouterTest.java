package com.wfp.platform.routing;

import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ForwardedCalls;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class ProductionRouterTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final InMemoryPodManager pods = new InMemoryPodManager();
    private final RecordingEventBus events = new RecordingEventBus();
    private final TrafficService traffic = new TrafficService(store, store, pods, events, Clock.fixed(T0, ZoneOffset.UTC));
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private RoutingCache routing;
    private ProductionRouter router;
    private Release v1;
    private Release v2;

    @BeforeEach
    void publishTwoReleases() {
        v1 = publish("v1");
        v2 = publish("v2");
        // As the two publishes leave it: v1 serving, v2 staged.
        RoutingConfig empty = store.routing(ORDERS);
        store.compareAndSetRouting(ORDERS, empty.revision(), empty.withWeights(List.of(new RouteWeight(v2.id(), 0),
                new RouteWeight(v1.id(), 100))), "alice", "v2 staged");
        routing = new RoutingCache(store, store, events);
        router = new ProductionRouter(routing, store, pods, ReleaseLoader.of(pods),
                (release, status, nanos) -> observed.add(release + " " + status));
    }

    @AfterEach
    void close() {
        router.close();
        routing.close();
    }

    private Release publish(String version) {
        String definition = "{\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\"}";
        Release release = store.createRelease(NewRelease.of(ORDERS, version, "", definition, "{}", "alice", T0));
        pods.ensurePod("alice");
        pods.load("alice", release.id(), "order-intake", version, definition);
        return release;
    }

    private static ProductionCall routed(Map<String, List<String>> headers) {
        return new ProductionCall(ORDERS, null, "POST", headers, null, "/w/alice/shop/order-intake",
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void serve_whenRouted_sendsTheCallToTheWeightedReleaseAndTellsTheTelemetry() {
        RoutedAnswer answer = router.serve(routed(Map.of()));

        assertThat(answer.releaseId()).isEqualTo(v1.id());
        assertThat(answer.versionName()).isEqualTo("v1");
        assertThat(answer.answer().status()).isEqualTo(200);
        assertThat(new String(answer.answer().body(), StandardCharsets.UTF_8)).contains("\"input\":{\"n\":1}");
        assertThat(observed).containsExactly(v1.id() + " 200");
    }

    @Test
    void serve_whenTheVersionHeaderNamesAStagedRelease_sendsItThere() {
        RoutedAnswer answer = router.serve(routed(Map.of("x-workflow-version", List.of("v2"))));

        assertThat(answer.versionName()).isEqualTo("v2");
        assertThat(pods.calls()).contains("run alice " + v2.id());
    }

    @Test
    void serve_whenPinned_sendsTheCallToThatVersionWhateverTheWeights() {
        RoutedAnswer answer = router.serve(new ProductionCall(ORDERS, "v2", "GET", Map.of(), "a=1", "/p", null, null));

        assertThat(answer.releaseId()).isEqualTo(v2.id());
    }

    @Test
    void serve_whenPinnedToAnUnknownVersion_answers404NamingIt() {
        assertThatThrownBy(() -> router.serve(new ProductionCall(ORDERS, "v9", "GET", Map.of(), null, "/p", null, null)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("v9");
                });
    }

    @Test
    void serve_whenTheWorkflowIsUnknown_answers404() {
        ProductionCall call = new ProductionCall(new WorkflowRef("alice", "shop", "nothing"), null, "GET", Map.of(),
                null, "/p", null, null);

        assertThatThrownBy(() -> router.serve(call))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void serve_whenThePodLostTheRelease_loadsItAgainAndRetriesOnce() {
        pods.unload("alice", v1.id());

        RoutedAnswer answer = router.serve(routed(Map.of()));

        assertThat(answer.answer().status()).isEqualTo(200);
        assertThat(pods.loaded("alice")).contains(v1.id());
        assertThat(pods.calls().subList(pods.calls().size() - 3, pods.calls().size()))
                .containsExactly("run alice " + v1.id(), "load alice " + v1.id(), "run alice " + v1.id());
    }

    @Test
    void serve_whenTheReloadedDefinitionDiffers_answers502AndDoesNotRun() {
        pods.unload("alice", v1.id());
        pods.alterDefinitionsOnLoad();

        assertThatThrownBy(() -> router.serve(routed(Map.of())))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.bad-load");
                    assertThat(e.httpStatus()).isEqualTo(502);
                });
        assertThat(observed).containsExactly(v1.id() + " 502");
    }

    @Test
    void serve_whenThePodDoesNotAnswer_tellsTheTelemetryTheFailureAndRethrows() {
        pods.failEnsurePod(DomainException.unavailable("pod.unreachable", "down", "retry", null));

        assertThatThrownBy(() -> router.serve(routed(Map.of())))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(observed).containsExactly(v1.id() + " 503");
    }

    @Test
    void serve_whenShadowIsOn_mirrorsACopyMarkedShadowAndAnswersFromTheLiveRelease() throws Exception {
        traffic.setShadow(ORDERS, "v2", 100, "alice", "try v2 on real traffic");

        RoutedAnswer answer = router.serve(routed(Map.of()));
        answer.shadowCopy().get(5, TimeUnit.SECONDS);

        assertThat(answer.releaseId()).isEqualTo(v1.id());
        assertThat(pods.calls()).contains("run alice " + v2.id() + " shadow");
        assertThat(observed).contains(v2.id() + " 200");
        assertThat(router.shadowCopiesSent()).isEqualTo(1);
    }

    @Test
    void serve_whenTheAuthorizerNamedTheCaller_sendsItWithTheLiveCallAndItsShadowCopy() throws Exception {
        traffic.setShadow(ORDERS, "v2", 100, "alice", "try v2 on real traffic");
        List<PodCall> sent = new CopyOnWriteArrayList<>();
        try (ProductionRouter recording = new ProductionRouter(routing, store, call -> {
            sent.add(call);
            return pods.invoke(call);
        }, ReleaseLoader.of(pods), ForwardedCalls.NONE)) {
            ProductionCall call = new ProductionCall(ORDERS, null, "POST", Map.of(), null, "/w/alice/shop/order-intake",
                    null, "key_0123456789abcdef");

            recording.serve(call).shadowCopy().get(5, TimeUnit.SECONDS);
        }

        assertThat(sent).extracting(PodCall::shadow, PodCall::callerKeyId).containsExactlyInAnyOrder(
                tuple(false, "key_0123456789abcdef"),
                tuple(true, "key_0123456789abcdef"));
    }

    @Test
    void serve_whenStickyByHeader_keepsOneCallerOnOneRelease() {
        traffic.setWeights(ORDERS, store.routing(ORDERS).revision(), Map.of("v1", 50, "v2", 50), "alice", "split");
        traffic.setStickiness(ORDERS, Stickiness.header("X-Tenant"), "alice", "tenants stay put");

        for (String tenant : List.of("acme", "globex", "initech")) {
            ReleaseId first = router.serve(routed(Map.of("X-Tenant", List.of(tenant)))).releaseId();
            for (int i = 0; i < 20; i++) {
                assertThat(router.serve(routed(Map.of("x-tenant", List.of(tenant)))).releaseId()).isEqualTo(first);
            }
        }
    }

    @Test
    void serve_afterATrafficChange_routesByTheNewWeights() {
        router.serve(routed(Map.of()));

        traffic.promote(ORDERS, "v2", "alice", "v2 is good");

        assertThat(router.serve(routed(Map.of())).versionName()).isEqualTo("v2");
    }

    @Test
    void serve_whenTheWorkflowIsRetired_answers410WithTheReasonOnEveryUrlAndRunsNothingUntilItIsRoutedAgain() {
        router.serve(routed(Map.of()));
        observed.clear();
        long runsBefore = pods.calls().stream().filter(c -> c.startsWith("run ")).count();

        traffic.retireWorkflow(ORDERS, "moved to /w/alice/shop/orders-v2", "alice");

        for (ProductionCall call : List.of(routed(Map.of()), routed(Map.of("x-workflow-version", List.of("v2"))),
                new ProductionCall(ORDERS, "v1", "GET", Map.of(), null, "/p", null, null))) {
            assertThatThrownBy(() -> router.serve(call)).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(410);
                assertThat(e.code()).isEqualTo("workflow.retired");
                assertThat(e.getMessage()).contains("moved to /w/alice/shop/orders-v2");
                assertThat(e.hint()).contains("publish");
            });
        }
        assertThat(pods.calls().stream().filter(c -> c.startsWith("run ")).count()).isEqualTo(runsBefore);
        assertThat(observed).isEmpty();
        assertThat(store.releases(ORDERS)).hasSize(2);
        assertThat(store.routingHistory(ORDERS).getFirst().why())
                .isEqualTo("retire the workflow: retired (was v2 0%, v1 100%); reason: moved to /w/alice/shop/orders-v2");

        traffic.rollback(ORDERS, null, "alice", "still needed");

        assertThat(router.serve(routed(Map.of())).versionName()).isEqualTo("v1");
        assertThat(store.routing(ORDERS).retired()).isNull();
    }

    @Test
    void retireWorkflow_whenNothingWasPublished_answers404AndATooLongReason400() {
        assertThatThrownBy(() -> traffic.retireWorkflow(new WorkflowRef("alice", "shop", "nothing"), null, "alice"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("workflow.not-found"));
        assertThatThrownBy(() -> traffic.retireWorkflow(ORDERS, "x".repeat(501), "alice"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        assertThat(store.routing(ORDERS).retired()).isNull();
    }

    @Test
    void podAnswer_whenNotFoundForAnotherReason_isNotTakenForALostRelease() {
        PodAnswer notFound = new PodAnswer(404, Map.of(), "{\"error\":{\"code\":\"node.not-found\"}}".getBytes());

        assertThat(notFound.releaseNotLoaded()).isFalse();
    }
}
