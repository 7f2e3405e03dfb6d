package com.wfp.platform.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseListing;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.platform.telemetry.InMemoryReleaseMetrics;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.validation.Finding;
import com.wfp.workflow.validation.Severity;
import com.wfp.workflow.validation.ValidationReport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The publish orchestration against a real store (each store module runs it with its own
 * adapter), an in-memory pod manager, and failures injected one step at a time.
 */
public abstract class PublishServiceContract {

    protected static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");

    /** A fresh, empty store. */
    protected abstract ReleaseStore newStore();

    protected ReleaseStore store;
    protected InMemoryPodManager pods;
    protected RecordingEventBus events;
    protected ExecutorService executor;
    protected PublishService service;

    /** Errors for every node whose id starts with "bad", a warning for auth none. */
    protected static ValidationReport validate(Workflow workflow) {
        List<Finding> findings = workflow.nodes().stream()
                .filter(n -> n.id().startsWith("bad"))
                .map(n -> new Finding("config.bad-node", Severity.ERROR, n.id(), n.path(), "The node is bad", "Remove it"))
                .toList();
        return ValidationReport.of(findings);
    }

    protected static String definition(String responseText, boolean withExample, String extraNodeId) {
        String example = withExample ? ", \"example\": {\"orderId\": \"A-1\"}" : "";
        String extra = extraNodeId == null ? "" : ", {\"id\": \"" + extraNodeId + "\", \"type\": \"transform\", \"config\": {\"expression\": \"1\"}}";
        return """
                {"format": 1, "id": "order-intake", "name": "Order intake",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"%s}},
                   {"id": "ok", "type": "respond", "config": {"status": 200, "body": "'%s'"}}%s
                 ],
                 "edges": [{"from": "in", "to": "ok"}]}
                """.formatted(example, responseText, extra);
    }

