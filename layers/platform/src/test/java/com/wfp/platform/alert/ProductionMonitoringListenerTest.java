package com.wfp.platform.alert;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.ProductionMonitoring;
import com.wfp.platform.port.ProductionMonitoring.ServingRelease;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Stickiness;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionMonitoringListenerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");

    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final List<String> calls = new ArrayList<>();
    private final List<String> reports = new ArrayList<>();
    private boolean failing;
    private final ProductionMonitoring recording = new ProductionMonitoring() {
        @Override
        public void serving(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules) {
            if (failing) {
                throw new IllegalStateException("CloudWatch is down");
            }
            calls.add("serving " + ref.path() + " " + releases.stream().map(ServingRelease::version).toList()
                    + " p95>" + rules.maxP95Ms());
        }

        @Override
        public void retired(WorkflowRef ref) {
            calls.add("retired " + ref.path());
        }
    };
    private final ProductionMonitoringListener listener = new ProductionMonitoringListener(recording, store, store,
            Clock.fixed(T0, ZoneOffset.UTC), reports::add);

    private Release release(String version) {
        return store.createRelease(NewRelease.of(ORDERS, version, "", "{\"format\":1,\"id\":\"orders\",\"nodes\":[]}",
                "{}", "ada", T0));
    }

    private void route(RouteWeight... weights) {
        RoutingConfig current = store.routing(ORDERS);
        store.compareAndSetRouting(ORDERS, current.revision(), new RoutingConfig(ORDERS, current.revision() + 1,
                List.of(weights), Stickiness.OFF, null), "ada", "test");
    }

    @Test
    void routingEvents_handOverTheReleasesWithTrafficByVersion_withTheDefaultRules() {
        Release v1 = release("v1.0.0");
        Release v2 = release("v1.1.0");
        route(new RouteWeight(v1.id(), 90), new RouteWeight(v2.id(), 10));

        listener.accept(new DomainEvent.Published(ORDERS, T0, null, v2.id(), "v1.1.0", null, 2));
        route(new RouteWeight(v1.id(), 100), new RouteWeight(v2.id(), 0));
        listener.accept(new DomainEvent.RolledBack(ORDERS, T0, v2.id(), v1.id(), "ada"));

        assertThat(calls).containsExactly("serving ada/shop/orders [v1.0.0, v1.1.0] p95>2000",
                "serving ada/shop/orders [v1.0.0] p95>2000");
    }

    @Test
    void aRoutingWithoutTraffic_retiresTheWorkflow_andOtherEventsChangeNothing() {
        Release v1 = release("v1.0.0");
        route(new RouteWeight(v1.id(), 100));
        listener.accept(new DomainEvent.DeploymentFailed(ORDERS, T0, null, null));
        assertThat(calls).isEmpty();

        listener.update(new WorkflowRef("ada", "shop", "never-routed"));

        assertThat(calls).containsExactly("retired ada/shop/never-routed");
    }

    @Test
    void aFailingMonitor_isCountedAndReported_neverThrown() {
        Release v1 = release("v1.0.0");
        route(new RouteWeight(v1.id(), 100));
        failing = true;

        listener.accept(new DomainEvent.TrafficChanged(ORDERS, T0, store.routing(ORDERS), "ada", "why"));

        assertThat(listener.failures()).isEqualTo(1);
        assertThat(reports).singleElement().asString().contains("ada/shop/orders", "CloudWatch is down");
    }
}
