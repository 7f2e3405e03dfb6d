package com.wfp.handlers.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.platform.traffic.RollbackResult;
import com.wfp.platform.traffic.RollbackTarget;
import com.wfp.platform.traffic.TrafficChange;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of the traffic routes: routing configs with version names next to release ids,
 * traffic changes, rollbacks, routing history and rollout states; and the reading of their
 * request bodies, which refuses missing or mistyped fields with a 400 that shows the shape.
 */
final class TrafficJson {

    private final TrafficQueries queries;

    TrafficJson(TrafficQueries queries) {
        this.queries = queries;
    }

    ObjectNode routing(RoutingConfig routing) {
        return routing(routing, names(routing.ref()));
    }

    private ObjectNode routing(RoutingConfig routing, Names names) {
        ObjectNode json = object();
        json.put("workflow", routing.ref().path());
        json.put("revision", routing.revision());
        ArrayNode weights = json.putArray("weights");
        for (RouteWeight w : routing.weights()) {
            weights.addObject().put("version", names.of(w.releaseId())).put("releaseId", w.releaseId().value())
                    .put("percent", w.weight()).put("state", w.weight() > 0 ? "serving" : "staged");
        }
        json.put("stickiness", routing.stickiness().text());
        if (routing.shadow() == null) {
            json.putNull("shadow");
        } else {
            json.putObject("shadow").put("version", names.of(routing.shadow().releaseId()))
                    .put("releaseId", routing.shadow().releaseId().value()).put("percent", routing.shadow().percent());
        }
        if (routing.retired() == null) {
            json.putNull("retired");
        } else {
            ObjectNode retired = json.putObject("retired").put("reason", routing.retired().reason());
            ArrayNode served = retired.putArray("lastServed");
            routing.retired().lastServed().forEach(id -> served.add(names.of(id)));
        }
        return json;
    }

    ObjectNode change(TrafficChange change) {
        Names names = names(change.after().ref());
        ObjectNode json = object();
        json.put("changed", change.changed());
        json.put("why", change.why());
        json.set("routing", routing(change.after(), names));
        json.set("before", routing(change.before(), names));
        ArrayNode loaded = json.putArray("loadedIntoPod");
        change.loadedIntoPod().forEach(id -> loaded.add(names.of(id)));
        return json;
    }

    ObjectNode rollback(RollbackResult result) {
        Names names = names(result.routing().ref());
        ObjectNode json = object();
        if (result.fromRelease() == null) {
            json.putNull("from");
        } else {
            json.put("from", names.of(result.fromRelease()));
        }
        json.put("to", result.toVersion());
        json.put("toReleaseId", result.toRelease().value());
        json.put("tookMs", result.took().toNanos() / 1_000_000.0);
        json.put("attempts", result.attempts());
        json.put("loadedIntoPod", result.loadedIntoPod());
        json.put("why", result.why());
        json.put("reason", result.reason());
        json.set("routing", routing(result.routing(), names));
        return json;
    }

    /** The workflow's routing history, with version names read once for every entry. */
    ObjectNode history(WorkflowRef ref) {
        List<RoutingChange> changes = queries.history(ref);
        Names names = names(ref);
        ObjectNode json = object();
        ArrayNode entries = json.putArray("entries");
        for (RoutingChange change : changes) {
            ObjectNode entry = entries.addObject();
            entry.put("revision", change.revision());
            entry.put("at", change.at().toString());
            entry.put("by", change.by());
            entry.put("why", change.why());
            entry.set("before", routing(change.before(), names));
            entry.set("after", routing(change.after(), names));
        }
        return json;
    }

