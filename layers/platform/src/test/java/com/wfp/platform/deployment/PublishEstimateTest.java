package com.wfp.platform.deployment;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The estimate a publish sends with its progress is built from measured step durations, cold pod
 * and warm pod apart: after a few publishes it is close to what a publish of the same kind takes.
 */
class PublishEstimateTest {

    private static final Duration COLD_START = Duration.ofMillis(400);
    private static final com.wfp.platform.release.WorkflowRef ORDERS = PublishServiceContract.ORDERS;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final InMemoryPodManager pods = new InMemoryPodManager();
    private final RecordingEventBus events = new RecordingEventBus();
    private final PublishService service = new PublishService(store, store, store, pods, events,
            PublishServiceContract::validate, pods, Clock.systemUTC(), runner);

    @AfterEach
    void stopRunner() throws InterruptedException {
        runner.shutdown();
        assertThat(runner.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private void publishOk(String version, PublishStrategy strategy) throws Exception {
        publishOk2(version);
    }

    @Test
    void estimate_afterAFewPublishes_followsTheMeasuredDurationsWithColdAndWarmPodsApart() throws Exception {
        pods.coldStartTakes(COLD_START);
        int version = 0;
        for (int round = 0; round < 3; round++) {
            pods.stop(ORDERS.user());
            publishOk("v1." + version++ + ".0", PublishStrategy.ALL);
            publishOk("v1." + version++ + ".0", PublishStrategy.ALL);
        }
        StepDurations durations = service.durations();
        assertThat(durations.samples(PodStart.COLD, DeploymentStep.ENSURE_POD)).isEqualTo(3);
        assertThat(durations.samples(PodStart.WARM, DeploymentStep.ENSURE_POD)).isEqualTo(3);
        assertThat(durations.meanMs(PodStart.COLD, DeploymentStep.ENSURE_POD)).isBetween(COLD_START.toMillis(),
                3 * COLD_START.toMillis());
        assertThat(durations.meanMs(PodStart.WARM, DeploymentStep.ENSURE_POD)).isLessThan(COLD_START.toMillis() / 4);

        pods.stop(ORDERS.user());
        Deployment cold = publishOk2("v2.0.0");
        Deployment warm = publishOk2("v2.1.0");

        long coldEstimate = estimateWhenSnapshotStarted(cold);
        long coldTook = remainingFromSnapshot(cold);
        long warmEstimate = estimateWhenSnapshotStarted(warm);
        long warmTook = remainingFromSnapshot(warm);
        System.out.printf("cold: estimated %d ms, took %d ms; warm: estimated %d ms, took %d ms%n", coldEstimate, coldTook,
                warmEstimate, warmTook);
        assertThat(service.status(cold.id()).podStart()).isEqualTo(PodStart.COLD);
        assertThat(service.status(warm.id()).podStart()).isEqualTo(PodStart.WARM);
        assertThat(coldEstimate).as("cold estimate against the %d ms it took", coldTook)
                .isBetween(coldTook / 2, coldTook * 2);
        assertThat(warmEstimate).as("warm estimate").isLessThan(coldEstimate / 4);
        assertThat(warmEstimate).as("warm estimate against the %d ms it took", warmTook).isLessThan(Math.max(50, warmTook * 4));
    }

    private Deployment publishOk2(String version) throws Exception {
        Deployment started = service.start(PublishServiceContract.command(version,
                PublishServiceContract.definition(version, true, null), PublishStrategy.ALL));
        Deployment d = service.finished(started.id()).get(30, TimeUnit.SECONDS);
        assertThat(d.state()).as("%s: %s", version, d.failure()).isEqualTo(DeploymentState.SUCCEEDED);
        return d;
    }

    /** The estimate sent when the pod start was known: as the snapshot step began. */
    private long estimateWhenSnapshotStarted(Deployment deployment) {
        List<DomainEvent.DeploymentProgress> progress = events.events(DomainEvent.DeploymentProgress.class).stream()
                .filter(p -> p.deploymentId().equals(deployment.id())).toList();
        return progress.stream().filter(p -> p.step() == DeploymentStep.SNAPSHOT && p.outcome() == StepOutcome.RUNNING)
                .findFirst().orElseThrow().etaMs();
    }

    private static long remainingFromSnapshot(Deployment deployment) {
        StepRecord snapshot = deployment.steps().stream().filter(s -> s.step() == DeploymentStep.SNAPSHOT).findFirst()
                .orElseThrow();
        return Duration.between(snapshot.startedAt(), deployment.steps().getLast().endedAt()).toMillis();
    }
}
