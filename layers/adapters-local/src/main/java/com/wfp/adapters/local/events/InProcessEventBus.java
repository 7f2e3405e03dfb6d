package com.wfp.adapters.local.events;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local platform's {@link EventBus}: events are handed to every subscriber on the
 * publisher's thread, in order. Subscribers must be quick (an SSE stream queues, a cache
 * invalidates); one that throws is logged and skipped so the others and the publisher go on.
 */
public final class InProcessEventBus implements EventBus {

    private static final Logger LOG = Logger.getLogger(InProcessEventBus.class.getName());

    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DomainEvent event) {
        for (Consumer<DomainEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An event listener failed on " + event.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<DomainEvent> listener) {
        Consumer<DomainEvent> registered = listener::accept;
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** How many listeners are subscribed. */
    public int subscriberCount() {
        return listeners.size();
    }
}
