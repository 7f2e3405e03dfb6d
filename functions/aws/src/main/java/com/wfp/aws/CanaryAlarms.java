package com.wfp.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.traffic.RollbackResult;
import com.wfp.platform.traffic.TrafficService;

import java.util.Comparator;

/**
 * Turns a canary's CloudWatch alarm (an EventBridge {@code CloudWatch Alarm State Change}) into a
 * rollback: while more than one release takes traffic (a canary's window), the release with the
 * most traffic takes it all and a running rollout stops. Outside a window, or for another state,
 * nothing changes.
 */
final class CanaryAlarms {

    /** Alarm names of canaries: this prefix, then {@code user/project/workflow}. */
    static final String NAME_PREFIX = "wfp-canary/";
    static final String ACTOR = "wfp-alarm";

    /** What an alarm event did. */
    record Outcome(String action, String workflow, String detail) {
    }

    private final TrafficService traffic;
    private final RolloutController rollouts;
    private final ReleaseCatalogue catalogue;

    CanaryAlarms(TrafficService traffic, RolloutController rollouts, ReleaseCatalogue catalogue) {
        this.traffic = traffic;
        this.rollouts = rollouts;
        this.catalogue = catalogue;
    }

    Outcome handle(JsonNode event) {
        JsonNode detail = event.path("detail");
        String alarm = detail.path("alarmName").asText("");
        String state = detail.path("state").path("value").asText("");
        WorkflowRef ref = refOf(alarm);
        if (ref == null) {
            return new Outcome("ignored", null, "alarm '" + alarm + "' is not a canary's");
        }
        if (!"ALARM".equals(state)) {
            return new Outcome("ignored", ref.path(), "alarm state is " + state);
        }
        RoutingConfig routing = traffic.routing(ref);
        long live = routing.weights().stream().filter(w -> w.weight() > 0).count();
        if (live < 2) {
            return new Outcome("ignored", ref.path(), "no canary is taking traffic");
        }
        ReleaseId stable = routing.weights().stream().max(Comparator.comparingInt(RouteWeight::weight))
                .map(RouteWeight::releaseId).orElseThrow();
        String version = catalogue.release(stable).orElseThrow().versionName();
        rollouts.state(ref).filter(s -> s.status().active()).ifPresent(s -> rollouts.cancel(ref, ACTOR));
        RollbackResult result = traffic.rollback(ref, version, ACTOR, "alarm " + alarm + " went into ALARM: "
                + detail.path("state").path("reason").asText(""));
        return new Outcome("rolled-back", ref.path(), "all traffic to " + result.toVersion());
    }

    /** The workflow a canary alarm watches, or null when the name is not a canary alarm's. */
    static WorkflowRef refOf(String alarmName) {
        if (alarmName == null || !alarmName.startsWith(NAME_PREFIX)) {
            return null;
        }
        String[] parts = alarmName.substring(NAME_PREFIX.length()).split("/");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new WorkflowRef(parts[0], parts[1], parts[2]);
        } catch (RuntimeException notAWorkflow) {
            return null;
        }
    }
}
