package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of one published release, generated from its workflow: the trigger's
 * method, {@code inputSchema}, {@code example} (or one built from the schema) and {@code auth}; the {@code respond} and
 * {@code fail} nodes' statuses and bodies; every error answer the platform itself may give; the
 * routed and the pinned production path. Expressions are never copied into the document (they
 * may call {@code $secret}), only the shape a respond node declares in its {@code schema} or the
 * one inferred from its body expression.
 */
public final class ReleaseApiDocument {

    /** OpenAPI version every generated document declares. */
    public static final String OPENAPI_VERSION = "3.1.0";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> BODYLESS_METHODS = Set.of("GET", "DELETE", "HEAD", "OPTIONS");

    private ReleaseApiDocument() {
    }

    /** The production path a workflow is routed at, such as {@code /w/local/default/greeting}. */
    public static String routedPath(WorkflowRef ref) {
        return "/w/" + ref.path();
    }

    /** The production path pinned to one release. */
    public static String pinnedPath(WorkflowRef ref, String versionName) {
        return routedPath(ref) + "/v/" + versionName;
    }

    /**
     * The document of {@code release}.
     *
     * @param release  the release
     * @param workflow its definition, parsed
     * @param baseUrl  the public {@code https://host[:port]} of the data path
     */
    public static ObjectNode of(Release release, Workflow workflow, String baseUrl) {
        ObjectNode doc = skeleton(title(workflow) + " " + release.versionName(), release.versionName(),
                describe(workflow, release), baseUrl);
        TriggerShape trigger = TriggerShape.of(workflow);
        ObjectNode xwfp = doc.putObject("x-wfp");
        xwfp.put("workflow", release.ref().path());
        xwfp.put("version", release.versionName());
        xwfp.put("releaseId", release.id().value());
        xwfp.put("sha256", release.sha256());
        xwfp.put("auth", trigger.auth());
        ObjectNode paths = doc.putObject("paths");
        String routed = routedPath(release.ref());
        String pinned = pinnedPath(release.ref(), release.versionName());
        paths.putObject(routed).set(trigger.method().toLowerCase(Locale.ROOT),
                operation(release, workflow, trigger, false, baseUrl + routed, baseUrl + pinned));
        paths.putObject(pinned).set(trigger.method().toLowerCase(Locale.ROOT),
                operation(release, workflow, trigger, true, baseUrl + routed, baseUrl + pinned));
        components(doc, trigger);
        return doc;
    }

    /**
     * The document of a workflow's live releases: the routed path described by the release taking
     * most traffic, and each live release's pinned path by its own definition.
     *
     * @param ref          the workflow
     * @param liveReleases each live release with its traffic share, the largest share first
     * @param baseUrl      the public {@code https://host[:port]} of the data path
     */
    public static ObjectNode ofWorkflow(WorkflowRef ref, List<LiveRelease> liveReleases, String baseUrl) {
        if (liveReleases.isEmpty()) {
            throw new IllegalArgumentException("a workflow document needs at least one live release");
        }
        LiveRelease main = liveReleases.getFirst();
        ObjectNode doc = skeleton(title(main.workflow()), main.release().versionName(),
                "Every live release of " + ref.path() + ". A call to the routed path reaches one of them by "
                        + "the traffic weights; a pinned path always reaches its release.", baseUrl);
        ObjectNode xwfp = doc.putObject("x-wfp");
        xwfp.put("workflow", ref.path());
        ArrayNode live = xwfp.putArray("liveReleases");
        ObjectNode paths = doc.putObject("paths");
        TriggerShape mainTrigger = TriggerShape.of(main.workflow());
        String routed = routedPath(ref);
        paths.putObject(routed).set(mainTrigger.method().toLowerCase(Locale.ROOT),
                operation(main.release(), main.workflow(), mainTrigger, false, baseUrl + routed,
                        baseUrl + pinnedPath(ref, main.release().versionName())));
        boolean anyApiKey = false;
        for (LiveRelease each : liveReleases) {
            TriggerShape trigger = TriggerShape.of(each.workflow());
            anyApiKey |= trigger.auth().equals("apiKey");
            String pinned = pinnedPath(ref, each.release().versionName());
            live.addObject().put("version", each.release().versionName())
                    .put("releaseId", each.release().id().value())
                    .put("trafficPercent", each.trafficPercent())
                    .put("pinnedPath", pinned);
            paths.putObject(pinned).set(trigger.method().toLowerCase(Locale.ROOT),
                    operation(each.release(), each.workflow(), trigger, true, baseUrl + routed, baseUrl + pinned));
        }
        components(doc, anyApiKey ? TriggerShape.API_KEY_ONLY : mainTrigger);
        return doc;
    }

