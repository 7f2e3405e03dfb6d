package com.wfp.platform.port;

import com.wfp.platform.event.DomainEvent;

import java.util.function.Consumer;

/**
 * Carries domain events from where they happen to whoever listens (the gateway's routing cache,
 * server-sent event streams, alerting): in process locally, EventBridge on AWS. Delivery is
 * best effort and in order per publisher; a failing listener never fails the publisher.
 */
public interface EventBus {

    /** Delivers the event to every current subscriber. */
    void publish(DomainEvent event);

    /** Registers a listener until the returned subscription is closed. */
    Subscription subscribe(Consumer<DomainEvent> listener);

    /** A registration; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
