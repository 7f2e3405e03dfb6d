package com.wfp.platform.deployment;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.DeploymentWorker;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class PublishServiceTest extends PublishServiceContract {

    @Override
    protected ReleaseStore newStore() {
        return new InMemoryReleaseStore();
    }

    /** A bus whose deliveries fail, as EventBridge does when throttled or down. */
    private static final class FailingEventBus implements EventBus {
        @Override
        public void publish(DomainEvent event) {
            throw DomainException.unavailable("events.unavailable", "EventBridge is down", "Retry later.", null);
        }

        @Override
        public Subscription subscribe(Consumer<DomainEvent> listener) {
            return () -> { };
        }
    }

    @Test
    void publish_whenTheEventBusFails_stillSucceedsAndKeepsTheRouting() throws Exception {
        service = new PublishService(store, store, store, pods, new FailingEventBus(), PublishServiceContract::validate, pods,
                Clock.systemUTC(), executor);

        publishOk("v1", PublishStrategy.ALL);

        assertThat(store.routing(ORDERS).isEmpty()).isFalse();
        assertThat(pods.loaded(ORDERS.user())).hasSize(1);
    }

    @Test
    void setWeights_whenTheEventBusFails_returnsTheStoredChange() throws Exception {
        publishOk("v1", PublishStrategy.ALL);
        publishOk("v2", PublishStrategy.STAGED);
        TrafficService traffic = new TrafficService(store, store, pods, new FailingEventBus(), Clock.systemUTC());

        var change = traffic.setWeights(ORDERS, store.routing(ORDERS).revision(), Map.of("v1", 50, "v2", 50), "alice",
                "half");

        assertThat(change.after().revision()).isEqualTo(store.routing(ORDERS).revision());
    }

    /** A worker that keeps what it was handed, as the deploy worker function's queue would. */
    private record HandedOver(DeploymentId id, PublishCommand command) {
    }

    @Test
    void start_withAWorker_handsThePublishOverAndRunsNoStep() {
        List<HandedOver> handed = new ArrayList<>();
        service = new PublishService(store, store, store, pods, events, PublishServiceContract::validate, pods,
                Clock.systemUTC(), (DeploymentWorker) (id, command) -> handed.add(new HandedOver(id, command)));
        PublishCommand command = command("v1", definition("Hi", true, null), PublishStrategy.ALL);

        Deployment started = service.start(command);

        assertThat(handed).containsExactly(new HandedOver(started.id(), command));
        assertThat(service.status(started.id()).deployment().steps()).isEmpty();
        assertThat(store.releases(ORDERS)).isEmpty();
    }

    @Test
    void runDispatched_runsTheStepsOnceAndASecondRunChangesNothing() {
        List<HandedOver> handed = new ArrayList<>();
        service = new PublishService(store, store, store, pods, events, PublishServiceContract::validate, pods,
                Clock.systemUTC(), (DeploymentWorker) (id, command) -> handed.add(new HandedOver(id, command)));
        Deployment started = service.start(command("v1", definition("Hi", true, null), PublishStrategy.ALL));

        Deployment finished = service.runDispatched(started.id(), handed.getFirst().command());
        Deployment again = service.runDispatched(started.id(), handed.getFirst().command());

        assertThat(finished.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(again).isEqualTo(finished);
        assertThat(store.releases(ORDERS)).hasSize(1);
        assertThat(store.routing(ORDERS).weights()).hasSize(1);
    }

    @Test
    void start_whenTheWorkerCannotBeReached_failsTheDeploymentAndSaysSo() {
        service = new PublishService(store, store, store, pods, events, PublishServiceContract::validate, pods,
                Clock.systemUTC(), (DeploymentWorker) (id, command) -> {
                    throw DomainException.unavailable("publish.handoff-failed", "The deploy worker is throttled",
                            "Publish again.", null);
                });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.start(command("v1",
                        definition("Hi", true, null), PublishStrategy.ALL)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("publish.handoff-failed"));
        assertThat(store.routing(ORDERS).isEmpty()).isTrue();
    }

    @Test
    void recentDeployments_listTheWorkflowsPublishesNewestFirstWithTheirProgress() throws Exception {
        publishOk("v1", PublishStrategy.ALL);
        publishOk("v2", PublishStrategy.STAGED);

        List<DeploymentStatus> recent = service.recentDeployments(ORDERS, 10);

        assertThat(recent).extracting(s -> s.deployment().versionName()).containsExactly("v2", "v1");
        assertThat(recent).allSatisfy(s -> {
            assertThat(s.deployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(s.percentDone()).isEqualTo(100);
        });
        assertThat(service.recentDeployments(ORDERS, 1)).hasSize(1);
    }

    @Test
    void recentDeployments_withALimitOutOfRange_failsSayingTheRange() {
        for (int limit : new int[] {0, PublishService.MAX_RECENT_DEPLOYMENTS + 1}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.recentDeployments(ORDERS, limit))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("deployment.invalid-limit");
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.hint()).contains("1 to 100");
                    });
        }
    }
}