    /**
     * One live release of a workflow.
     *
     * @param release        the release
     * @param workflow       its parsed definition
     * @param trafficPercent its share of routed traffic
     */
    public record LiveRelease(Release release, Workflow workflow, int trafficPercent) {
    }

    private static ObjectNode skeleton(String title, String version, String description, String baseUrl) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", OPENAPI_VERSION);
        ObjectNode info = doc.putObject("info");
        info.put("title", title);
        info.put("version", version);
        info.put("description", description);
        doc.putArray("servers").addObject().put("url", baseUrl).put("description", "wfp production data path");
        return doc;
    }

    private static String title(Workflow workflow) {
        return workflow.name() == null || workflow.name().isBlank() ? workflow.id() : workflow.name();
    }

    private static String describe(Workflow workflow, Release release) {
        StringBuilder text = new StringBuilder();
        if (workflow.description() != null && !workflow.description().isBlank()) {
            text.append(workflow.description()).append("\n\n");
        }
        text.append("Release ").append(release.versionName()).append(" of ").append(release.ref().path())
                .append(" (release id ").append(release.id().value()).append(", published ")
                .append(release.createdAt()).append(").");
        if (!release.notes().isEmpty()) {
            text.append("\n\nRelease notes: ").append(release.notes());
        }
        return text.toString();
    }

    private static ObjectNode operation(Release release, Workflow workflow, TriggerShape trigger, boolean pinned,
                                        String routedUrl, String pinnedUrl) {
        ObjectNode op = JSON.objectNode();
        op.put("operationId", (pinned ? "call_" + sanitize(release.versionName()) : "call") + "_" + sanitize(workflow.id()));
        op.put("summary", pinned ? "Call release " + release.versionName() + " (pinned)"
                : "Call the workflow (routed by the traffic weights)");
        op.put("description", pinned
                ? "Always served by release " + release.versionName() + " while it stays loaded (live or staged)."
                : "Served by the release the routing picks; send X-Workflow-Version to pin one release. "
                        + "Every answer names the release that served it in X-Workflow-Version.");
        ArrayNode parameters = op.putArray("parameters");
        if (!pinned) {
            parameters.addObject().put("name", "X-Workflow-Version").put("in", "header").put("required", false)
                    .put("description", "Pins the call to this version, like the pinned path does")
                    .putObject("schema").put("type", "string");
        }
        if (parameters.isEmpty()) {
            op.remove("parameters");
        }
        if (trigger.auth().equals("none")) {
            op.putArray("security");
        }
        if (!BODYLESS_METHODS.contains(trigger.method())) {
            ObjectNode media = op.putObject("requestBody").put("required", true)
                    .putObject("content").putObject("application/json");
            media.set("schema", trigger.inputSchema() != null ? trigger.inputSchema().deepCopy() : JSON.objectNode());
            if (trigger.example() != null) {
                media.set("example", trigger.example().deepCopy());
            }
        }
        op.set("responses", responses(workflow, trigger));
        op.set("x-codeSamples", CodeSamples.of(trigger, routedUrl, pinnedUrl, release.versionName()));
        return op;
    }

    private static ObjectNode responses(Workflow workflow, TriggerShape trigger) {
        Map<Integer, List<ObjectNode>> answers = new TreeMap<>();
        Map<Integer, List<String>> descriptions = new TreeMap<>();
        for (Node node : workflow.nodes()) {
            if (node.type().equals("respond")) {
                int status = node.config() == null ? 200 : node.config().path("status").asInt(200);
                answers.computeIfAbsent(status, s -> new ArrayList<>()).add(responseSchema(workflow, node, trigger));
                descriptions.computeIfAbsent(status, s -> new ArrayList<>()).add("answered by respond node '" + node.id() + "'");
            } else if (node.type().equals("fail")) {
                int status = node.config() == null ? 500 : node.config().path("status").asInt(500);
                answers.computeIfAbsent(status, s -> new ArrayList<>()).add(ref("Error"));
                String message = node.config() == null ? "" : node.config().path("message").asText("");
                descriptions.computeIfAbsent(status, s -> new ArrayList<>()).add("fail node '" + node.id() + "'"
                        + (message.isEmpty() || message.contains("{{") ? "" : ": " + message)
                        + " (error code workflow.failed)");
            }
        }
        ObjectNode responses = JSON.objectNode();
        for (Map.Entry<Integer, List<ObjectNode>> entry : answers.entrySet()) {
            int status = entry.getKey();
            ObjectNode response = responses.putObject(Integer.toString(status));
            response.put("description", "The workflow's answer: " + String.join("; ", descriptions.get(status)));
            response.set("headers", platformHeaders(false));
            if (status != 204 && status != 304) {
                List<ObjectNode> shapes = distinct(entry.getValue());
                ObjectNode schema = shapes.size() == 1 ? shapes.getFirst() : JSON.objectNode().set("oneOf", JSON.arrayNode().addAll(shapes));
                response.putObject("content").putObject("application/json").set("schema", schema);
            }
        }
        Map<String, String> platformErrors = new LinkedHashMap<>();
        platformErrors.put("400", "The input does not match the inputSchema (error.code input.invalid, error.violations lists each path and message)");
        if (!trigger.auth().equals("none")) {
            platformErrors.put("401", "No key, or a malformed, unknown, revoked or expired key (auth.key-*); WWW-Authenticate says how to authenticate");
            platformErrors.put("403", "The key's scope does not cover this workflow or version, or it may not invoke (auth.key-scope)");
        }
        platformErrors.put("404", "No such workflow or version is served here (route.*)");
        platformErrors.put("405", "The trigger does not accept this method");
        platformErrors.put("410", "The workflow was retired by its owner (workflow.retired; the message says why)");
        platformErrors.put("413", "The body is larger than the gateway accepts");
        platformErrors.put("429", "The key is over its rate (auth.rate-limited); wait Retry-After seconds");
        platformErrors.put("500", "The workflow failed inside (error.executionId names the execution to look up)");
        platformErrors.put("502", "An upstream service the workflow calls failed (error.executionId)");
        platformErrors.put("503", "The pod is busy or unavailable (pod.busy); retry after Retry-After seconds");
        platformErrors.put("504", "The workflow did not finish within its time limit (workflow.timeout, error.executionId)");
        for (Map.Entry<String, String> error : platformErrors.entrySet()) {
            if (responses.has(error.getKey())) {
                ObjectNode existing = (ObjectNode) responses.get(error.getKey());
                existing.put("description", existing.path("description").asText() + ". Also: " + error.getValue());
                continue;
            }
            boolean retry = error.getKey().equals("429") || error.getKey().equals("503");
            ObjectNode response = responses.putObject(error.getKey());
            response.put("description", error.getValue());
            response.set("headers", platformHeaders(retry));
            if (error.getKey().equals("401")) {
                ((ObjectNode) response.get("headers")).putObject("WWW-Authenticate")
                        .put("description", "The authentication scheme to use").putObject("schema").put("type", "string");
            }
            response.putObject("content").putObject("application/json").set("schema", ref("Error"));
        }
        return responses;
    }

    /** The body's schema as the respond node declares it, else as inferred from its expression. */
    private static ObjectNode responseSchema(Workflow workflow, Node respond, TriggerShape trigger) {
        JsonNode declared = respond.config() == null ? null : respond.config().get("schema");
        if (declared != null && declared.isObject()) {
            return ((ObjectNode) declared).deepCopy();
        }
        return ResponseShapes.inferFromExpression(bodyExpression(workflow, respond), trigger.inputSchema());
    }

    /** A body naming a transform's output ({@code nodes.compose}) is that transform's expression. */
    private static JsonNode bodyExpression(Workflow workflow, Node respond) {
        JsonNode body = respond.config() == null ? null : respond.config().get("body");
        if (body != null && body.isTextual() && body.asText().strip().matches("nodes\\.[A-Za-z0-9_-]+")) {
            String id = body.asText().strip().substring("nodes.".length());
            return workflow.node(id).filter(n -> n.type().equals("transform") && n.config() != null)
                    .map(n -> n.config().get("expression")).orElse(body);
        }
        return body;
    }

    private static List<ObjectNode> distinct(List<ObjectNode> shapes) {
        List<ObjectNode> unique = new ArrayList<>();
        for (ObjectNode shape : shapes) {
            if (!unique.contains(shape)) {
                unique.add(shape);
            }
        }
        return unique;
    }

    private static ObjectNode platformHeaders(boolean retryAfter) {
        ObjectNode headers = JSON.objectNode();
        header(headers, "X-Workflow-Version", "The version of the release that answered (absent when the platform answered before routing)");
        header(headers, "X-Release-Id", "The id of the release that answered (absent when the platform answered before routing)");
        header(headers, "X-Request-Id", "The platform's id of this request; quote it when asking for help");
        header(headers, "X-Execution-Id", "The execution's id, also in error bodies as error.executionId");
        if (retryAfter) {
            headers.putObject("Retry-After").put("description", "Seconds to wait before retrying")
                    .putObject("schema").put("type", "integer");
        }
        return headers;
    }

    private static void header(ObjectNode headers, String name, String description) {
        headers.putObject(name).put("description", description).putObject("schema").put("type", "string");
    }

    private static void components(ObjectNode doc, TriggerShape trigger) {
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Error", errorSchema());
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key")
                .put("description", "A wfp_live_ or wfp_test_ key from `wfp keys create`");
        schemes.putObject("bearerKey").put("type", "http").put("scheme", "bearer")
                .put("description", "The same key as Authorization: Bearer wfp_...");
        if (!trigger.auth().equals("none")) {
            ArrayNode security = doc.putArray("security");
            security.addObject().putArray("apiKey");
            security.addObject().putArray("bearerKey");
        }
    }

    /** The error body every platform and workflow error answer carries. */
    static ObjectNode errorSchema() {
        ObjectNode error = JSON.objectNode().put("type", "object");
        error.putArray("required").add("error");
        ObjectNode inner = error.putObject("properties").putObject("error").put("type", "object");
        inner.putArray("required").add("code").add("message");
        ObjectNode props = inner.putObject("properties");
        props.putObject("code").put("type", "string").put("description", "Stable error code, such as input.invalid");
        props.putObject("message").put("type", "string");
        props.putObject("hint").put("type", "string").put("description", "How to fix it");
        props.putObject("nodeId").put("type", "string");
        props.putObject("executionId").put("type", "string").put("description", "The execution, for errors raised while running");
        ObjectNode violation = props.putObject("violations").put("type", "array").putObject("items").put("type", "object");
        violation.putObject("properties").putObject("path").put("type", "string");
        ((ObjectNode) violation.get("properties")).putObject("message").put("type", "string");
        return error;
    }

    private static ObjectNode ref(String schema) {
        return JSON.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private static String sanitize(String text) {
        return text.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** What a caller needs from the trigger node. */
    record TriggerShape(String method, String auth, JsonNode inputSchema, JsonNode example) {

        static final TriggerShape API_KEY_ONLY = new TriggerShape("POST", "apiKey", null, null);

        static TriggerShape of(Workflow workflow) {
            for (Node node : workflow.nodes()) {
                if (node.type().equals("trigger.http")) {
                    JsonNode config = node.config() == null ? JSON.objectNode() : node.config();
                    return new TriggerShape(config.path("method").asText("POST").toUpperCase(Locale.ROOT),
                            switch (config.path("auth").asText("")) {
                                case "none" -> "none";
                                case "token" -> "token";
                                default -> "apiKey";
                            },
                            config.get("inputSchema"), example(config));
                }
            }
            return new TriggerShape("POST", "apiKey", null, null);
        }

        /** The trigger's example, else one built from its input schema (the same one every time). */
        private static JsonNode example(JsonNode config) {
            JsonNode given = config.get("example");
            if (given != null || !config.has("inputSchema")) {
                return given;
            }
            return SchemaInstances.of(config.get("inputSchema"), new java.util.Random(0)).orElse(null);
        }
    }
}
