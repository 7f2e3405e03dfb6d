package com.wfp.platform.alert;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.ProductionMonitoring;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps {@link ProductionMonitoring} in step with the routing: after a workflow is published, its
 * traffic changes or it is rolled back, the releases that take its traffic (weight above zero) are
 * handed over, or the workflow is retired when none does. Subscribed to the event bus of the hosts
 * that change routing. A failure is counted and reported, never thrown: the publish or rollback
 * that caused the event has already happened and stays done.
 */
public final class ProductionMonitoringListener implements Consumer<DomainEvent> {

    private final ProductionMonitoring monitoring;
    private final RoutingStore routing;
    private final ReleaseCatalogue catalogue;
    private final Clock clock;
    private final Consumer<String> report;
    private final java.util.function.Function<WorkflowRef, java.util.Optional<AlertRules>> storedRules;
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param report told what failed, one line each
     */
    public ProductionMonitoringListener(ProductionMonitoring monitoring, RoutingStore routing,
                                        ReleaseCatalogue catalogue, Clock clock, Consumer<String> report) {
        this(monitoring, routing, catalogue, clock, report, ref -> java.util.Optional.empty());
    }

    /**
     * @param storedRules the workflow's stored alert rules (the defaults where it has none), so the
     *                    alarms watch the thresholds the alerts do
     */
    public ProductionMonitoringListener(ProductionMonitoring monitoring, RoutingStore routing,
                                        ReleaseCatalogue catalogue, Clock clock, Consumer<String> report,
                                        java.util.function.Function<WorkflowRef, java.util.Optional<AlertRules>> storedRules) {
        this.storedRules = storedRules;
        this.monitoring = monitoring;
        this.routing = routing;
        this.catalogue = catalogue;
        this.clock = clock;
        this.report = report;
    }

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof DomainEvent.Published || event instanceof DomainEvent.TrafficChanged
                || event instanceof DomainEvent.RolledBack) {
            update(event.ref());
        }
    }

    /** Hands the workflow's serving releases over now. */
    public void update(WorkflowRef ref) {
        try {
            RoutingConfig config = routing.routing(ref);
            List<ProductionMonitoring.ServingRelease> serving = config == null ? List.of() : config.weights().stream()
                    .filter(weight -> weight.weight() > 0)
                    .map(RouteWeight::releaseId)
                    .map(id -> new ProductionMonitoring.ServingRelease(id, catalogue.release(id)
                            .map(release -> release.versionName()).orElse(id.value())))
                    .toList();
            if (serving.isEmpty()) {
                monitoring.retired(ref);
            } else {
                monitoring.serving(ref, serving, storedRules.apply(ref)
                        .orElseGet(() -> AlertRules.defaults(ref, clock.instant())));
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            report.accept("The production monitoring of " + ref.path() + " was not updated: " + e.getMessage());
        }
    }

    /** How many updates failed. */
    public long failures() {
        return failures.get();
    }
}
