package com.wfp.adapters.local.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.deployment.StepRecord;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.platform.routing.LayoutSegment;
import com.wfp.platform.routing.Retirement;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON text forms of the structured columns (routing configs, step records, failures,
 * rollout plans and window statistics).
 * Written by hand rather than by data binding so the stored format stays stable when the
 * records gain accessors.
 */
final class StoredJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredJson() {
    }

    static String routing(RoutingConfig config) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("revision", config.revision());
        ArrayNode weights = root.putArray("weights");
        for (RouteWeight w : config.weights()) {
            weights.addObject().put("releaseId", w.releaseId().value()).put("weight", w.weight());
        }
        root.put("stickiness", config.stickiness().text());
        if (config.shadow() != null) {
            root.putObject("shadow").put("releaseId", config.shadow().releaseId().value())
                    .put("percent", config.shadow().percent());
        }
        ArrayNode layout = root.putArray("layout");
        for (LayoutSegment segment : config.layout()) {
            layout.addObject().put("releaseId", segment.releaseId().value()).put("start", segment.start())
                    .put("end", segment.end());
        }
        if (config.retired() != null) {
            ObjectNode retired = root.putObject("retired").put("reason", config.retired().reason());
            ArrayNode served = retired.putArray("lastServed");
            config.retired().lastServed().forEach(id -> served.add(id.value()));
        }
        return write(root);
    }

    static RoutingConfig routing(WorkflowRef ref, String json) {
        JsonNode root = read(json);
        List<RouteWeight> weights = new ArrayList<>();
        for (JsonNode w : root.path("weights")) {
            weights.add(new RouteWeight(new ReleaseId(w.path("releaseId").asText()), w.path("weight").asInt()));
        }
        // Routings stored before layouts existed have none: the config derives the default.
        List<LayoutSegment> layout = new ArrayList<>();
        for (JsonNode segment : root.path("layout")) {
            layout.add(new LayoutSegment(new ReleaseId(segment.path("releaseId").asText()), segment.path("start").asInt(),
                    segment.path("end").asInt()));
        }
        JsonNode shadow = root.path("shadow");
        JsonNode retired = root.path("retired");
        List<ReleaseId> lastServed = new ArrayList<>();
        retired.path("lastServed").forEach(id -> lastServed.add(new ReleaseId(id.asText())));
        return new RoutingConfig(ref, root.path("revision").asLong(), weights,
                Stickiness.parse(root.path("stickiness").asText("off")),
                shadow.isObject() ? new Shadow(new ReleaseId(shadow.path("releaseId").asText()), shadow.path("percent").asInt()) : null,
                layout, retired.isObject() ? new Retirement(retired.path("reason").asText(), lastServed) : null);
    }

    static String steps(List<StepRecord> steps) {
        ArrayNode array = MAPPER.createArrayNode();
        for (StepRecord s : steps) {
            ObjectNode o = array.addObject();
            o.put("step", s.step().name());
            o.put("startedAt", s.startedAt().toString());
            o.put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
            o.put("outcome", s.outcome().name());
            o.put("error", s.error());
        }
        return write(array);
    }

    static List<StepRecord> steps(String json) {
        List<StepRecord> steps = new ArrayList<>();
        for (JsonNode s : read(json)) {
            steps.add(new StepRecord(DeploymentStep.valueOf(s.path("step").asText()),
                    Instant.parse(s.path("startedAt").asText()),
                    s.path("endedAt").isTextual() ? Instant.parse(s.path("endedAt").asText()) : null,
                    StepOutcome.valueOf(s.path("outcome").asText()),
                    s.path("error").isTextual() ? s.path("error").asText() : null));
        }
        return steps;
    }

    static String failure(DeploymentFailure failure) {
        if (failure == null) {
            return null;
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("step", failure.step().name());
        o.put("code", failure.code());
        o.put("message", failure.message());
        o.put("hint", failure.hint());
        o.put("details", failure.details());
        return write(o);
    }

    static DeploymentFailure failure(String json) {
        if (json == null) {
            return null;
        }
        JsonNode o = read(json);
        return new DeploymentFailure(DeploymentStep.valueOf(o.path("step").asText()), o.path("code").asText(),
                o.path("message").asText(), o.path("hint").asText(),
                o.path("details").isTextual() ? o.path("details").asText() : null);
    }

    /** Durations as ISO-8601 text ("PT1M30.25S"), which keeps every nanosecond. */
    static String plan(RolloutPlan plan) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("candidateVersion", plan.candidateVersion());
        ArrayNode steps = o.putArray("steps");
        plan.steps().forEach(steps::add);
        o.put("interval", plan.interval().toString());
        RolloutGuard guard = plan.guard();
        o.putObject("guard").put("maxErrorRate", guard.maxErrorRate()).put("maxP95Ms", guard.maxP95Ms())
                .put("minRequests", guard.minRequests()).put("window", guard.window().toString());
        return write(o);
    }

    static RolloutPlan plan(String json) {
        JsonNode o = read(json);
        List<Integer> steps = new ArrayList<>();
        for (JsonNode step : o.path("steps")) {
            steps.add(step.asInt());
        }
        JsonNode guard = o.path("guard");
        return new RolloutPlan(text(o, "candidateVersion"), steps, Duration.parse(text(o, "interval")),
                new RolloutGuard(guard.path("maxErrorRate").asDouble(), guard.path("maxP95Ms").asDouble(),
                        guard.path("minRequests").asLong(), Duration.parse(text(guard, "window"))));
    }

    static String stats(WindowStats stats) {
        if (stats == null) {
            return null;
        }
        return write(MAPPER.createObjectNode().put("requests", stats.requests()).put("errors", stats.errors())
                .put("p95Ms", stats.p95Ms()));
    }

    static WindowStats stats(String json) {
        if (json == null) {
            return null;
        }
        JsonNode o = read(json);
        return new WindowStats(o.path("requests").asLong(), o.path("errors").asLong(), o.path("p95Ms").asDouble());
    }

    private static String text(JsonNode o, String field) {
        JsonNode value = o.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("the stored JSON has no text '" + field + "'");
        }
        return value.asText();
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DomainException("store.corrupt", 500, "A stored JSON value could not be read: " + e.getOriginalMessage(),
                    "Restore the database file from a backup; PRAGMA integrity_check tells whether the file itself is damaged.", e);
        }
    }
}
