package com.wfp.adapters.local.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessEventBusTest {

    @Test
    void publish_toTwoSubscribers_deliversEveryEventInOrderToEach() throws Exception {
        try (InProcessEventBus<Integer> bus = new InProcessEventBus<>()) {
            List<Integer> first = new CopyOnWriteArrayList<>();
            List<Integer> second = new CopyOnWriteArrayList<>();
            bus.subscribe(first::add);
            bus.subscribe(second::add);

            IntStream.range(0, 500).forEach(bus::publish);

            awaitTrue(() -> first.size() == 500 && second.size() == 500);
            List<Integer> expected = IntStream.range(0, 500).boxed().toList();
            assertThat(first).isEqualTo(expected);
            assertThat(second).isEqualTo(expected);
            assertThat(bus.publishedEvents()).isEqualTo(500);
        }
    }

    @Test
    void publish_whenASubscriberIsStuck_neitherBlocksThePublisherNorOthersAndDropsTheStuckOne() throws Exception {
        try (InProcessEventBus<Integer> bus = new InProcessEventBus<>(4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch dropNoticed = new CountDownLatch(1);
            List<Integer> slow = new CopyOnWriteArrayList<>();
            List<Integer> fast = new CopyOnWriteArrayList<>();
            CountDownLatch slowHoldsFirst = new CountDownLatch(1);
            InProcessEventBus.Subscription stuck = bus.subscribe(event -> {
                slow.add(event);
                slowHoldsFirst.countDown();
                await(release);
            }, dropNoticed::countDown);
            bus.subscribe(fast::add, () -> { }, 1000);

            bus.publish(0);
            assertThat(slowHoldsFirst.await(5, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            IntStream.range(1, 100).forEach(bus::publish);
            Duration publishing = Duration.ofNanos(System.nanoTime() - started);

            assertThat(publishing).isLessThan(Duration.ofSeconds(2));
            awaitTrue(() -> fast.size() == 100);
            assertThat(fast).isEqualTo(IntStream.range(0, 100).boxed().toList());
            assertThat(bus.droppedSubscribers()).isEqualTo(1);
            assertThat(stuck.isDropped()).isTrue();
            assertThat(bus.subscriberCount()).isEqualTo(1);

            release.countDown();
            assertThat(dropNoticed.await(5, TimeUnit.SECONDS)).isTrue();
            // It holds event 0 and had 1..4 buffered when event 5 found its buffer full.
            assertThat(slow).isEqualTo(List.of(0, 1, 2, 3, 4));
            assertThat(stuck.isActive()).isFalse();
        }
    }

    @Test
    void publish_whenASubscriberThrows_countsTheFailureAndKeepsDelivering() throws Exception {
        try (InProcessEventBus<String> bus = new InProcessEventBus<>()) {
            List<String> received = new CopyOnWriteArrayList<>();
            bus.subscribe(event -> {
                if (event.equals("bad")) {
                    throw new IllegalArgumentException("cannot handle " + event);
                }
                received.add(event);
            });

            bus.publish("a");
            bus.publish("bad");
            bus.publish("b");

            awaitTrue(() -> received.size() == 2);
            assertThat(received).containsExactly("a", "b");
            assertThat(bus.subscriberFailures()).isEqualTo(1);
        }
    }

    @Test
    void subscriptionClose_stopsDeliveryToThatSubscriberOnly() throws Exception {
        try (InProcessEventBus<String> bus = new InProcessEventBus<>()) {
            List<String> leaving = new CopyOnWriteArrayList<>();
            List<String> staying = new CopyOnWriteArrayList<>();
            InProcessEventBus.Subscription subscription = bus.subscribe(leaving::add);
            bus.subscribe(staying::add);
            bus.publish("before");
            awaitTrue(() -> leaving.size() == 1 && staying.size() == 1);

            subscription.close();
            bus.publish("after");

            awaitTrue(() -> staying.size() == 2);
            assertThat(leaving).containsExactly("before");
            assertThat(subscription.isActive()).isFalse();
            assertThat(subscription.isDropped()).isFalse();
            assertThat(bus.subscriberCount()).isEqualTo(1);
        }
    }

    @Test
    void close_deliversWhatIsBufferedThenRefusesNewEventsAndSubscribers() {
        InProcessEventBus<Integer> bus = new InProcessEventBus<>();
        List<Integer> received = new CopyOnWriteArrayList<>();
        bus.subscribe(event -> {
            sleep(Duration.ofMillis(2));
            received.add(event);
        });
        IntStream.range(0, 50).forEach(bus::publish);

        bus.close();

        assertThat(received).isEqualTo(IntStream.range(0, 50).boxed().toList());
        assertThatThrownBy(() -> bus.publish(99)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bus.subscribe(received::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void publish_fromManyThreads_reachesEverySubscriberInTheSameOrder() throws Exception {
        try (InProcessEventBus<String> bus = new InProcessEventBus<>(10_000)) {
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            bus.subscribe(first::add);
            bus.subscribe(second::add);
            AtomicInteger publishers = new AtomicInteger();

            try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    threads.submit(() -> {
                        publishers.incrementAndGet();
                        for (int i = 0; i < 1000; i++) {
                            bus.publish(thread + ":" + i);
                        }
                    });
                }
            }

            awaitTrue(() -> first.size() == 4000 && second.size() == 4000);
            assertThat(publishers.get()).isEqualTo(4);
            assertThat(first).isEqualTo(second);
            for (int t = 0; t < 4; t++) {
                String prefix = t + ":";
                List<String> ofThread = new ArrayList<>(first.stream().filter(e -> e.startsWith(prefix)).toList());
                assertThat(ofThread).isEqualTo(IntStream.range(0, 1000).mapToObj(i -> prefix + i).toList());
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
