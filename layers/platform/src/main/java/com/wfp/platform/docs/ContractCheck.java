package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a new release keeps the contract callers of the live release rely on: every input the
 * live release's {@code inputSchema} accepted must still be accepted, and every status it could
 * answer must still exist. Each break found is listed; none means callers need not change.
 */
public final class ContractCheck {

    /**
     * One way the new release breaks the live contract.
     *
     * @param kind   {@code removed-field}, {@code newly-required}, {@code narrowed-type},
     *               {@code narrowed-enum} or {@code removed-status}
     * @param path   where, as a JSON pointer into the input ({@code /customer/id}) or the status
     * @param detail what changed, in words
     */
    public record ContractBreak(String kind, String path, String detail) {
    }

    private ContractCheck() {
    }

    /** The breaks from {@code live} to {@code candidate}, input schema first, then statuses. */
    public static List<ContractBreak> between(Workflow live, Workflow candidate) {
        List<ContractBreak> breaks = new ArrayList<>(inputBreaks(inputSchema(live), inputSchema(candidate)));
        Set<Integer> kept = statuses(candidate);
        for (int status : statuses(live)) {
            if (!kept.contains(status)) {
                breaks.add(new ContractBreak("removed-status", Integer.toString(status),
                        "the live release can answer " + status + "; the new one never does"));
            }
        }
        return breaks;
    }

    /** The breaks between two input schemas: what {@code live} accepted that {@code candidate} refuses. */
    public static List<ContractBreak> inputBreaks(JsonNode live, JsonNode candidate) {
        List<ContractBreak> breaks = new ArrayList<>();
        compare(live, candidate, "", breaks);
        return breaks;
    }

    /** The statuses a workflow's respond and fail nodes answer. */
    public static Set<Integer> statuses(Workflow workflow) {
        Set<Integer> statuses = new TreeSet<>();
        for (Node node : workflow.nodes()) {
            if (node.type().equals("respond")) {
                statuses.add(node.config() == null ? 200 : node.config().path("status").asInt(200));
            } else if (node.type().equals("fail")) {
                statuses.add(node.config() == null ? 500 : node.config().path("status").asInt(500));
            }
        }
        return statuses;
    }

    private static JsonNode inputSchema(Workflow workflow) {
        for (Node node : workflow.nodes()) {
            if (node.type().equals("trigger.http") && node.config() != null) {
                return node.config().get("inputSchema");
            }
        }
        return null;
    }

    private static void compare(JsonNode live, JsonNode candidate, String path, List<ContractBreak> breaks) {
        if (candidate == null || !candidate.isObject()) {
            return; // no schema now: everything is accepted
        }
        String where = path.isEmpty() ? "/" : path;
        Set<String> liveTypes = types(live);
        Set<String> newTypes = types(candidate);
        if (!newTypes.isEmpty()) {
            Set<String> lost = new LinkedHashSet<>();
            if (liveTypes.isEmpty()) {
                lost.add("any");
            }
            for (String type : liveTypes) {
                if (!newTypes.contains(type) && !(type.equals("integer") && newTypes.contains("number"))) {
                    lost.add(type);
                }
            }
            if (!lost.isEmpty()) {
                breaks.add(new ContractBreak("narrowed-type", where,
                        "accepted " + (liveTypes.isEmpty() ? "any type" : String.join("|", liveTypes))
                                + ", now only " + String.join("|", newTypes)));
            }
        }
        if (candidate.has("enum")) {
            Set<JsonNode> allowed = new LinkedHashSet<>();
            candidate.get("enum").forEach(allowed::add);
            List<String> dropped = new ArrayList<>();
            if (live == null || !live.has("enum")) {
                dropped.add("values outside " + candidate.get("enum"));
            } else {
                for (JsonNode value : live.get("enum")) {
                    if (!allowed.contains(value)) {
                        dropped.add(value.toString());
                    }
                }
            }
            if (!dropped.isEmpty()) {
                breaks.add(new ContractBreak("narrowed-enum", where, "no longer accepts " + String.join(", ", dropped)));
            }
        }
        Set<String> liveRequired = strings(live == null ? null : live.get("required"));
        for (String name : strings(candidate.get("required"))) {
            if (!liveRequired.contains(name)) {
                breaks.add(new ContractBreak("newly-required", path + "/" + name,
                        "'" + name + "' is now required; callers of the live release may not send it"));
            }
        }
        JsonNode liveProperties = live == null ? null : live.get("properties");
        JsonNode newProperties = candidate.get("properties");
        if (liveProperties != null && liveProperties.isObject()) {
            boolean closed = candidate.path("additionalProperties").isBoolean()
                    && !candidate.path("additionalProperties").asBoolean();
            for (Iterator<String> names = liveProperties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode now = newProperties == null ? null : newProperties.get(name);
                if (now == null) {
                    breaks.add(new ContractBreak("removed-field", path + "/" + name, "'" + name + "' is no longer in the schema"
                            + (closed ? " and additional properties are refused" : "; the workflow ignores it now")));
                } else {
                    compare(liveProperties.get(name), now, path + "/" + name, breaks);
                }
            }
        }
        if (candidate.has("items")) {
            compare(live == null ? null : live.get("items"), candidate.get("items"), path + "/items", breaks);
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema == null ? null : schema.get("type");
        if (type != null && type.isTextual()) {
            types.add(type.asText());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
