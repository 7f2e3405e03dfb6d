package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ReleaseStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store from {@link #newStore()}.
 */
public abstract class ReleaseStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-15T10:00:00.123456Z");
    protected static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    protected static final WorkflowRef REFUNDS = new WorkflowRef("alice", "shop", "refunds");

    protected ReleaseStore store;

    /** A fresh, empty store. */
    protected abstract ReleaseStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A canonical definition that differs per {@code variant}. */
    protected static String definition(String variant) {
        return "{\"edges\":[],\"format\":1,\"id\":\"order-intake\",\"name\":\"" + variant + "\",\"nodes\":[]}";
    }

    protected static NewRelease newRelease(WorkflowRef ref, String version) {
        return NewRelease.of(ref, version, "notes for " + version, definition(version), "{\"valid\":true,\"findings\":[]}",
                "alice", T0);
    }

    protected Release publish(WorkflowRef ref, String version) {
        return store.createRelease(newRelease(ref, version));
    }

    protected RoutingConfig routeAll(Release release) {
        RoutingConfig current = store.routing(release.ref());
        return store.compareAndSetRouting(release.ref(), current.revision(),
                current.withWeights(List.of(new RouteWeight(release.id(), 100))), "alice", "all to " + release.versionName());
    }

    protected static Deployment newDeployment(WorkflowRef ref, String version, String by, String idempotencyKey) {
        return Deployment.start(DeploymentId.newId(), ref, version, PublishStrategy.ALL, by, T0, idempotencyKey);
    }

    // ---- drafts ----

    @Test
    void draft_whenNoneSaved_isEmpty() {
        assertThat(store.draft(ORDERS)).isEmpty();
    }

    @Test
    void saveDraft_thenDraft_returnsTheSameDraft() {
        Draft draft = Draft.of(ORDERS, definition("a"), "alice", T0);

        store.saveDraft(draft);

        assertThat(store.draft(ORDERS)).contains(draft);
        assertThat(store.draft(REFUNDS)).isEmpty();
    }

    @Test
    void saveDraft_whenOneExists_replacesIt() {
        store.saveDraft(Draft.of(ORDERS, definition("a"), "alice", T0));
        Draft second = Draft.of(ORDERS, definition("b"), "bob", T0.plusSeconds(5));

        store.saveDraft(second);

        assertThat(store.draft(ORDERS)).contains(second);
    }

    @Test
    void draftDiffersFromLive_whenNoDraft_isFalse() {
        routeAll(publish(ORDERS, "v1.0.0"));

        assertThat(store.draftDiffersFromLive(ORDERS)).isFalse();
    }

    @Test
    void draftDiffersFromLive_whenNothingLive_isTrue() {
        publish(ORDERS, "v1.0.0");
        store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));

        assertThat(store.draftDiffersFromLive(ORDERS)).isTrue();
    }

    @Test
    void draftDiffersFromLive_whenDraftEqualsLiveRelease_isFalse() {
        routeAll(publish(ORDERS, "v1.0.0"));
        store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));

        assertThat(store.draftDiffersFromLive(ORDERS)).isFalse();
    }

    @Test
    void draftDiffersFromLive_comparesWithTheReleaseTakingMostTraffic() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        RoutingConfig routing = store.routing(ORDERS);
        store.compareAndSetRouting(ORDERS, routing.revision(), routing.withWeights(List.of(
                new RouteWeight(v2.id(), 30), new RouteWeight(v1.id(), 70))), "alice", "split");

        store.saveDraft(Draft.of(ORDERS, definition("v2.0.0"), "alice", T0));
        assertThat(store.draftDiffersFromLive(ORDERS)).isTrue();

        store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));
        assertThat(store.draftDiffersFromLive(ORDERS)).isFalse();
    }

    // ---- releases ----

    @Test
    void createRelease_assignsSequenceNumbersPerWorkflowFromOne() {
        Release a1 = publish(ORDERS, "v1.0.0");
        Release a2 = publish(ORDERS, "v1.0.1");
        Release b1 = publish(REFUNDS, "v1.0.0");
        Release a3 = publish(ORDERS, "v1.1.0");

        assertThat(List.of(a1.seq(), a2.seq(), a3.seq())).containsExactly(1L, 2L, 3L);
        assertThat(b1.seq()).isEqualTo(1L);
        assertThat(Set.of(a1.id(), a2.id(), a3.id(), b1.id())).hasSize(4);
    }

    @Test
    void createRelease_keepsEveryFieldOfTheRequest() {
        NewRelease request = NewRelease.of(ORDERS, "Production-Release-Jan2024", "Fixes the tier lookup.\nSecond line ü",
                definition("x"), "{\"valid\":true,\"findings\":[{\"code\":\"security.auth-none\"}]}", "bob", T0);

        Release created = store.createRelease(request);

        assertThat(created).isEqualTo(request.toRelease(created.id(), 1));
        assertThat(store.release(created.id())).contains(created);
    }

    @Test
    void createRelease_whenVersionNameExists_failsWithConflictSuggestingTheNextVersion() {
        publish(ORDERS, "v1.0.0");
        publish(ORDERS, "v1.0.1");

        assertThatThrownBy(() -> publish(ORDERS, "v1.0.0"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("release.version-exists");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("v1.0.0").contains(ORDERS.path());
                    assertThat(e.hint()).contains("v1.0.2");
                });
        assertThat(store.releases(ORDERS)).hasSize(2);
    }

    @Test
    void createRelease_whenVersionNameExistsInAnotherWorkflow_succeeds() {
        publish(REFUNDS, "v1.0.0");

        assertThat(publish(ORDERS, "v1.0.0").seq()).isEqualTo(1L);
    }

    @Test
    void release_whenUnknown_isEmpty() {
        assertThat(store.release(ReleaseId.newId())).isEmpty();
    }

    @Test
    void releases_listsNewestFirst() {
        publish(ORDERS, "v1.0.0");
        publish(ORDERS, "v1.0.1");
        publish(ORDERS, "v2.0.0");
        publish(REFUNDS, "r1");

        assertThat(store.releases(ORDERS)).extracting(Release::versionName).containsExactly("v2.0.0", "v1.0.1", "v1.0.0");
        assertThat(store.releases(new WorkflowRef("bob", "shop", "order-intake"))).isEmpty();
    }

    @Test
    void releaseByVersion_findsExactlyThatName() {
        Release v1 = publish(ORDERS, "v1.0.0");
        publish(ORDERS, "v1.0.1");

        assertThat(store.releaseByVersion(ORDERS, "v1.0.0")).contains(v1);
        assertThat(store.releaseByVersion(ORDERS, "V1.0.0")).isEmpty();
        assertThat(store.releaseByVersion(REFUNDS, "v1.0.0")).isEmpty();
    }

    // ---- routing ----

    @Test
    void routing_whenNeverRouted_isEmptyAtRevisionZero() {
        RoutingConfig routing = store.routing(ORDERS);

        assertThat(routing).isEqualTo(RoutingConfig.empty(ORDERS));
        assertThat(routing.revision()).isZero();
        assertThat(routing.isEmpty()).isTrue();
    }

    @Test
    void compareAndSetRouting_whenRevisionMatches_storesWithTheNextRevision() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        RoutingConfig wanted = new RoutingConfig(ORDERS, 0, List.of(new RouteWeight(v2.id(), 90), new RouteWeight(v1.id(), 10)),
                Stickiness.header("X-Customer-Id"), new Shadow(v1.id(), 25));

        RoutingConfig stored = store.compareAndSetRouting(ORDERS, 0, wanted, "alice", "split 90/10");

        assertThat(stored).isEqualTo(wanted.withRevision(1));
        assertThat(store.routing(ORDERS)).isEqualTo(stored);
        assertThat(store.routing(ORDERS).stickiness().text()).isEqualTo("header:x-customer-id");
        assertThat(store.routing(REFUNDS).revision()).isZero();

        RoutingConfig second = store.compareAndSetRouting(ORDERS, 1, stored.withWeights(List.of(new RouteWeight(v1.id(), 100))),
                "bob", "back to v1");
        assertThat(second.revision()).isEqualTo(2);
        assertThat(store.routing(ORDERS).weights()).containsExactly(new RouteWeight(v1.id(), 100));
    }

    @Test
    void compareAndSetRouting_whenRevisionIsStale_failsNamingTheCurrentRevisionAndChangesNothing() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        RoutingConfig first = routeAll(v1);

        assertThatThrownBy(() -> store.compareAndSetRouting(ORDERS, 0,
                first.withWeights(List.of(new RouteWeight(v2.id(), 100))), "bob", "late"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("routing.stale-revision");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("revision 1");
                    assertThat(e.hint()).isNotBlank();
                });
        assertThat(store.routing(ORDERS)).isEqualTo(first);
        assertThat(store.routingHistory(ORDERS)).hasSize(1);
    }

    @Test
    void compareAndSetRouting_whenAReleaseBelongsToAnotherWorkflow_failsAndChangesNothing() {
        Release refund = publish(REFUNDS, "v1.0.0");

        assertThatThrownBy(() -> store.compareAndSetRouting(ORDERS, 0,
                RoutingConfig.empty(ORDERS).withWeights(List.of(new RouteWeight(refund.id(), 100))), "alice", "wrong"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("routing.unknown-release");
                    assertThat(e.httpStatus()).isEqualTo(422);
                });
        assertThat(store.routing(ORDERS).revision()).isZero();
    }

    @Test
    void compareAndSetRouting_whenTheShadowIsUnknown_fails() {
        Release v1 = publish(ORDERS, "v1.0.0");
        RoutingConfig withUnknownShadow = new RoutingConfig(ORDERS, 0, List.of(new RouteWeight(v1.id(), 100)),
                Stickiness.OFF, new Shadow(ReleaseId.newId(), 10));

        assertThatThrownBy(() -> store.compareAndSetRouting(ORDERS, 0, withUnknownShadow, "alice", "shadow"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("routing.unknown-release"));
    }

    @Test
    void compareAndSetRouting_canEmptyTheRouting() {
        RoutingConfig first = routeAll(publish(ORDERS, "v1.0.0"));

        RoutingConfig emptied = store.compareAndSetRouting(ORDERS, first.revision(), first.withWeights(List.of()), "alice",
                "take offline");

        assertThat(emptied.isEmpty()).isTrue();
        assertThat(emptied.revision()).isEqualTo(2);
    }

    @Test
    void routingHistory_listsEveryChangeNewestFirstWithBeforeAfterByAndWhy() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        RoutingConfig r1 = routeAll(v1);
        RoutingConfig r2 = store.compareAndSetRouting(ORDERS, 1, r1.withWeights(List.of(new RouteWeight(v2.id(), 100))),
                "bob", "all to v2");

        List<RoutingChange> history = store.routingHistory(ORDERS);

        assertThat(history).extracting(RoutingChange::revision).containsExactly(2L, 1L);
        RoutingChange latest = history.getFirst();
        assertThat(latest.before()).isEqualTo(r1);
        assertThat(latest.after()).isEqualTo(r2);
        assertThat(latest.by()).isEqualTo("bob");
        assertThat(latest.why()).isEqualTo("all to v2");
        assertThat(latest.at()).isNotNull();
        assertThat(history.get(1).before()).isEqualTo(RoutingConfig.empty(ORDERS));
        assertThat(store.routingHistory(REFUNDS)).isEmpty();
    }

    // ---- deployments ----

    @Test
    void createDeployment_thenDeployment_returnsIt() {
        Deployment d = newDeployment(ORDERS, "v1.0.0", "alice", null);

        Deployment created = store.createDeployment(d);

        assertThat(created).isEqualTo(d);
        assertThat(store.deployment(d.id())).contains(d);
        assertThat(store.deployment(DeploymentId.newId())).isEmpty();
    }

    @Test
    void createDeployment_whenTheSameUserRepeatsAnIdempotencyKey_returnsTheExistingDeployment() {
        Deployment first = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));

        Deployment again = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));

        assertThat(again).isEqualTo(first);
        assertThat(store.deploymentsInState(DeploymentState.RUNNING)).hasSize(1);
    }

    @Test
    void createDeployment_whenAnotherUserUsesTheSameKeyOrNoKeyIsGiven_createsNewDeployments() {
        Deployment alice = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));
        Deployment bob = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "bob", "key-1"));
        Deployment noKey1 = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Deployment noKey2 = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));

        Set<DeploymentId> ids = new HashSet<>(List.of(alice.id(), bob.id(), noKey1.id(), noKey2.id()));
        assertThat(ids).hasSize(4);
    }

    @Test
    void updateDeployment_storesStepsReleaseAndState() {
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Release release = publish(ORDERS, "v1.0.0");
        Deployment progressed = d.stepStarted(DeploymentStep.VALIDATE, T0).stepSucceeded(T0.plusMillis(5))
                .stepStarted(DeploymentStep.SNAPSHOT, T0.plusMillis(6)).withRelease(release.id());

        store.updateDeployment(progressed);

        Deployment stored = store.deployment(d.id()).orElseThrow();
        assertThat(stored).isEqualTo(progressed);
        assertThat(stored.currentStep()).isEqualTo(DeploymentStep.SNAPSHOT);
        assertThat(stored.steps()).extracting(s -> s.outcome()).containsExactly(StepOutcome.SUCCEEDED, StepOutcome.RUNNING);
    }

    @Test
    void updateDeployment_whenFailed_keepsTheFailure() {
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Deployment failed = d.stepStarted(DeploymentStep.VALIDATE, T0).failed(new DeploymentFailure(DeploymentStep.VALIDATE,
                "publish.validation-failed", "2 errors", "Fix them", "{\"valid\":false}"), T0.plusMillis(3));

        store.updateDeployment(failed);

        assertThat(store.deployment(d.id())).contains(failed);
        assertThat(store.deploymentsInState(DeploymentState.FAILED)).containsExactly(failed);
    }

    @Test
    void updateDeployment_whenUnknown_failsWithNotFound() {
        assertThatThrownBy(() -> store.updateDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("deployment.not-found");
                    assertThat(e.httpStatus()).isEqualTo(404);
                });
    }

    @Test
    void updateDeployment_whenAlreadyFinished_failsAndKeepsTheFinishedOne() {
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Deployment done = store.updateDeployment(d.succeeded());

        assertThatThrownBy(() -> store.updateDeployment(d.stepStarted(DeploymentStep.LOAD, T0)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("deployment.finished");
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(store.deployment(d.id())).contains(done);
    }

    @Test
    void deploymentsInState_listsOnlyThatStateOldestFirst() {
        Deployment a = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Deployment b = store.createDeployment(newDeployment(ORDERS, "v1.0.1", "alice", null));
        Deployment c = store.createDeployment(newDeployment(REFUNDS, "v1.0.0", "alice", null));
        store.updateDeployment(b.succeeded());

        assertThat(store.deploymentsInState(DeploymentState.RUNNING)).extracting(Deployment::id).containsExactly(a.id(), c.id());
        assertThat(store.deploymentsInState(DeploymentState.SUCCEEDED)).extracting(Deployment::id).containsExactly(b.id());
    }

    @Test
    void markInterruptedDeploymentsFailed_failsEveryRunningDeploymentAtItsStepAndLeavesRoutingAlone() {
        RoutingConfig routing = routeAll(publish(ORDERS, "v1.0.0"));
        Deployment running = store.createDeployment(newDeployment(ORDERS, "v1.0.1", "alice", null));
        store.updateDeployment(running.stepStarted(DeploymentStep.VALIDATE, T0).stepSucceeded(T0)
                .stepStarted(DeploymentStep.LOAD, T0));
        Deployment finished = store.createDeployment(newDeployment(ORDERS, "v1.0.2", "alice", null));
        Deployment succeeded = store.updateDeployment(finished.succeeded());

        int marked = store.markInterruptedDeploymentsFailed();

        assertThat(marked).isEqualTo(1);
        Deployment interrupted = store.deployment(running.id()).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(interrupted.currentStep()).isEqualTo(DeploymentStep.LOAD);
        assertThat(interrupted.failure().code()).isEqualTo("deployment.interrupted");
        assertThat(interrupted.failure().step()).isEqualTo(DeploymentStep.LOAD);
        assertThat(interrupted.steps().getLast().outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(store.deployment(finished.id())).contains(succeeded);
        assertThat(store.routing(ORDERS)).isEqualTo(routing);
        assertThat(store.deploymentsInState(DeploymentState.RUNNING)).isEmpty();
        assertThat(store.markInterruptedDeploymentsFailed()).isZero();
    }

    // ---- publish commit ----

    @Test
    void commitPublish_storesRoutingAndTheSucceededDeploymentTogether() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Deployment succeeded = d.withRelease(v1.id()).stepStarted(DeploymentStep.ROUTE, T0).stepSucceeded(T0).succeeded();

        RoutingConfig stored = store.commitPublish(new PublishCommit(succeeded, 0,
                RoutingConfig.empty(ORDERS).withWeights(List.of(new RouteWeight(v1.id(), 100))), "publish v1.0.0"));

        assertThat(stored.revision()).isEqualTo(1);
        assertThat(store.routing(ORDERS)).isEqualTo(stored);
        assertThat(store.deployment(d.id())).contains(succeeded);
        assertThat(store.routingHistory(ORDERS).getFirst().by()).isEqualTo("alice");
        assertThat(store.routingHistory(ORDERS).getFirst().why()).isEqualTo("publish v1.0.0");
    }

    @Test
    void commitPublish_whenRoutingIsStale_changesNeitherRoutingNorDeployment() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        RoutingConfig before = routeAll(v1);
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v2.0.0", "alice", null));

        assertThatThrownBy(() -> store.commitPublish(new PublishCommit(d.withRelease(v2.id()).succeeded(), 0,
                before.withWeights(List.of(new RouteWeight(v2.id(), 100))), "publish v2.0.0")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("routing.stale-revision"));

        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(store.deployment(d.id())).contains(d);
    }

    @Test
    void commitPublish_whenTheDeploymentAlreadyFinished_leavesRoutingUnchanged() {
        Release v1 = publish(ORDERS, "v1.0.0");
        Deployment d = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        store.updateDeployment(d.failed(new DeploymentFailure(DeploymentStep.LOAD, "pod.load-failed", "boom", "retry", null), T0));

        assertThatThrownBy(() -> store.commitPublish(new PublishCommit(d.withRelease(v1.id()).succeeded(), 0,
                RoutingConfig.empty(ORDERS).withWeights(List.of(new RouteWeight(v1.id(), 100))), "publish")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("deployment.finished"));

        assertThat(store.routing(ORDERS).revision()).isZero();
        assertThat(store.routingHistory(ORDERS)).isEmpty();
    }
}
