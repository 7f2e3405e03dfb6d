package com.wfp.handlers.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;
import com.wfp.workflow.error.DomainException;

import java.util.List;

/** The pods' JSON shapes: a pod with its plan and load, and the body that changes a plan. */
final class PodJson {


    private PodJson() {
    }

    static ObjectNode list(List<PodSummary> pods) {
        ObjectNode answer = ReportJson.mapper().createObjectNode();
        pods.forEach(pod -> answer.withArray("pods").add(pod(pod)));
        answer.withArray("pods");
        return answer;
    }

    static ObjectNode pod(PodSummary pod) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("user", pod.user());
        json.put("kind", pod.kind());
        json.put("state", pod.state());
        json.put("pid", pod.pid());
        json.put("memoryBytes", pod.memoryBytes());
        json.put("inFlight", pod.inFlight());
        json.put("queued", pod.queued());
        json.put("restarts", pod.restarts());
        json.put("uptimeMs", pod.uptime().toMillis());
        pod.releases().forEach(json.putArray("releases")::add);
        json.set("plan", plan(pod.plan()));
        json.put("planPending", pod.planPending());
        return json;
    }

    static ObjectNode plan(PodPlan plan) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("heapMb", plan.heapMb());
        json.put("cpus", plan.cpus());
        json.put("maxConcurrency", plan.maxConcurrency());
        json.put("queueSize", plan.queueSize());
        return json;
    }

    /** The plan {@code body} asks for: each field it names replaces the one in {@code current}. */
    static PodPlan plan(JsonNode body, PodPlan current) {
        return current.with(integer(body, "heapMb"), integer(body, "cpus"), integer(body, "maxConcurrency"),
                integer(body, "queueSize"));
    }

    static boolean restart(JsonNode body) {
        JsonNode restart = body.get("restart");
        if (restart == null || restart.isNull()) {
            return false;
        }
        if (!restart.isBoolean()) {
            throw DomainException.badRequest("request.invalid-field", "'restart' must be true or false",
                    "Send \"restart\": true to start the pod again with the new plan now.");
        }
        return restart.asBoolean();
    }

    private static Integer integer(JsonNode body, String field) {
        Long value = BodyFields.number(body, field);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw DomainException.badRequest("request.invalid-field", "'" + field + "' is out of range: " + value,
                    "Send '" + field + "' as a whole number within the plan's limits.");
        }
        return value.intValue();
    }
}
