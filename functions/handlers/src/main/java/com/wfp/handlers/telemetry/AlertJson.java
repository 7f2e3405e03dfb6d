package com.wfp.handlers.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The JSON of alerts, alert rules, channels and deliveries, written and read once for all their routes. */
final class AlertJson {

    private static final Set<String> RULE_FIELDS = Set.of("maxErrorRatePercent", "errorRateWindowSeconds", "maxP95Ms",
            "p95WindowSeconds", "podDown", "noCallsMinutes", "minCalls");

    private AlertJson() {
    }

    static ObjectNode alert(ObjectNode json, Alert a) {
        json.put("id", a.id()).put("workflow", a.ref().path()).put("kind", a.kind().label()).put("state", a.state())
                .put("version", a.version())
                .put("releaseId", a.releaseId() == null ? null : a.releaseId().value())
                .put("reason", a.reason()).put("firedAt", a.firedAt().toString())
                .put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString())
                .put("resolution", a.resolution());
        return json;
    }

    static ObjectNode rules(ObjectNode json, AlertRules r) {
        return json.put("workflow", r.ref().path())
                .put("maxErrorRatePercent", r.maxErrorRatePercent())
                .put("errorRateWindowSeconds", r.errorRateWindow().toSeconds())
                .put("maxP95Ms", r.maxP95Ms())
                .put("p95WindowSeconds", r.p95Window().toSeconds())
                .put("podDown", r.podDown())
                .put("noCallsMinutes", r.noCallsWindow().toMinutes())
                .put("minCalls", r.minCalls())
                .put("updatedAt", r.updatedAt().toString())
                .put("updatedBy", r.updatedBy());
    }

    /** {@code current} with the fields {@code body} gives; an unknown field or a wrong type is refused. */
    static AlertRules rules(JsonNode body, AlertRules current, WorkflowRef ref, Instant at, String by) {
        body.fieldNames().forEachRemaining(name -> {
            if (!RULE_FIELDS.contains(name)) {
                throw DomainException.badRequest("alert.unknown-field", "'" + abbreviate(name) + "' is not an alert rule",
                        "Send any of " + String.join(", ", RULE_FIELDS.stream().sorted().toList()) + ".");
            }
        });
        return new AlertRules(ref,
                number(body, "maxErrorRatePercent", current.maxErrorRatePercent()),
                Duration.ofSeconds(whole(body, "errorRateWindowSeconds", current.errorRateWindow().toSeconds())),
                whole(body, "maxP95Ms", current.maxP95Ms()),
                Duration.ofSeconds(whole(body, "p95WindowSeconds", current.p95Window().toSeconds())),
                bool(body, "podDown", current.podDown()),
                Duration.ofMinutes(whole(body, "noCallsMinutes", current.noCallsWindow().toMinutes())),
                whole(body, "minCalls", current.minCalls()), at, by);
    }

    private static double number(JsonNode body, String field, double current) {
        JsonNode v = body.get(field);
        if (v == null) {
            return current;
        }
        if (!v.isNumber()) {
            throw wrongType(field, "a number");
        }
        return v.asDouble();
    }

    private static long whole(JsonNode body, String field, long current) {
        JsonNode v = body.get(field);
        if (v == null) {
            return current;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, "a whole number");
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode body, String field, boolean current) {
        JsonNode v = body.get(field);
        if (v == null) {
            return current;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return v.asBoolean();
    }

    private static DomainException wrongType(String field, String expected) {
        return DomainException.badRequest("alert.invalid-rules", "'" + field + "' must be " + expected,
                "Send " + field + " as " + expected + ".");
    }

    static ObjectNode channel(ObjectNode json, WebhookChannel c, boolean withSecret) {
        json.put("id", c.id()).put("type", "webhook").put("url", c.url().toString())
                .put("project", c.project() == null ? null : c.project().toString())
                .put("createdAt", c.createdAt().toString());
        json.put("secret", withSecret ? c.secret() : c.maskedSecret());
        return json;
    }

    /**
     * The channels' scope a request names: the project of {@code /projects/{user}/{project}/notify/...},
     * or null (platform-wide) for {@code /notify/...}.
     */
    static com.wfp.platform.identity.ProjectRef channelScope(ApiRequest request) {
        // The platform-wide routes (/api/v1/notify/...) have no {user} or {project}: pathParameter would refuse them.
        java.util.Map<String, String> parameters = request.event().getPathParameters();
        String user = parameters == null ? null : parameters.get("user");
        String project = parameters == null ? null : parameters.get("project");
        return user == null || project == null ? null : new com.wfp.platform.identity.ProjectRef(user, project);
    }

    static ObjectNode delivery(ObjectNode json, Delivery d) {
        return json.put("deliveryId", d.deliveryId()).put("channelId", d.channelId()).put("event", d.event())
                .put("workflow", d.subject()).put("attempt", d.attempt()).put("status", d.status())
                .put("delivered", d.delivered()).put("error", d.error()).put("at", d.at().toString());
    }

    static ObjectNode health(ObjectNode json, com.wfp.platform.alert.WorkflowHealth h) {
        json.put("workflow", h.ref().path()).put("state", h.state().label()).put("reason", h.reason())
                .put("windowSeconds", h.window().toSeconds()).put("calls", h.calls()).put("errors", h.errors())
                .put("errorRate", h.errorRate()).put("p95Ms", h.p95Ms());
        com.fasterxml.jackson.databind.node.ArrayNode firing = json.putArray("firing");
        h.firing().forEach(a -> alert(firing.addObject(), a));
        return json;
    }

    static ObjectNode uptime(ObjectNode json, WorkflowRef ref, com.wfp.platform.alert.Uptime u) {
        json.put("workflow", ref.path()).put("pod", u.pod()).put("checks", u.checks()).put("upChecks", u.upChecks())
                .put("uptimePercent", u.percent());
        com.fasterxml.jackson.databind.node.ArrayNode days = json.putArray("days");
        u.days().forEach(d -> days.addObject().put("day", d.day().toString()).put("checks", d.checks())
                .put("upChecks", d.upChecks()).put("uptimePercent", d.percent()));
        com.fasterxml.jackson.databind.node.ArrayNode outages = json.putArray("outages");
        u.outages().forEach(o -> outages.addObject().put("from", o.from().toString()).put("to", o.to().toString())
                .put("minutes", o.minutes()));
        return json;
    }

    static int limit(String text, int defaultLimit, int max) {
        int limit = TelemetryJson.limit(text, defaultLimit);
        if (limit < 1 || limit > max) {
            throw DomainException.badRequest("request.invalid-limit", "A limit of " + limit + " is out of range",
                    "Give limit as a whole number from 1 to " + max + ".");
        }
        return limit;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
