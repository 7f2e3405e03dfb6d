package com.wfp.platform.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.platform.port.EventBus;

import java.util.function.Consumer;

/**
 * The event bus as seen by a service that publishes after its change is committed (a publish, a
 * traffic change, a rollback): a bus that fails to deliver (EventBridge throttled or down) is
 * logged, never thrown, because the change stands either way and an error would tell the caller
 * it did not happen. Nothing depends on the event arriving for correctness: routing caches also
 * expire by age, and status is read from the store.
 */
public final class CommittedChangeEvents implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedChangeEvents.class);

    private final EventBus bus;

    public CommittedChangeEvents(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void publish(DomainEvent event) {
        try {
            bus.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("The " + event.getClass().getSimpleName() + " event of " + event.ref()
                    + " was not delivered; the change itself is stored", e);
        }
    }

    @Override
    public Subscription subscribe(Consumer<DomainEvent> listener) {
        return bus.subscribe(listener);
    }
}
