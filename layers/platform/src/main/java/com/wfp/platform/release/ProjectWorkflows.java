package com.wfp.platform.release;

import com.wfp.platform.alert.WorkflowHealth;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The workflows of one project, as someone who publishes every day looks them over: each with
 * the version taking most traffic, the traffic split, whether it serves or was retired, and how
 * it is doing. Lists every workflow that was ever published (drafts never published are not
 * served, and are not listed).
 */
public final class ProjectWorkflows {

    /** Whether a workflow's production URL serves. */
    public enum State {
        /** Some release takes traffic. */
        SERVING,
        /** Retired: its URLs answer 410 Gone. */
        RETIRED,
        /** Nothing takes traffic (every release staged or demoted). */
        NOT_SERVING
    }

    /**
     * One release's share of the traffic.
     *
     * @param percent 0 for a staged release
     */
    public record Share(String version, ReleaseId releaseId, int percent) {
    }

    /**
     * One workflow of the project.
     *
     * @param liveVersion   the version taking most traffic, or null when none does
     * @param traffic       every routed release with its share, as the routing lists them
     * @param retiredReason why it was retired, or null
     * @param health        how it is doing, or null where this host does not judge health
     */
    public record Summary(WorkflowRef ref, State state, String liveVersion, List<Share> traffic, String retiredReason,
                          WorkflowHealth health) {

        public Summary {
            traffic = List.copyOf(traffic);
        }
    }

    private final RoutingStore routings;
    private final ReleaseCatalogue catalogue;
    private final Function<WorkflowRef, WorkflowHealth> health;

    /**
     * @param health how a workflow is doing, or null for a host that judges no health (its
     *               summaries then carry none)
     */
    public ProjectWorkflows(RoutingStore routings, ReleaseCatalogue catalogue, Function<WorkflowRef, WorkflowHealth> health) {
        this.routings = routings;
        this.catalogue = catalogue;
        this.health = health;
    }

    /** Every published workflow of {@code user/project}, by name; empty when none was. */
    public List<Summary> list(String user, String project) {
        InputRules.slug("user", user);
        InputRules.slug("project", project);
        List<Summary> summaries = new ArrayList<>();
        for (RoutingConfig routing : routings.routings(user, project)) {
            List<Share> traffic = new ArrayList<>();
            for (RouteWeight w : routing.weights()) {
                String version = catalogue.release(w.releaseId()).map(Release::versionName).orElse(w.releaseId().value());
                traffic.add(new Share(version, w.releaseId(), w.weight()));
            }
            String live = routing.mostTraffic().flatMap(id -> traffic.stream().filter(s -> s.releaseId().equals(id))
                    .findFirst()).map(Share::version).orElse(null);
            State state = routing.retired() != null ? State.RETIRED : live != null ? State.SERVING : State.NOT_SERVING;
            summaries.add(new Summary(routing.ref(), state, live, traffic,
                    routing.retired() == null ? null : routing.retired().reason(),
                    health == null ? null : health.apply(routing.ref())));
        }
        return summaries;
    }
}
