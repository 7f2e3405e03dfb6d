package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.platform.traffic.TrafficService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/traffic}: the routing (revision,
 * weights by version name, percent and state: serving above 0%, staged at 0%; stickiness, shadow),
 * the latest rollout, if any, and where a rollback without a version would go.
 */
public final class GetTrafficHandler extends ApiHandler {

    private final TrafficService traffic;
    private final ReleaseQueries releases;
    /** How far back the live figures beside each weight reach. */
    static final Duration LIVE_WINDOW = Duration.ofSeconds(60);

    private final RolloutController rollouts;
    private final TrafficJson json;
    private final ReleaseMetrics metrics;
    private final Clock clock;

    public GetTrafficHandler(TrafficServices services, ReleaseQueries releases) {
        this.releases = releases;
        this.traffic = services.traffic();
        this.rollouts = services.rollouts();
        this.json = new TrafficJson(services.queries());
        this.metrics = services.metrics();
        this.clock = services.clock();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        RoutingConfig routing = traffic.routing(ref);
        if (routing.revision() == 0) {
            // A routed workflow is known: only one never routed needs the draft and the releases looked up.
            releases.requireKnown(ref);
        }
        Instant now = clock.instant();
        Map<ReleaseId, WindowStats> live = new HashMap<>();
        for (ReleaseId release : routing.referencedReleases()) {
            live.put(release, metrics.stats(release, now.minus(LIVE_WINDOW), now));
        }
        return ApiResponses.json(200, json.trafficView(routing, rollouts.state(ref), live, LIVE_WINDOW,
                        traffic.rollbackTarget(ref)),
                request.requestId());
    }
}