    @BeforeEach
    void setUp() {
        store = newStore();
        pods = new InMemoryPodManager();
        events = new RecordingEventBus();
        executor = Executors.newSingleThreadExecutor();
        service = new PublishService(store, store, store, pods, events, PublishServiceContract::validate, pods, Clock.systemUTC(), executor);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    protected static PublishCommand command(String version, String definition, PublishStrategy strategy) {
        return new PublishCommand(ORDERS, definition, version, "notes " + version, strategy, "alice", null);
    }

    protected Deployment publishAndWait(PublishCommand command) throws Exception {
        Deployment started = service.start(command);
        return service.finished(started.id()).get(30, TimeUnit.SECONDS);
    }

    protected Release publishOk(String version, PublishStrategy strategy) throws Exception {
        Deployment d = publishAndWait(command(version, definition(version, true, null), strategy));
        assertThat(d.state()).as("deployment of %s: %s", version, d.failure()).isEqualTo(DeploymentState.SUCCEEDED);
        return store.release(d.releaseId()).orElseThrow();
    }

    @Test
    void publish_whenEveryStepWorks_routesAllTrafficAndRecordsEachStep() throws Exception {
        Deployment d = publishAndWait(command("v1.0.0", definition("hi", true, null), PublishStrategy.canary(10)));

        assertThat(d.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(d.currentStep()).isEqualTo(DeploymentStep.DONE);
        assertThat(d.steps()).extracting(StepRecord::step).containsExactlyElementsOf(DeploymentStep.workingSteps());
        assertThat(d.steps()).allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
            assertThat(s.endedAt()).isAfterOrEqualTo(s.startedAt());
        });
        assertThat(store.deployment(d.id())).contains(d);

        Release release = store.release(d.releaseId()).orElseThrow();
        assertThat(release.versionName()).isEqualTo("v1.0.0");
        assertThat(release.notes()).isEqualTo("notes v1.0.0");
        assertThat(new ObjectMapper().readTree(release.definition()))
                .isEqualTo(new ObjectMapper().readTree(definition("hi", true, null)));
        assertThat(release.validationReport()).contains("\"valid\":true");
        assertThat(store.routing(ORDERS).weights()).containsExactly(new RouteWeight(release.id(), 100));
        assertThat(pods.loaded("alice")).containsExactly(release.id());
        assertThat(pods.calls()).contains("dryRun " + release.id() + " {\"orderId\":\"A-1\"}");

        List<DomainEvent.Published> published = events.events(DomainEvent.Published.class);
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.releaseId()).isEqualTo(release.id());
            assertThat(p.strategy()).isEqualTo(PublishStrategy.ALL);
            assertThat(p.routingRevision()).isEqualTo(1);
        });
        assertThat(events.events(DomainEvent.TrafficChanged.class)).singleElement()
                .satisfies(t -> assertThat(t.routing()).isEqualTo(store.routing(ORDERS)));
        List<DomainEvent.DeploymentProgress> progress = events.events(DomainEvent.DeploymentProgress.class);
        assertThat(progress).hasSize(12);
        assertThat(progress.getLast().percentDone()).isEqualTo(100);
        assertThat(progress).extracting(DomainEvent.DeploymentProgress::percentDone).isSorted();
        assertThat(store.routingHistory(ORDERS).getFirst().why()).contains("v1.0.0").contains("first release");
    }

    @Test
    void start_withADocumentIdenticalToALiveReleaseAndUnchangedNotAllowed_isRefused409AndPublishesNothing() throws Exception {
        publishOk("v1.0.0", PublishStrategy.ALL);
        // The same document with other formatting: the canonical sha256 is what counts.
        String same = definition("v1.0.0", true, null).replace("\n", " ");
        int releases = store.releases(ORDERS).size();

        assertThatThrownBy(() -> service.start(new PublishCommand(ORDERS, same, "v1.0.1", null, PublishStrategy.ALL,
                "alice", null, false)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("publish.unchanged");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("identical to v1.0.0").contains("100%");
                    assertThat(e.hint()).contains("allowUnchanged").contains("--allow-unchanged");
                });
        assertThat(store.releases(ORDERS)).hasSize(releases);

        Deployment allowed = publishAndWait(new PublishCommand(ORDERS, same, "v1.0.1", null, PublishStrategy.ALL,
                "alice", null, true));
        assertThat(allowed.state()).isEqualTo(DeploymentState.SUCCEEDED);
        Deployment changed = publishAndWait(new PublishCommand(ORDERS, definition("other", true, null), "v1.0.2", null,
                PublishStrategy.ALL, "alice", null, false));
        assertThat(changed.state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void start_returnsARunningDeploymentBeforeAnyStepRuns() {
        Queue<Runnable> held = new ArrayDeque<>();
        PublishService queued = new PublishService(store, store, store, pods, events, PublishServiceContract::validate, pods,
                Clock.systemUTC(), held::add);

        Deployment started = queued.start(command("v1.0.0", definition("hi", true, null), PublishStrategy.ALL));

        assertThat(started.state()).isEqualTo(DeploymentState.RUNNING);
        assertThat(started.steps()).isEmpty();
        DeploymentStatus status = queued.status(started.id());
        assertThat(status.percentDone()).isZero();
        assertThat(status.currentStep()).isEqualTo(DeploymentStep.VALIDATE);
        long defaults = DeploymentStep.workingSteps().stream().mapToLong(StepDurations.COLD_DEFAULTS_MS::get).sum();
        assertThat(status.etaMs()).isEqualTo(defaults);
        assertThat(pods.calls()).isEmpty();

        held.remove().run();

        DeploymentStatus done = queued.status(started.id());
        assertThat(done.deployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.percentDone()).isEqualTo(100);
        assertThat(done.etaMs()).isZero();
        assertThat(done.currentStep()).isEqualTo(DeploymentStep.DONE);
    }

    @Test
    void publish_withCanary_givesTheNewReleaseItsShareAndScalesTheRest() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        Release v2 = publishOk("v1.0.1", PublishStrategy.canary(30));
        Release v3 = publishOk("v1.0.2", PublishStrategy.canary(10));

        assertThat(store.routing(ORDERS).weights()).containsExactly(
                new RouteWeight(v3.id(), 10), new RouteWeight(v2.id(), 27), new RouteWeight(v1.id(), 63));
        assertThat(store.routing(ORDERS).revision()).isEqualTo(3);
    }

    @Test
    void publish_staged_routesTheNewReleaseAtZeroPercent() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        Release v2 = publishOk("v2.0.0", PublishStrategy.STAGED);

        assertThat(store.routing(ORDERS).weights()).containsExactly(new RouteWeight(v2.id(), 0), new RouteWeight(v1.id(), 100));
        assertThat(events.events(DomainEvent.Published.class).getLast().strategy()).isEqualTo(PublishStrategy.STAGED);
    }

    @Test
    void publish_whenValidationFindsErrors_failsAtValidateWithTheReportAndCreatesNothing() throws Exception {
        Deployment d = publishAndWait(command("v1.0.0", definition("hi", true, "bad-node"), PublishStrategy.ALL));

        assertThat(d.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(d.currentStep()).isEqualTo(DeploymentStep.VALIDATE);
        assertThat(d.failure().code()).isEqualTo("publish.validation-failed");
        assertThat(d.failure().message()).contains("bad-node");
        assertThat(new ObjectMapper().readTree(d.failure().details()).path("findings").get(0).path("code").asText())
                .isEqualTo("config.bad-node");
        assertThat(d.steps()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(StepOutcome.FAILED);
            assertThat(s.error()).isEqualTo(d.failure().message());
        });
        assertThat(store.releases(ORDERS)).isEmpty();
        assertThat(store.routing(ORDERS).revision()).isZero();
        assertThat(pods.calls()).isEmpty();
        assertThat(events.events(DomainEvent.DeploymentFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.failure()).isEqualTo(d.failure()));
    }

    @Test
    void publish_whenTheDocumentIsNotJson_failsAtValidateWithTheParseError() throws Exception {
        Deployment d = publishAndWait(command("v1.0.0", "{\"format\": 1,", PublishStrategy.ALL));

        assertThat(d.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(d.failure().step()).isEqualTo(DeploymentStep.VALIDATE);
        assertThat(d.failure().code()).isEqualTo("parse.syntax");
        assertThat(d.failure().hint()).isNotBlank();
    }

    @Test
    void start_whenTheVersionNameExists_refusesAt409SuggestingTheNextVersionAndStartsNothing() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        RoutingConfig before = store.routing(ORDERS);

        assertThatThrownBy(() -> service.start(command("v1.0.0", definition("other", true, null), PublishStrategy.ALL)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("release.version-exists");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("'v1.0.0'").contains("'v1.0.1'");
                    assertThat(e.hint()).contains("v1.0.1");
                });
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(store.releases(ORDERS)).containsExactly(v1);
    }

    @Test
    void publish_whenThePodCannotStart_failsAtEnsurePodAndKeepsRouting() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        RoutingConfig before = store.routing(ORDERS);
        pods.failEnsurePod(DomainException.unavailable("pod.start-failed", "The pod did not start", "Check Java", null));

        Deployment d = publishAndWait(command("v1.1.0", definition("new", true, null), PublishStrategy.ALL));

        assertFailedAt(d, DeploymentStep.ENSURE_POD, "pod.start-failed");
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(store.releases(ORDERS)).hasSize(2);
        assertThat(before.weights()).containsExactly(new RouteWeight(v1.id(), 100));
    }

    @Test
    void publish_whenThePodLoadFails_failsAtLoadAndKeepsRouting() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        RoutingConfig before = store.routing(ORDERS);
        pods.failLoad(DomainException.unavailable("pod.load-failed", "The pod refused the release", "Retry", null));

        Deployment d = publishAndWait(command("v1.1.0", definition("new", true, null), PublishStrategy.ALL));

        assertFailedAt(d, DeploymentStep.LOAD, "pod.load-failed");
        assertThat(d.failure().message()).contains("refused");
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(pods.loaded("alice")).containsExactly(v1.id());
        assertThat(d.releaseId()).isNotNull().isNotEqualTo(v1.id());
    }

    @Test
    void publish_whenThePodConfirmsAnotherSha256_failsAtLoadAndUnloadsTheRelease() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        RoutingConfig before = store.routing(ORDERS);
        pods.alterDefinitionsOnLoad();

        Deployment d = publishAndWait(command("v1.1.0", definition("new", true, null), PublishStrategy.ALL));

        assertFailedAt(d, DeploymentStep.LOAD, "pod.sha-mismatch");
        assertThat(d.failure().message()).contains(store.release(d.releaseId()).orElseThrow().sha256());
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(pods.loaded("alice")).containsExactly(v1.id());
    }

    @Test
    void publish_whenTheDryRunFails_failsAtHealthCheckAndKeepsRouting() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        RoutingConfig before = store.routing(ORDERS);
        pods.answerDryRunsWith(500);

        Deployment d = publishAndWait(command("v1.1.0", definition("new", true, null), PublishStrategy.canary(50)));

        assertFailedAt(d, DeploymentStep.HEALTH_CHECK, "publish.dry-run-failed");
        assertThat(d.failure().message()).contains("500").contains("lookup");
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(store.routingHistory(ORDERS)).hasSize(1);
        assertThat(pods.loaded("alice")).containsExactly(v1.id());
        assertThat(events.events(DomainEvent.TrafficChanged.class)).hasSize(1);
    }

    @Test
    void failedRelease_whenItsDryRunFailed_isListedFailedAndNothingRoutesIt() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        publishOk("v1.1.0", PublishStrategy.STAGED);
        pods.answerDryRunsWith(500);
        Deployment d = publishAndWait(command("v1.2.0", definition("new", true, null), PublishStrategy.ALL));
        assertFailedAt(d, DeploymentStep.HEALTH_CHECK, "publish.dry-run-failed");
        assertThat(d.failure().hint()).contains("v1.2.0 is marked failed").contains("publish again as 'v1.2.1'");
        RoutingConfig before = store.routing(ORDERS);
        TrafficService traffic = new TrafficService(store, store, pods, events, Clock.systemUTC());
        RolloutController rollouts = new RolloutController(traffic, store, store, store, new InMemoryReleaseMetrics(),
                Clock.systemUTC());
        RolloutGuard guard = new RolloutGuard(0.05, 800, 100, Duration.ofSeconds(60));

        assertThat(ReleaseListing.load(store, store, store, ORDERS).entries())
                .extracting(ReleaseListing.Entry::versionName, ReleaseListing.Entry::status)
                .containsExactly(tuple("v1.2.0", ReleaseListing.Status.FAILED), tuple("v1.1.0", ReleaseListing.Status.STAGED),
                        tuple("v1.0.0", ReleaseListing.Status.LIVE));
        List<ThrowingCallable> attempts = List.of(
                () -> traffic.promote(ORDERS, "v1.2.0", "alice", null),
                () -> traffic.setWeights(ORDERS, before.revision(), Map.of("v1.2.0", 10, "v1.0.0", 90), "alice", null),
                () -> traffic.setWeights(ORDERS, before.revision(), Map.of("v1.2.0", 0, "v1.0.0", 100), "alice", null),
                () -> traffic.shift(ORDERS, "v1.2.0", 50, "alice", null),
                () -> traffic.setShadow(ORDERS, "v1.2.0", 10, "alice", null),
                () -> traffic.rollback(ORDERS, "v1.2.0", "alice", null),
                () -> rollouts.start(ORDERS, new RolloutPlan("v1.2.0", List.of(10, 100), Duration.ofMinutes(1), guard), "alice"));
        for (ThrowingCallable attempt : attempts) {
            assertThatThrownBy(attempt).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo("release.failed");
                assertThat(e.httpStatus()).isEqualTo(409);
                assertThat(e.getMessage()).contains("v1.2.0").contains("failed its deployment");
                assertThat(e.hint()).contains("new version name");
            });
        }
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        // A release that passed stays routable even while it takes no traffic; a blue/green switch
        // only ever swaps releases that are routed.
        assertThat(traffic.promote(ORDERS, "v1.1.0", "alice", null).after().weightOf(store.releaseByVersion(ORDERS, "v1.1.0")
                .orElseThrow().id())).contains(100);
        assertThat(traffic.blueGreenSwitch(ORDERS, "alice", null).after().weightOf(v1.id())).contains(100);
        // Policy: the failed release keeps its name, and the refusal says so.
        assertThatThrownBy(() -> service.start(command("v1.2.0", definition("fixed", true, null), PublishStrategy.ALL)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("release.version-exists");
                    assertThat(e.getMessage()).contains("a release whose deployment failed keeps the name")
                            .contains("'v1.2.1'");
                });
    }

    @Test
    void publish_withoutAnExample_skipsTheDryRun() throws Exception {
        pods.answerDryRunsWith(500);

        Deployment d = publishAndWait(command("v1.0.0", definition("hi", false, null), PublishStrategy.ALL));

        assertThat(d.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(pods.calls()).noneMatch(c -> c.startsWith("dryRun"));
    }

    @Test
    void publish_whenThePodIsUnhealthy_failsAtHealthCheck() throws Exception {
        pods.reportUnhealthy();

        Deployment d = publishAndWait(command("v1.0.0", definition("hi", true, null), PublishStrategy.ALL));

        assertFailedAt(d, DeploymentStep.HEALTH_CHECK, "pod.unhealthy");
        assertThat(store.routing(ORDERS).isEmpty()).isTrue();
    }

    @Test
    void start_whenTheSameUserRepeatsTheIdempotencyKey_returnsTheFirstDeploymentAndPublishesOnce() throws Exception {
        PublishCommand first = new PublishCommand(ORDERS, definition("hi", true, null), "v1.0.0", null, PublishStrategy.ALL,
                "alice", "retry-key");
        Deployment a = publishAndWait(first);

        Deployment b = service.start(first);

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(store.releases(ORDERS)).hasSize(1);
    }

    @Test
    void publish_readsTheRoutingAsItIsAtTheRouteStep() throws Exception {
        Release v1 = publishOk("v1.0.0", PublishStrategy.ALL);
        Release v2 = publishOk("v1.1.0", PublishStrategy.STAGED);
        events.subscribe(e -> {
            if (e instanceof DomainEvent.DeploymentProgress p && p.step() == DeploymentStep.HEALTH_CHECK
                    && p.outcome() == StepOutcome.RUNNING) {
                RoutingConfig now = store.routing(ORDERS);
                store.compareAndSetRouting(ORDERS, now.revision(), now.withWeights(List.of(
                        new RouteWeight(v2.id(), 50), new RouteWeight(v1.id(), 50))), "bob", "split meanwhile");
            }
        });

        Release v3 = publishOk("v1.2.0", PublishStrategy.canary(20));

        assertThat(store.routing(ORDERS).weights()).containsExactly(
                new RouteWeight(v3.id(), 20), new RouteWeight(v2.id(), 40), new RouteWeight(v1.id(), 40));
        assertThat(store.routing(ORDERS).revision()).isEqualTo(4);
    }

    @Test
    void status_whenTheDeploymentIsUnknown_failsWithNotFound() {
        assertThatThrownBy(() -> service.status(DeploymentId.newId()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void status_ofAFailedDeployment_reportsTheStepsDoneAndNoEta() throws Exception {
        pods.failLoad(DomainException.unavailable("pod.load-failed", "refused", "Retry", null));
        Deployment d = publishAndWait(command("v1.0.0", definition("hi", true, null), PublishStrategy.ALL));

        DeploymentStatus status = service.status(d.id());

        assertThat(status.currentStep()).isEqualTo(DeploymentStep.LOAD);
        assertThat(status.percentDone()).isEqualTo(3 * 100 / 6);
        assertThat(status.etaMs()).isZero();
    }

    private static void assertFailedAt(Deployment d, DeploymentStep step, String code) {
        assertThat(d.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(d.currentStep()).isEqualTo(step);
        assertThat(d.failure().step()).isEqualTo(step);
        assertThat(d.failure().code()).isEqualTo(code);
        assertThat(d.steps().getLast().step()).isEqualTo(step);
        assertThat(d.steps().getLast().outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(d.steps().subList(0, d.steps().size() - 1)).allSatisfy(s -> assertThat(s.outcome()).isEqualTo(StepOutcome.SUCCEEDED));
    }
}
