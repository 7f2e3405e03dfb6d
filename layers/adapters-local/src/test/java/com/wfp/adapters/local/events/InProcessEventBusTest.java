package com.wfp.adapters.local.events;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessEventBusTest {

    private static DomainEvent rolledBack(String to) {
        return new DomainEvent.RolledBack(new WorkflowRef("alice", "shop", "orders"), Instant.EPOCH,
                new ReleaseId("rel-a"), new ReleaseId(to), "alice");
    }

    @Test
    void publish_deliversToEverySubscriberInOrderUntilItUnsubscribes() {
        InProcessEventBus bus = new InProcessEventBus();
        List<DomainEvent> first = new ArrayList<>();
        List<DomainEvent> second = new ArrayList<>();
        EventBus.Subscription a = bus.subscribe(first::add);
        bus.subscribe(second::add);

        bus.publish(rolledBack("rel-b"));
        a.close();
        bus.publish(rolledBack("rel-c"));

        assertThat(first).containsExactly(rolledBack("rel-b"));
        assertThat(second).containsExactly(rolledBack("rel-b"), rolledBack("rel-c"));
        assertThat(bus.subscriberCount()).isEqualTo(1);
    }

    @Test
    void publish_whenAListenerThrows_stillDeliversToTheOthers() {
        InProcessEventBus bus = new InProcessEventBus();
        List<DomainEvent> received = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("broken listener");
        });
        bus.subscribe(received::add);

        bus.publish(rolledBack("rel-b"));

        assertThat(received).hasSize(1);
    }

    @Test
    void subscribe_sameListenerTwice_canBeClosedSeparately() {
        InProcessEventBus bus = new InProcessEventBus();
        List<DomainEvent> received = new ArrayList<>();
        java.util.function.Consumer<DomainEvent> listener = received::add;
        EventBus.Subscription one = bus.subscribe(listener);
        bus.subscribe(listener);

        one.close();
        bus.publish(rolledBack("rel-b"));

        assertThat(received).hasSize(1);
    }
}
