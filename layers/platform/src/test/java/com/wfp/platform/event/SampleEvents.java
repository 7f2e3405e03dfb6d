package com.wfp.platform.event;

import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;

import java.time.Instant;
import java.util.List;

/** Domain events with every field set, and their variants with the optional fields left out. */
public final class SampleEvents {

    public static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    /** Nanosecond precision, so that a transport that drops digits shows. */
    public static final Instant AT = Instant.parse("2026-01-15T10:00:00.123456789Z");
    public static final DeploymentId DEPLOYMENT = new DeploymentId("dep-9a1c0e5b7f2d4c3a8e6b1d0f");
    public static final ReleaseId V1 = new ReleaseId("rel-0a1b2c3d4e5f60718293a4b5");
    public static final ReleaseId V2 = new ReleaseId("rel-5f0c2a9e81b34d7a6c1e0f92");

    private SampleEvents() {
    }

    public static DomainEvent.Published published() {
        return new DomainEvent.Published(ORDERS, AT, DEPLOYMENT, V2, "v1.2.0", PublishStrategy.canary(10), 7);
    }

    public static DomainEvent.TrafficChanged trafficChanged() {
        // Derived from V1 at 100%, so the layout is not the default one: V1 kept its lowest 90 units.
        RoutingConfig routing = new RoutingConfig(ORDERS, 7, List.of(new RouteWeight(V1, 100)),
                Stickiness.header("X-Customer-Id"), new Shadow(V1, 5))
                .withWeights(List.of(new RouteWeight(V2, 10), new RouteWeight(V1, 90)));
        return new DomainEvent.TrafficChanged(ORDERS, AT, routing, "alice",
                "publish v1.2.0 (canary:10) \u2014 \"quoted\", \u00fcml\u00e4uts\nand a second line");
    }

    public static DomainEvent.RolledBack rolledBack() {
        return new DomainEvent.RolledBack(ORDERS, AT, V2, V1, "bob");
    }

    public static DomainEvent.DeploymentFailed deploymentFailed() {
        return new DomainEvent.DeploymentFailed(ORDERS, AT, DEPLOYMENT, new DeploymentFailure(DeploymentStep.VALIDATE,
                "publish.validation-failed", "The workflow has 1 error", "Fix the errors the report lists.",
                "{\"valid\":false,\"findings\":[{\"code\":\"graph.cycle\",\"node\":\"a\"}]}"));
    }

    public static DomainEvent.DeploymentProgress deploymentProgress() {
        return new DomainEvent.DeploymentProgress(ORDERS, AT, DEPLOYMENT, DeploymentStep.HEALTH_CHECK,
                StepOutcome.RUNNING, 72, 1_250);
    }

    /** One event of every type, every field set. */
    public static List<DomainEvent> oneOfEach() {
        return List.of(published(), trafficChanged(), rolledBack(), deploymentFailed(), deploymentProgress(),
                alertFired(), alertResolved());
    }

    public static DomainEvent.AlertFired alertFired() {
        return new DomainEvent.AlertFired(ORDERS, AT, new com.wfp.platform.alert.Alert("alr_000000000001", ORDERS,
                com.wfp.platform.alert.AlertKind.ERROR_RATE, V1, "v1.2.0",
                "error rate 40.0% over the last 5m (4 of 10 calls) is above 5%", AT, null, ""));
    }

    public static DomainEvent.AlertResolved alertResolved() {
        return new DomainEvent.AlertResolved(ORDERS, AT, new com.wfp.platform.alert.Alert("alr_000000000002", ORDERS,
                com.wfp.platform.alert.AlertKind.POD_DOWN, null, "", "the production pod of alice is unreachable",
                AT.minusSeconds(60), AT, "the production pod answers again"));
    }

    /** Events whose optional fields are null or empty. */
    public static List<DomainEvent> sparse() {
        return List.of(
                new DomainEvent.TrafficChanged(ORDERS, AT, RoutingConfig.empty(ORDERS), "alice", null),
                new DomainEvent.RolledBack(ORDERS, AT, null, V1, "bob"),
                new DomainEvent.DeploymentFailed(ORDERS, AT, DEPLOYMENT,
                        new DeploymentFailure(DeploymentStep.LOAD, "pod.load-failed", "The pod refused the release", null, null)),
                new DomainEvent.Published(ORDERS, AT, DEPLOYMENT, V1, "v1.0.0", PublishStrategy.ALL, 1));
    }

    /** The {@code n}th of a numbered series of {@code publisher}'s events: each differs from every other. */
    public static DomainEvent numbered(int publisher, int n) {
        return new DomainEvent.DeploymentProgress(ORDERS, AT, new DeploymentId("dep-" + publisher),
                DeploymentStep.LOAD, StepOutcome.RUNNING, 50, n);
    }
}
