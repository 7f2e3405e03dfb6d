package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentNotFoundException;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.ReleaseListing;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.routing.LayoutSegment;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every store port must have, one nested suite per port ({@link DraftStore},
 * {@link ReleaseCatalogue}, {@link RoutingStore}, {@link DeploymentStore}, {@link RolloutStore}).
 * An adapter's test extends this class and returns a fresh, empty store from {@link #newStore()},
 * so every suite runs on every adapter.
 */
public abstract class ReleaseStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-15T10:00:00.123456Z");
    protected static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    protected static final WorkflowRef REFUNDS = new WorkflowRef("alice", "shop", "refunds");

    protected ReleaseStore store;

    /** A fresh, empty store. */
    protected abstract ReleaseStore newStore();

    /**
     * Rewrites the stored routing of {@code ref} in {@link #store} as the adapter stored routings
     * before they carried a layout: the same weights, stickiness and shadow, no layout.
     */
    protected abstract void dropStoredLayout(WorkflowRef ref);

    /** How many threads publish at once in the concurrency case; a slow engine may ask for fewer. */
    protected int concurrentPublishers() {
        return 8;
    }

    /** How many releases each of them publishes. */
    protected int releasesPerPublisher() {
        return 3;
    }

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


    /** A rollout of {@code ref} at {@code stepIndex}, with figures that do not round nicely. */
    protected static RolloutState rolloutAt(WorkflowRef ref, RolloutStatus status, int stepIndex) {
        RolloutPlan plan = new RolloutPlan("v2.0.0", List.of(10, 50, 100), Duration.ofSeconds(90).plusMillis(250),
                new RolloutGuard(0.0125, 812.5, 20, Duration.ofMillis(60_500)));
        Instant stepStarted = T0.plusSeconds(90L * stepIndex);
        return new RolloutState(ref, 0, plan, ReleaseId.newId(), ReleaseId.newId(), status, stepIndex, stepStarted,
                3 + stepIndex, stepIndex == 0 ? null : new WindowStats(412, 7, 123.456), status + " at step "
                + (stepIndex + 1), "alice", stepStarted.plusMillis(1_001));
    }

    /** What every {@link DraftStore} does. */
    @Nested
    class DraftStoreContract {

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

            assertThat(ReleaseListing.load(store, store, store, ORDERS).draftDiffersFromLive()).isFalse();
        }

        @Test
        void draftDiffersFromLive_whenNothingLive_isTrue() {
            publish(ORDERS, "v1.0.0");
            store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));

            assertThat(ReleaseListing.load(store, store, store, ORDERS).draftDiffersFromLive()).isTrue();
        }

        @Test
        void draftDiffersFromLive_whenDraftEqualsLiveRelease_isFalse() {
            routeAll(publish(ORDERS, "v1.0.0"));
            store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));

            assertThat(ReleaseListing.load(store, store, store, ORDERS).draftDiffersFromLive()).isFalse();
        }

        @Test
        void draftDiffersFromLive_comparesWithTheReleaseTakingMostTraffic() {
            Release v1 = publish(ORDERS, "v1.0.0");
            Release v2 = publish(ORDERS, "v2.0.0");
            RoutingConfig routing = store.routing(ORDERS);
            store.compareAndSetRouting(ORDERS, routing.revision(), routing.withWeights(List.of(
                    new RouteWeight(v2.id(), 30), new RouteWeight(v1.id(), 70))), "alice", "split");

            store.saveDraft(Draft.of(ORDERS, definition("v2.0.0"), "alice", T0));
            assertThat(ReleaseListing.load(store, store, store, ORDERS).draftDiffersFromLive()).isTrue();

            store.saveDraft(Draft.of(ORDERS, definition("v1.0.0"), "alice", T0));
            assertThat(ReleaseListing.load(store, store, store, ORDERS).draftDiffersFromLive()).isFalse();
        }
    }

    /** What every {@link ReleaseCatalogue} does. */
    @Nested
    class ReleaseCatalogueContract {

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

        @Test
        void routedReleases_listsEveryWeightedStagedOrShadowedReleaseOfTheUser() {
            Release o1 = publish(ORDERS, "v1.0.0");
            Release o2 = publish(ORDERS, "v2.0.0");
            Release o3 = publish(ORDERS, "v3.0.0");
            publish(ORDERS, "v4.0.0");
            Release r1 = publish(REFUNDS, "v1.0.0");
            WorkflowRef bobs = new WorkflowRef("bob", "shop", "order-intake");
            routeAll(publish(bobs, "v1.0.0"));
            store.compareAndSetRouting(ORDERS, 0, new RoutingConfig(ORDERS, 0, List.of(new RouteWeight(o3.id(), 0),
                    new RouteWeight(o1.id(), 100)), Stickiness.OFF, new Shadow(o2.id(), 10)), "alice", "mixed");
            routeAll(r1);

            assertThat(store.routedReleases("alice")).containsExactly(o3, o2, o1, r1);
            assertThat(store.routedReleases("carol")).isEmpty();
        }

        @Test
        void createRelease_whenManyThreadsPublishAtOnce_assignsEverySequenceNumberOnceAndLosesNone() throws Exception {
            int threads = concurrentPublishers();
            int perThread = releasesPerPublisher();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<Release>>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Release> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.createRelease(newRelease(ORDERS, "v" + thread + "." + i + ".0")));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Release> created = new java.util.ArrayList<>();
            try {
                for (java.util.concurrent.Future<List<Release>> f : futures) {
                    created.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            List<Release> stored = store.releases(ORDERS);
            assertThat(stored).extracting(Release::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.iterate(threads * perThread, seq -> seq >= 1, seq -> seq - 1).boxed().toList());
            assertThat(stored).extracting(Release::versionName).doesNotHaveDuplicates();
            assertThat(Set.copyOf(stored)).isEqualTo(Set.copyOf(created));
        }
    }

    /** What every {@link RoutingStore} does. */
    @Nested
    class RoutingStoreContract {

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
        void compareAndSetRouting_ofARetiredWorkflow_keepsTheReasonAndTheReleasesThatServedUntilAPublishRoutesItAgain() {
            Release v1 = publish(ORDERS, "v1.0.0");
            Release v2 = publish(ORDERS, "v2.0.0");
            RoutingConfig all = routeAll(v1);
            RoutingConfig split = store.compareAndSetRouting(ORDERS, all.revision(), all.withWeights(
                    List.of(new RouteWeight(v2.id(), 40), new RouteWeight(v1.id(), 60))).withStickiness(Stickiness.CALLER_KEY),
                    "alice", "40% to v2");

            RoutingConfig retired = store.compareAndSetRouting(ORDERS, split.revision(),
                    split.retire("replaced by order-intake-v2 – see the changelog"), "alice", "retire");

            assertThat(store.routing(ORDERS)).isEqualTo(retired);
            assertThat(retired.weights()).isEmpty();
            assertThat(retired.stickiness()).isEqualTo(Stickiness.CALLER_KEY);
            assertThat(retired.retired().reason()).isEqualTo("replaced by order-intake-v2 – see the changelog");
            assertThat(retired.retired().lastServed()).containsExactly(v2.id(), v1.id());
            assertThat(store.routingHistory(ORDERS).getFirst().after()).isEqualTo(retired);
            assertThat(store.routingHistory(ORDERS).getFirst().before()).isEqualTo(split);
            assertThat(store.routedReleases("alice")).isEmpty();
            assertThat(store.releases(ORDERS)).hasSize(2);

            Release v3 = publish(ORDERS, "v3.0.0");
            Deployment d = store.createDeployment(newDeployment(ORDERS, "v3.0.0", "alice", null));
            Deployment succeeded = d.withRelease(v3.id()).stepStarted(DeploymentStep.ROUTE, T0).stepSucceeded(T0).succeeded();
            RoutingConfig serving = store.commitPublish(new PublishCommit(succeeded, retired.revision(),
                    retired.withWeights(List.of(new RouteWeight(v3.id(), 100))), "publish v3"));

            assertThat(serving.retired()).isNull();
            assertThat(store.routing(ORDERS)).isEqualTo(serving);
            assertThat(store.routingHistory(ORDERS).getFirst().before()).isEqualTo(retired);
        }

        @Test
        void routings_listEveryRoutedWorkflowOfTheProjectByNameAndNoOtherProjectsOrUsers() {
            WorkflowRef zeta = new WorkflowRef("alice", "shop", "zeta");
            RoutingConfig zetaRouting = routeAll(publish(zeta, "v1.0.0"));
            RoutingConfig orders = routeAll(publish(ORDERS, "v1.0.0"));
            publish(REFUNDS, "v1.0.0");
            routeAll(publish(new WorkflowRef("alice", "shop-2", "order-intake"), "v1.0.0"));
            routeAll(publish(new WorkflowRef("alicia", "shop", "order-intake"), "v1.0.0"));
            RoutingConfig retired = store.compareAndSetRouting(zeta, zetaRouting.revision(), zetaRouting.retire("gone"),
                    "alice", "retire");

            assertThat(store.routings("alice", "shop")).containsExactly(orders, retired);
            assertThat(store.routings("alice", "nothing")).isEmpty();
        }

        @Test
        void compareAndSetRoutingAndCommitPublish_keepTheLayoutTheRoutingWasGiven() {
            Release v1 = publish(ORDERS, "v1.0.0");
            Release v2 = publish(ORDERS, "v2.0.0");
            Release v3 = publish(ORDERS, "v3.0.0");
            RoutingConfig all = routeAll(v1);
            // v1 keeps its lowest 70 units: not the layout these weights give by default.
            RoutingConfig split = all.withWeights(List.of(new RouteWeight(v2.id(), 30), new RouteWeight(v1.id(), 70)));

            RoutingConfig stored = store.compareAndSetRouting(ORDERS, all.revision(), split, "alice", "30% to v2");

            assertThat(split.layout()).containsExactly(new LayoutSegment(v1.id(), 0, 70), new LayoutSegment(v2.id(), 70, 100));
            assertThat(stored).isEqualTo(split.withRevision(2));
            assertThat(store.routing(ORDERS)).isEqualTo(stored);
            assertThat(store.routingHistory(ORDERS).getFirst().after()).isEqualTo(stored);
            assertThat(store.routingHistory(ORDERS).getFirst().before()).isEqualTo(all);

            Deployment d = store.createDeployment(newDeployment(ORDERS, "v3.0.0", "alice", null));
            Deployment succeeded = d.withRelease(v3.id()).stepStarted(DeploymentStep.ROUTE, T0).stepSucceeded(T0).succeeded();
            RoutingConfig canary = stored.withWeights(List.of(new RouteWeight(v3.id(), 10), new RouteWeight(v2.id(), 30),
                    new RouteWeight(v1.id(), 60)));

            RoutingConfig committed = store.commitPublish(new PublishCommit(succeeded, stored.revision(), canary, "canary v3"));

            assertThat(canary.layout()).containsExactly(new LayoutSegment(v1.id(), 0, 60), new LayoutSegment(v3.id(), 60, 70),
                    new LayoutSegment(v2.id(), 70, 100));
            assertThat(committed).isEqualTo(canary.withRevision(3));
            assertThat(store.routing(ORDERS)).isEqualTo(committed);
            assertThat(store.routingHistory(ORDERS).getFirst().after()).isEqualTo(committed);
        }

        @Test
        void routing_storedBeforeRoutingsHadALayout_readsBackWithTheDefaultLayout() {
            Release v1 = publish(ORDERS, "v1.0.0");
            Release v2 = publish(ORDERS, "v2.0.0");
            RoutingConfig all = routeAll(v1);
            RoutingConfig stored = store.compareAndSetRouting(ORDERS, all.revision(), all.withWeights(
                            List.of(new RouteWeight(v2.id(), 40), new RouteWeight(v1.id(), 60))),
                    "alice", "40% to v2");

            dropStoredLayout(ORDERS);
            RoutingConfig read = store.routing(ORDERS);

            assertThat(read).isEqualTo(new RoutingConfig(ORDERS, stored.revision(), stored.weights(), stored.stickiness(),
                    stored.shadow()));
            assertThat(read.layout()).containsExactly(new LayoutSegment(v2.id(), 0, 40), new LayoutSegment(v1.id(), 40, 100))
                    .isNotEqualTo(stored.layout());
            RoutingConfig next = store.compareAndSetRouting(ORDERS, read.revision(),
                    read.withWeights(List.of(new RouteWeight(v2.id(), 50), new RouteWeight(v1.id(), 50))), "alice", "50/50");
            assertThat(next.layout()).containsExactly(new LayoutSegment(v2.id(), 0, 40), new LayoutSegment(v1.id(), 40, 90),
                    new LayoutSegment(v2.id(), 90, 100));
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
    }

    /** What every {@link DeploymentStore} does, the publish commit included. */
    @Nested
    class DeploymentStoreContract {

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
                    .isInstanceOfSatisfying(DeploymentNotFoundException.class, e -> {
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
        void recentDeployments_listTheWorkflowsNewestFirstInEveryStateUpToTheLimit() {
            Deployment first = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
            Deployment second = store.createDeployment(newDeployment(ORDERS, "v1.0.1", "alice", "key-2"));
            store.createDeployment(newDeployment(REFUNDS, "v1.0.0", "alice", null));
            Deployment third = store.createDeployment(newDeployment(ORDERS, "v1.0.2", "bob", null));
            Deployment succeeded = store.updateDeployment(first.succeeded());
            Deployment failed = store.updateDeployment(second.stepStarted(DeploymentStep.VALIDATE, T0).failed(
                    new DeploymentFailure(DeploymentStep.VALIDATE, "publish.validation-failed", "1 error", "Fix it", null),
                    T0.plusMillis(2)));

            assertThat(store.recentDeployments(ORDERS, 10)).containsExactly(third, failed, succeeded);
            assertThat(store.recentDeployments(ORDERS, 2)).containsExactly(third, failed);
            assertThat(store.recentDeployments(REFUNDS, 10)).extracting(Deployment::versionName).containsExactly("v1.0.0");
            assertThat(store.recentDeployments(new WorkflowRef("alice", "shop", "unknown"), 10)).isEmpty();
        }

        @Test
        void recentDeployments_afterAnIdempotentRepeat_listTheDeploymentOnce() {
            Deployment created = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));
            store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));

            assertThat(store.recentDeployments(ORDERS, 10)).containsExactly(created);
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

    /** What every {@link RolloutStore} does. */
    @Nested
    class RolloutStoreContract {

        private static void assertStaleVersion(ThrowingCallable write, long current) {
            assertThatThrownBy(write).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo("rollout.stale-version");
                assertThat(e.httpStatus()).isEqualTo(409);
                assertThat(e.getMessage()).contains("version " + current);
            });
        }

        @Test
        void rollout_whenNoneStored_isEmptyAndNoneIsActive() {
            assertThat(store.rollout(ORDERS)).isEmpty();
            assertThat(store.activeRollouts()).isEmpty();
        }

        @Test
        void compareAndSetRollout_fromVersion0_storesVersion1AndReadsBackEveryField() {
            RolloutState started = rolloutAt(ORDERS, RolloutStatus.RUNNING, 0);

            RolloutState stored = store.compareAndSetRollout(started, 0);

            assertThat(stored).isEqualTo(started.withVersion(1));
            assertThat(store.rollout(ORDERS)).contains(stored);
            assertThat(store.rollout(REFUNDS)).isEmpty();
            assertThat(store.activeRollouts()).containsExactly(stored);
        }

        @Test
        void compareAndSetRollout_atTheStoredVersion_replacesItWithTheNextVersion() {
            RolloutState first = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
            RolloutState paused = rolloutAt(ORDERS, RolloutStatus.PAUSED, 1);

            RolloutState stored = store.compareAndSetRollout(paused.withVersion(first.version()), first.version());

            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored).isEqualTo(paused.withVersion(2));
            assertThat(store.rollout(ORDERS)).contains(stored);
            assertThat(store.rollout(ORDERS).orElseThrow().lastStats()).isEqualTo(new WindowStats(412, 7, 123.456));
        }

        @Test
        void compareAndSetRollout_atAStaleVersion_fails409NamingTheCurrentOneAndChangesNothing() {
            RolloutState first = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
            RolloutState second = store.compareAndSetRollout(first.withVersion(1), 1);

            assertStaleVersion(() -> store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.ABORTED, 1), 1), 2);
            assertStaleVersion(() -> store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0), 2);
            assertStaleVersion(() -> store.compareAndSetRollout(rolloutAt(REFUNDS, RolloutStatus.RUNNING, 0), 4), 0);

            assertThat(store.rollout(ORDERS)).contains(second);
            assertThat(store.rollout(REFUNDS)).isEmpty();
            assertThat(store.activeRollouts()).containsExactly(second);
        }

        @Test
        void compareAndSetRollout_whenEightControllersRaceFromOneVersion_exactlyOneWins() throws Exception {
            RolloutState current = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
            List<RolloutState> winners = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                RolloutState next = rolloutAt(ORDERS, i % 2 == 0 ? RolloutStatus.RUNNING : RolloutStatus.ROLLED_BACK, 1);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        winners.add(store.compareAndSetRollout(next, current.version()));
                        outcomes.add("won");
                    } catch (DomainException e) {
                        outcomes.add(e.code());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(outcomes).hasSize(writers).containsOnlyOnce("won")
                    .filteredOn(o -> !o.equals("won")).containsOnly("rollout.stale-version");
            assertThat(store.rollout(ORDERS)).contains(winners.getFirst());
            assertThat(winners.getFirst().version()).isEqualTo(2);
        }

        @Test
        void activeRollouts_listsRunningAndPausedOnesOfEveryUserInOrder_andFinishedOnesStayReadable() {
            WorkflowRef invoices = new WorkflowRef("alice", "billing", "invoices");
            WorkflowRef bobs = new WorkflowRef("bob", "shop", "order-intake");
            WorkflowRef done = new WorkflowRef("alice", "shop", "done");
            RolloutState bobRunning = store.compareAndSetRollout(rolloutAt(bobs, RolloutStatus.RUNNING, 1), 0);
            RolloutState refundsPaused = store.compareAndSetRollout(rolloutAt(REFUNDS, RolloutStatus.PAUSED, 0), 0);
            RolloutState ordersRunning = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
            RolloutState invoicesRunning = store.compareAndSetRollout(rolloutAt(invoices, RolloutStatus.RUNNING, 2), 0);
            RolloutState completed = store.compareAndSetRollout(rolloutAt(done, RolloutStatus.COMPLETED, 2), 0);

            assertThat(store.activeRollouts()).containsExactly(invoicesRunning, ordersRunning, refundsPaused, bobRunning);

            RolloutState rolledBack = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.ROLLED_BACK, 1), 1);
            RolloutState aborted = store.compareAndSetRollout(rolloutAt(bobs, RolloutStatus.ABORTED, 1), 1);

            assertThat(store.activeRollouts()).containsExactly(invoicesRunning, refundsPaused);
            assertThat(store.rollout(ORDERS)).contains(rolledBack);
            assertThat(store.rollout(bobs)).contains(aborted);
            assertThat(store.rollout(done)).contains(completed);
        }

        @Test
        void compareAndSetRollout_ofTheNextRolloutAfterAFinishedOne_replacesItAndCarriesTheVersionOn() {
            RolloutState first = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
            RolloutState finished = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.COMPLETED, 2), first.version());
            assertThat(store.activeRollouts()).isEmpty();
            RolloutState next = rolloutAt(ORDERS, RolloutStatus.RUNNING, 0);

            RolloutState stored = store.compareAndSetRollout(next, finished.version());

            assertThat(stored).isEqualTo(next.withVersion(3));
            assertThat(store.rollout(ORDERS)).contains(stored);
            assertThat(store.activeRollouts()).containsExactly(stored);
        }
    }
}
