package com.wfp.platform.port;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.event.SampleEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The behaviour every {@link EventBus} must have toward the listeners of its own process. An
 * adapter's test extends this class and returns a fresh bus from {@link #newBus()}; a bus that is
 * {@link AutoCloseable} is closed after each test. Delivery may be asynchronous, so the tests
 * wait (up to ten seconds) for what must arrive.
 */
public abstract class EventBusContract {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    protected EventBus bus;

    /** A fresh bus without subscribers. */
    protected abstract EventBus newBus();

    @BeforeEach
    void createBus() {
        bus = newBus();
    }

    @AfterEach
    void closeBus() throws Exception {
        if (bus instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void publish_toTwoSubscribers_deliversEveryEventToEachInPublicationOrder() {
        List<DomainEvent> first = new CopyOnWriteArrayList<>();
        List<DomainEvent> second = new CopyOnWriteArrayList<>();
        bus.subscribe(first::add);
        bus.subscribe(second::add);
        List<DomainEvent> published = new ArrayList<>(SampleEvents.oneOfEach());
        published.addAll(SampleEvents.sparse());
        IntStream.range(0, 20).mapToObj(n -> SampleEvents.numbered(0, n)).forEach(published::add);

        published.forEach(bus::publish);

        awaitTrue("both subscribers received all " + published.size() + " events",
                () -> first.size() >= published.size() && second.size() >= published.size());
        assertThat(first).containsExactlyElementsOf(published);
        assertThat(second).containsExactlyElementsOf(published);
    }

    @Test
    void subscribe_afterAPublication_receivesOnlyLaterEvents() {
        bus.publish(SampleEvents.numbered(0, 0));
        List<DomainEvent> late = new CopyOnWriteArrayList<>();
        bus.subscribe(late::add);

        bus.publish(SampleEvents.numbered(0, 1));

        awaitTrue("the later event arrived", () -> late.contains(SampleEvents.numbered(0, 1)));
        assertThat(late).containsExactly(SampleEvents.numbered(0, 1));
    }

    @Test
    void subscriptionClose_stopsDeliveryToThatListenerOnly() {
        List<DomainEvent> leaving = new CopyOnWriteArrayList<>();
        List<DomainEvent> staying = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(leaving::add);
        bus.subscribe(staying::add);
        bus.publish(SampleEvents.numbered(0, 0));
        awaitTrue("both received the first event", () -> leaving.size() == 1 && staying.size() == 1);

        subscription.close();
        bus.publish(SampleEvents.numbered(0, 1));
        bus.publish(SampleEvents.numbered(0, 2));

        awaitTrue("the remaining subscriber received the later events", () -> staying.size() == 3);
        assertThat(leaving).containsExactly(SampleEvents.numbered(0, 0));
    }

    @Test
    void subscriptionClose_calledTwice_isHarmless() {
        List<DomainEvent> received = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(received::add);

        subscription.close();
        subscription.close();
        bus.publish(SampleEvents.numbered(0, 0));
        List<DomainEvent> witness = new CopyOnWriteArrayList<>();
        bus.subscribe(witness::add);
        bus.publish(SampleEvents.numbered(0, 1));

        awaitTrue("a later subscriber received the next event", () -> witness.size() == 1);
        assertThat(received).isEmpty();
    }

    @Test
    void subscribe_sameListenerTwice_closingOneSubscriptionKeepsTheOther() {
        List<DomainEvent> received = new CopyOnWriteArrayList<>();
        Consumer<DomainEvent> listener = received::add;
        EventBus.Subscription one = bus.subscribe(listener);
        bus.subscribe(listener);

        one.close();
        bus.publish(SampleEvents.numbered(0, 0));
        bus.publish(SampleEvents.numbered(0, 1));

        awaitTrue("the remaining subscription delivered both events", () -> received.contains(SampleEvents.numbered(0, 1)));
        assertThat(received).containsExactly(SampleEvents.numbered(0, 0), SampleEvents.numbered(0, 1));
    }

    @Test
    void publish_whenAListenerThrows_returnsNormallyAndEveryListenerKeepsReceiving() {
        DomainEvent poison = SampleEvents.numbered(0, 1);
        List<DomainEvent> thrower = new CopyOnWriteArrayList<>();
        List<DomainEvent> other = new CopyOnWriteArrayList<>();
        bus.subscribe(event -> {
            if (event.equals(poison)) {
                throw new IllegalStateException("a broken listener");
            }
            thrower.add(event);
        });
        bus.subscribe(other::add);

        bus.publish(SampleEvents.numbered(0, 0));
        bus.publish(poison);
        bus.publish(SampleEvents.numbered(0, 2));

        awaitTrue("both listeners received the events after the failure",
                () -> thrower.size() == 2 && other.size() == 3);
        assertThat(thrower).containsExactly(SampleEvents.numbered(0, 0), SampleEvents.numbered(0, 2));
        assertThat(other).containsExactly(SampleEvents.numbered(0, 0), poison, SampleEvents.numbered(0, 2));
    }

    @Test
    void publish_fromSeveralThreads_deliversEachPublishersEventsInItsOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 25;
        List<DomainEvent> received = new CopyOnWriteArrayList<>();
        bus.subscribe(received::add);

        try (ExecutorService threads = Executors.newFixedThreadPool(publishers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                running.add(threads.submit(() -> IntStream.range(0, perPublisher)
                        .forEach(n -> bus.publish(SampleEvents.numbered(publisher, n)))));
            }
            for (Future<?> publishing : running) {
                publishing.get();
            }
        }

        awaitTrue("every event arrived", () -> received.size() >= publishers * perPublisher);
        assertThat(received).hasSize(publishers * perPublisher);
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            List<DomainEvent> expected = IntStream.range(0, perPublisher)
                    .mapToObj(n -> SampleEvents.numbered(publisher, n)).toList();
            assertThat(received.stream().filter(expected::contains).toList())
                    .as("the events of publisher %d", publisher).isEqualTo(expected);
        }
    }

    /** Waits until the condition holds; fails naming it after ten seconds. */
    protected static void awaitTrue(String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + PATIENCE.toSeconds() + " s: " + description);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted while waiting until " + description);
            }
        }
    }
}
