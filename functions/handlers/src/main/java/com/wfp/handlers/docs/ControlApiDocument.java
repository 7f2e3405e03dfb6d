package com.wfp.handlers.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ControlBodies;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.platform.docs.ReleaseApiDocument;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The control API's OpenAPI 3.1 document, generated from the {@link ControlRoutes} table: one
 * operation per route with its path parameters, its access (the admin bearer token or none), the
 * schema of its JSON body from {@link ControlBodies} (the same one the edge checks bodies
 * against), and the error answers the gateway's one error edge gives.
 */
public final class ControlApiDocument {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private ControlApiDocument() {
    }

    /** The document of {@code routes}. */
    public static ObjectNode of(List<ControlRoute> routes) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", ReleaseApiDocument.OPENAPI_VERSION);
        ObjectNode info = doc.putObject("info");
        info.put("title", "wfp control API");
        info.put("version", ControlRoutes.API_PREFIX.substring(ControlRoutes.API_PREFIX.lastIndexOf('/') + 1));
        info.put("description", "Validate, publish, route, roll back and watch workflows. Every route but the health "
                + "check takes the admin token as 'Authorization: Bearer <token>'; bodies are JSON "
                + "(Content-Type: application/json, else 415).");
        doc.putArray("servers").addObject().put("url", "/").put("description", "the platform's gateway");
        ObjectNode paths = doc.putObject("paths");
        for (ControlRoute route : routes) {
            String template = route.path().template();
            ObjectNode item = paths.has(template) ? (ObjectNode) paths.get(template) : paths.putObject(template);
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("adminToken").put("type", "http").put("scheme", "bearer")
                .put("description", "A personal access token (wfp_pat_..., `wfp tokens create`), a JWT of the configured "
                        + "OIDC issuer, or the admin token `wfp start` stores owner-only in the data directory");
        ObjectNode error = JSON.objectNode().put("type", "object");
        error.putArray("required").add("error");
        ObjectNode inner = error.putObject("properties").putObject("error").put("type", "object");
        inner.putArray("required").add("code").add("message");
        ObjectNode props = inner.putObject("properties");
        props.putObject("code").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("hint").put("type", "string");
        ObjectNode schemas = components.putObject("schemas");
        schemas.setAll(ControlBodies.components());
        schemas.set("Error", error);
        return doc;
    }

    /** Whether the route is the project's variant of a handler another route serves without a project. */
    private static boolean projectScopedTwin(ControlRoute route) {
        return route.path().template().contains("{project}") && ControlRoutes.all().stream().anyMatch(other ->
                other != route && other.handler() == route.handler() && !other.path().template().contains("{project}"));
    }

    private static ObjectNode operation(ControlRoute route) {
        ObjectNode op = JSON.objectNode();
        op.put("operationId", route.handler().getSimpleName().replace("Handler", "")
                + (route.path().template().endsWith(".yaml") ? "Yaml" : "") + (projectScopedTwin(route) ? "OfProject" : ""));
        op.put("summary", route.summary());
        if (route.path().template().contains("/workflows/")) {
            op.putArray("tags").add("workflows");
        } else if (route.path().template().contains("/projects/")) {
            op.putArray("tags").add("keys");
        } else {
            op.putArray("tags").add("platform");
        }
        ArrayNode parameters = op.putArray("parameters");
        for (String name : route.path().parameterNames()) {
            parameters.addObject().put("name", name).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        if (route.handler() == WorkflowApiDocsHandler.class) {
            parameters.addObject().put("name", "version").put("in", "query").put("required", false)
                    .put("description", "One release's document instead of the live releases'")
                    .putObject("schema").put("type", "string");
        }
        if (route.access() == ControlRoute.Access.PUBLIC) {
            op.putArray("security");
        } else {
            op.putArray("security").addObject().putArray("adminToken");
        }
        ControlBodies.schema(route.handler()).ifPresent(schema -> op.putObject("requestBody")
                .put("required", schema.has("required") || !schema.has("properties"))
                .putObject("content").putObject("application/json").set("schema", schema));
        ObjectNode responses = op.putObject("responses");
        if (route.path().template().endsWith(".yaml")) {
            responses.putObject("200").put("description", route.summary()).putObject("content")
                    .putObject("application/yaml").putObject("schema").put("type", "string");
        } else {
            // ControlBodiesTest fails for a route without a documented answer; the document still serves.
            ControlBodies.Answer answer = ControlBodies.answer(route.handler()).orElseGet(() ->
                    new ControlBodies.Answer(200, "application/json", JsonNodeFactory.instance.objectNode()));
            responses.putObject(Integer.toString(answer.status())).put("description", route.summary())
                    .putObject("content").putObject(answer.mediaType()).set("schema", answer.schema());
        }
        error(responses, "400", "The request is malformed; error.code and error.hint say what to fix");
        if (route.access() == ControlRoute.Access.ADMIN) {
            error(responses, "401", "No credential, or one this platform did not issue (auth.*)");
            error(responses, "403", "The caller holds no role allowing " + route.permission().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " here (auth.forbidden)");
            op.put("x-permission", route.permission().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!route.path().parameterNames().isEmpty()) {
            error(responses, "404", "The workflow, version, deployment or key does not exist");
        }
        if (WITH_BODY.contains(route.method())) {
            error(responses, "413", "The body is larger than the gateway accepts");
            error(responses, "415", "The body is not sent as application/json");
        }
        if (!route.method().equals("GET")) {
            error(responses, "409", "The request conflicts with the current state: a stale routing revision, a version "
                    + "name taken, a rollout running, the last serving release; error.hint says what to do");
        }
        error(responses, "500", "Unexpected failure; quote the X-Request-Id");
        if (route.access() != ControlRoute.Access.PUBLIC) {
            error(responses, "503", "A pod or the platform is busy or starting (publish.busy, pod.*); retry shortly");
        }
        return op;
    }

    private static void error(ObjectNode responses, String status, String description) {
        ObjectNode response = responses.putObject(status).put("description", description);
        response.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/Error");
    }
}
