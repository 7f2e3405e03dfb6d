package com.wfp.adapters.local.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local platform's {@link EventBus}: publish/subscribe for domain events inside one JVM.
 *
 * <p><b>Delivery.</b> Every subscriber has its own bounded buffer and its own virtual thread that
 * hands it the events one at a time, in publication order. {@link #publish} only offers the event
 * to each buffer, so it never waits for a subscriber: a slow subscriber cannot hold up a publisher
 * or the other subscribers. Publications are serialised, so every subscriber sees the events in
 * the same total order.
 *
 * <p><b>Slow subscribers are dropped, not the events.</b> When a subscriber's buffer is full at the
 * moment an event is published, that subscriber is removed from the bus: its subscription becomes
 * {@linkplain Subscription#isDropped() dropped}, the events already in its buffer are still
 * delivered, then its {@code onDropped} callback runs (once) and its thread ends. The bus counts
 * such removals in {@link #droppedSubscribers()}. Dropping the subscriber rather than silently
 * skipping one event keeps every live subscriber's view gap-free: a subscriber that was dropped
 * knows it missed events and must resynchronise (an SSE stream closes and the client reconnects; a
 * cache flushes and reloads) and subscribe again.
 *
 * <p>An exception thrown by a subscriber is counted in {@link #subscriberFailures()} and does not
 * stop its delivery of later events, nor the publisher.
 */
public final class InProcessEventBus implements EventBus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

    /** Buffer size per subscriber when none is given. */
    public static final int DEFAULT_BUFFER_PER_SUBSCRIBER = 1024;

    private static final Object STOP = new Object();

    private final int bufferPerSubscriber;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong droppedSubscribers = new AtomicLong();
    private final AtomicLong subscriberFailures = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Object publishLock = new Object();

    public InProcessEventBus() {
        this(DEFAULT_BUFFER_PER_SUBSCRIBER);
    }

    public InProcessEventBus(int bufferPerSubscriber) {
        if (bufferPerSubscriber < 1) {
            throw new IllegalArgumentException("bufferPerSubscriber must be at least 1, was " + bufferPerSubscriber);
        }
        this.bufferPerSubscriber = bufferPerSubscriber;
    }

    /**
     * Offers the event to every current subscriber and returns at once.
     *
     * @throws IllegalStateException when the bus is closed
     */
    @Override
    public void publish(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (publishLock) {
            if (closed.get()) {
                throw new IllegalStateException("The event bus is closed; no event can be published any more");
            }
            published.incrementAndGet();
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.buffer.offer(event)) {
                    drop(subscriber);
                }
            }
        }
    }

    /** Subscribes a consumer; a dropped subscription is simply ended. */
    @Override
    public BufferedSubscription subscribe(Consumer<DomainEvent> consumer) {
        return subscribe(consumer, () -> { });
    }

    /**
     * Subscribes a consumer. {@code onDropped} runs on the subscriber's thread after the last
     * buffered event when the bus drops this subscriber because its buffer was full.
     *
     * @throws IllegalStateException when the bus is closed
     */
    public BufferedSubscription subscribe(Consumer<? super DomainEvent> consumer, Runnable onDropped) {
        return subscribe(consumer, onDropped, bufferPerSubscriber);
    }

    /**
     * Subscribes a consumer with its own buffer size, for subscribers that need more (or less)
     * slack than the bus default.
     *
     * @throws IllegalStateException when the bus is closed
     */
    public BufferedSubscription subscribe(Consumer<? super DomainEvent> consumer, Runnable onDropped,
                                            int buffer) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(onDropped, "onDropped");
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer must be at least 1, was " + buffer);
        }
        Subscriber subscriber = new Subscriber(consumer, onDropped, buffer);
        synchronized (publishLock) {
            if (closed.get()) {
                throw new IllegalStateException("The event bus is closed; nobody can subscribe any more");
            }
            subscribers.add(subscriber);
            subscriber.thread = Thread.ofVirtual().name("event-subscriber").start(subscriber::run);
        }
        return subscriber;
    }

    /** How many subscribers were removed because their buffer was full. */
    public long droppedSubscribers() {
        return droppedSubscribers.get();
    }

    /** How many deliveries ended with an exception from the subscriber. */
    public long subscriberFailures() {
        return subscriberFailures.get();
    }

    /** How many events were published since the bus was created. */
    public long publishedEvents() {
        return published.get();
    }

    /** Current number of active subscribers. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Stops the bus: no more publications or subscriptions; every subscriber still receives what is
     * already in its buffer, and this method waits up to {@code timeout} for them to finish.
     */
    public void close(long timeout, TimeUnit unit) {
        List<Subscriber> remaining;
        synchronized (publishLock) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            remaining = List.copyOf(subscribers);
            subscribers.clear();
        }
        for (Subscriber subscriber : remaining) {
            subscriber.finish();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Subscriber subscriber : remaining) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !subscriber.thread.join(java.time.Duration.ofNanos(left))) {
                    subscriber.thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Closes the bus and waits up to five seconds for subscribers to drain their buffers. */
    @Override
    public void close() {
        close(5, TimeUnit.SECONDS);
    }

    private void drop(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            droppedSubscribers.incrementAndGet();
            subscriber.dropped = true;
            subscriber.finish();
        }
    }

    /** A live subscription; closing it stops delivery after the event being delivered, if any. */
    public interface BufferedSubscription extends EventBus.Subscription {

        /** True while the subscriber still receives events. */
        boolean isActive();

        /** True when the bus removed this subscriber because its buffer was full. */
        boolean isDropped();

        /** Ends the subscription; events still buffered are discarded. Idempotent. */
        @Override
        void close();
    }

    private final class Subscriber implements BufferedSubscription {
        private final BlockingQueue<Object> buffer;
        private final Consumer<? super DomainEvent> consumer;
        private final Runnable onDropped;
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private volatile boolean active = true;
        private volatile boolean dropped;
        private volatile boolean cancelled;
        private volatile Thread thread;

        Subscriber(Consumer<? super DomainEvent> consumer, Runnable onDropped, int capacity) {
            this.buffer = new ArrayBlockingQueue<>(capacity);
            this.consumer = consumer;
            this.onDropped = onDropped;
        }

        /** Lets the thread deliver what is buffered, then end. */
        void finish() {
            stopRequested.set(true);
            // The buffer may be full (that is why a subscriber is dropped): the flag ends the loop
            // once the buffer is empty, and the sentinel only wakes a thread that waits on an empty one.
            buffer.offer(STOP);
        }

        void run() {
            try {
                while (!cancelled) {
                    Object next = stopRequested.get() ? buffer.poll() : buffer.poll(1, TimeUnit.SECONDS);
                    if (next == null) {
                        if (stopRequested.get() && buffer.isEmpty()) {
                            break;
                        }
                        continue;
                    }
                    if (next == STOP) {
                        if (buffer.isEmpty()) {
                            break;
                        }
                        continue;
                    }
                    try {
                        consumer.accept((DomainEvent) next);
                    } catch (RuntimeException e) {
                        subscriberFailures.incrementAndGet();
                        LOG.warn("a subscriber failed on a {} event; the others still get it",
                                next.getClass().getSimpleName(), e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active = false;
                if (dropped && !cancelled) {
                    try {
                        onDropped.run();
                    } catch (RuntimeException e) {
                        subscriberFailures.incrementAndGet();
                        LOG.warn("a subscriber failed on being told it missed events", e);
                    }
                }
            }
        }

        @Override
        public boolean isActive() {
            return active && !cancelled && !dropped;
        }

        @Override
        public boolean isDropped() {
            return dropped;
        }

        @Override
        public void close() {
            cancelled = true;
            subscribers.remove(this);
            Thread running = thread;
            if (running != null && running != Thread.currentThread()) {
                running.interrupt();
            }
        }
    }
}