    ObjectNode rollout(RolloutState state) {
        Names names = names(state.ref());
        ObjectNode json = object();
        json.put("workflow", state.ref().path());
        json.put("candidate", names.of(state.candidate()));
        json.put("previous", names.of(state.previous()));
        json.put("status", state.status().name());
        json.put("active", state.status().active());
        json.put("step", state.stepIndex() + 1);
        ArrayNode steps = json.putArray("steps");
        state.plan().steps().forEach(steps::add);
        json.put("percent", state.percent());
        json.put("intervalSeconds", state.plan().interval().toMillis() / 1000.0);
        ObjectNode guard = json.putObject("guard");
        guard.put("maxErrorRate", state.plan().guard().maxErrorRate());
        guard.put("maxP95Ms", state.plan().guard().maxP95Ms());
        guard.put("minRequests", state.plan().guard().minRequests());
        guard.put("windowSeconds", state.plan().guard().window().toMillis() / 1000.0);
        json.put("stepStartedAt", state.stepStartedAt().toString());
        json.put("reason", state.reason());
        json.put("startedBy", state.startedBy());
        json.put("updatedAt", state.updatedAt().toString());
        WindowStats stats = state.lastStats();
        if (stats == null) {
            json.putNull("lastStats");
        } else {
            json.putObject("lastStats").put("requests", stats.requests()).put("errors", stats.errors())
                    .put("errorRate", stats.errorRate()).put("p95Ms", stats.p95Ms());
        }
        return json;
    }

    /**
     * The routing with what each release did over the last {@code window}: {@code live} on every
     * weight and on the shadow ({@code requests}, {@code errors}, {@code errorRate}, {@code p95Ms}),
     * and {@code rollbackTo}: where a rollback without a version would go and why, or null.
     */
    ObjectNode trafficView(RoutingConfig routing, Optional<RolloutState> rollout, Map<ReleaseId, WindowStats> live,
                           Duration window, Optional<RollbackTarget> rollbackTo) {
        ObjectNode json = routing(routing);
        if (rollbackTo.isPresent()) {
            json.putObject("rollbackTo").put("version", rollbackTo.get().release().versionName())
                    .put("releaseId", rollbackTo.get().release().id().value()).put("reason", rollbackTo.get().reason());
        } else {
            json.putNull("rollbackTo");
        }
        json.put("liveWindowSeconds", window.toSeconds());
        for (JsonNode weight : json.path("weights")) {
            putLive((ObjectNode) weight, live);
        }
        if (json.path("shadow").isObject()) {
            putLive((ObjectNode) json.path("shadow"), live);
        }
        if (rollout.isPresent()) {
            json.set("rollout", rollout(rollout.get()));
        } else {
            json.putNull("rollout");
        }
        return json;
    }

    private static void putLive(ObjectNode entry, Map<ReleaseId, WindowStats> live) {
        WindowStats stats = live.getOrDefault(new ReleaseId(entry.path("releaseId").asText()), WindowStats.EMPTY);
        entry.putObject("live").put("requests", stats.requests()).put("errors", stats.errors())
                .put("errorRate", stats.errorRate()).put("p95Ms", stats.p95Ms());
    }

    private Names names(WorkflowRef ref) {
        return new Names(queries.versionNames(ref));
    }

    /** Version names by release id; an id the workflow does not hold shows as itself. */
    private record Names(Map<ReleaseId, String> byId) {

        String of(ReleaseId id) {
            return byId.getOrDefault(id, id.value());
        }
    }

    // Reading request bodies.

    static Map<String, Integer> weights(JsonNode body) {
        JsonNode weights = body.get("weights");
        if (weights == null || !weights.isObject() || weights.isEmpty()) {
            throw DomainException.badRequest("request.missing-field", "The request body has no 'weights' object",
                    "Send {\"revision\": N, \"weights\": {\"v1.0.0\": 90, \"v1.1.0\": 10}}.");
        }
        Map<String, Integer> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weights.properties()) {
            if (!e.getValue().isIntegralNumber()) {
                throw BodyFields.invalidField("weights." + e.getKey(), "a whole percentage");
            }
            result.put(e.getKey(), e.getValue().asInt());
        }
        return result;
    }

    private static ObjectNode object() {
        return ReportJson.mapper().createObjectNode();
    }
}
