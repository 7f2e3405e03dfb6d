package com.wfp.platform.port;

import com.wfp.platform.event.DomainEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-process {@link EventBus} that also keeps every event it carried, for assertions. */
public final class RecordingEventBus implements EventBus {

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DomainEvent event) {
        events.add(event);
        for (Consumer<DomainEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    @Override
    public Subscription subscribe(Consumer<DomainEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Every event so far, in order. */
    public List<DomainEvent> events() {
        return new ArrayList<>(events);
    }

    /** The events of one type, in order. */
    public <T extends DomainEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
