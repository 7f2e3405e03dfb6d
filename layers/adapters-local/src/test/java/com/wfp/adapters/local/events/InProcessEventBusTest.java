package com.wfp.adapters.local.events;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.EventBusContract;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus newBus() {
        return new InProcessEventBus();
    }

    private static DomainEvent rolledBack(String to) {
        return new DomainEvent.RolledBack(new WorkflowRef("alice", "shop", "orders"), Instant.EPOCH,
                new ReleaseId("rel-a"), new ReleaseId(to), "alice");
    }

    private static DomainEvent event(int number) {
        return rolledBack("rel-" + number);
    }

    private static List<DomainEvent> events(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(InProcessEventBusTest::event).toList();
    }

    @Test
    void publish_toTwoSubscribers_deliversEveryEventInOrderToEach() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus()) {
            List<DomainEvent> first = new CopyOnWriteArrayList<>();
            List<DomainEvent> second = new CopyOnWriteArrayList<>();
            bus.subscribe(first::add);
            bus.subscribe(second::add);

            events(0, 500).forEach(bus::publish);

            awaitTrue(() -> first.size() == 500 && second.size() == 500);
            assertThat(first).isEqualTo(events(0, 500));
            assertThat(second).isEqualTo(events(0, 500));
            assertThat(bus.publishedEvents()).isEqualTo(500);
        }
    }

    @Test
    void publish_whenASubscriberIsStuck_neitherBlocksThePublisherNorOthersAndDropsTheStuckOne() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus(4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch dropNoticed = new CountDownLatch(1);
            CountDownLatch slowHoldsFirst = new CountDownLatch(1);
            List<DomainEvent> slow = new CopyOnWriteArrayList<>();
            List<DomainEvent> fast = new CopyOnWriteArrayList<>();
            InProcessEventBus.BufferedSubscription stuck = bus.subscribe(e -> {
                slow.add(e);
                slowHoldsFirst.countDown();
                await(release);
            }, dropNoticed::countDown);
            bus.subscribe(fast::add, () -> { }, 1000);

            bus.publish(event(0));
            assertThat(slowHoldsFirst.await(5, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            events(1, 100).forEach(bus::publish);
            Duration publishing = Duration.ofNanos(System.nanoTime() - started);

            assertThat(publishing).isLessThan(Duration.ofSeconds(2));
            awaitTrue(() -> fast.size() == 100);
            assertThat(fast).isEqualTo(events(0, 100));
            assertThat(bus.droppedSubscribers()).isEqualTo(1);
            assertThat(stuck.isDropped()).isTrue();
            assertThat(bus.subscriberCount()).isEqualTo(1);

            release.countDown();
            assertThat(dropNoticed.await(5, TimeUnit.SECONDS)).isTrue();
            // It held event 0 and had 1..4 buffered when event 5 found its buffer full.
            assertThat(slow).isEqualTo(events(0, 5));
            assertThat(stuck.isActive()).isFalse();
        }
    }

    @Test
    void publish_whenASubscriberThrows_countsTheFailureAndKeepsDeliveringToItAndTheOthers() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus()) {
            List<DomainEvent> survivor = new CopyOnWriteArrayList<>();
            List<DomainEvent> other = new CopyOnWriteArrayList<>();
            bus.subscribe(e -> {
                if (e.equals(rolledBack("bad"))) {
                    throw new IllegalStateException("broken listener");
                }
                survivor.add(e);
            });
            bus.subscribe(other::add);

            bus.publish(rolledBack("a"));
            bus.publish(rolledBack("bad"));
            bus.publish(rolledBack("b"));

            awaitTrue(() -> survivor.size() == 2 && other.size() == 3);
            assertThat(survivor).containsExactly(rolledBack("a"), rolledBack("b"));
            assertThat(bus.subscriberFailures()).isEqualTo(1);
        }
    }

    @Test
    void subscriptionClose_stopsDeliveryToThatSubscriberOnly() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus()) {
            List<DomainEvent> leaving = new CopyOnWriteArrayList<>();
            List<DomainEvent> staying = new CopyOnWriteArrayList<>();
            InProcessEventBus.BufferedSubscription subscription = bus.subscribe(leaving::add);
            bus.subscribe(staying::add);
            bus.publish(rolledBack("before"));
            awaitTrue(() -> leaving.size() == 1 && staying.size() == 1);

            subscription.close();
            bus.publish(rolledBack("after"));

            awaitTrue(() -> staying.size() == 2);
            assertThat(leaving).containsExactly(rolledBack("before"));
            assertThat(subscription.isActive()).isFalse();
            assertThat(subscription.isDropped()).isFalse();
            assertThat(bus.subscriberCount()).isEqualTo(1);
        }
    }

    @Test
    void close_deliversWhatIsBufferedThenRefusesNewEventsAndSubscribers() {
        InProcessEventBus bus = new InProcessEventBus();
        List<DomainEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> {
            sleep(Duration.ofMillis(2));
            received.add(e);
        });
        events(0, 50).forEach(bus::publish);

        bus.close();

        assertThat(received).isEqualTo(events(0, 50));
        assertThatThrownBy(() -> bus.publish(event(99))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bus.subscribe(received::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void publish_fromManyThreads_reachesEverySubscriberInTheSameOrder() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus(10_000)) {
            List<DomainEvent> first = new CopyOnWriteArrayList<>();
            List<DomainEvent> second = new CopyOnWriteArrayList<>();
            bus.subscribe(first::add);
            bus.subscribe(second::add);

            try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    threads.submit(() -> {
                        for (int i = 0; i < 1000; i++) {
                            bus.publish(rolledBack(thread + "-" + i));
                        }
                    });
                }
            }

            awaitTrue(() -> first.size() == 4000 && second.size() == 4000);
            assertThat(first).isEqualTo(second);
            for (int t = 0; t < 4; t++) {
                String prefix = t + "-";
                List<DomainEvent> ofThread = first.stream()
                        .filter(e -> ((DomainEvent.RolledBack) e).toRelease().value().startsWith(prefix))
                        .toList();
                assertThat(ofThread).isEqualTo(
                        IntStream.range(0, 1000).mapToObj(i -> rolledBack(prefix + i)).toList());
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
