package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.identity.Principal;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a handler reads from an API Gateway proxy event, with the body already decoded. */
public record ApiRequest(String requestId, APIGatewayProxyRequestEvent event) {

    /** The request an API Gateway proxy event carries; the request id comes from the event, else the context, else a fresh one. */
    public static ApiRequest of(APIGatewayProxyRequestEvent event, Context context) {
        return new ApiRequest(requestId(event, context), event);
    }

    /** The raw body bytes; base64 is decoded when the event says so. */
    public byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body.strip());
            } catch (IllegalArgumentException e) {
                throw DomainException.badRequest("request.invalid-base64",
                        "The request body is marked base64 but does not decode: " + e.getMessage(),
                        "Send the body as plain JSON text, or encode it as standard base64.");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** A query parameter's value (the first when repeated), or null. */
    public String query(String name) {
        Map<String, String> single = event.getQueryStringParameters();
        if (single != null && single.containsKey(name)) {
            return single.get(name);
        }
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null && multi.get(name) != null && !multi.get(name).isEmpty()) {
            return multi.get(name).getFirst();
        }
        return null;
    }

    /** True when the query parameter is {@code true} (any case). */
    public boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getRequestContext() != null && notBlank(event.getRequestContext().getRequestId())) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && notBlank(context.getAwsRequestId())) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }

    /**
     * A path parameter filled from the route's template.
     *
     * @throws DomainException 400 when the route has no such parameter (a routing table mistake)
     */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw DomainException.badRequest("request.missing-path-parameter", "The path has no '" + name + "'",
                    "Call the route with every {name} segment of its path filled in.");
        }
        return value;
    }

    /** The workflow named by the {@code {user}/{project}/{workflow}} path segments. */
    public WorkflowRef workflowRef() {
        return new WorkflowRef(pathParameter("user"), pathParameter("project"), pathParameter("workflow"));
    }

    /** A request header's value, matched without regard to case, or null. */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * The body as a JSON object.
     *
     * @throws DomainException 400 {@code request.invalid-json} when it is missing, not JSON or not an object
     */
    public JsonNode jsonObjectBody() {
        byte[] body = body();
        JsonNode json;
        try {
            json = body.length == 0 ? null : ReportJson.mapper().readTree(body);
        } catch (IOException e) {
            throw DomainException.badRequest("request.invalid-json", "The request body is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), "Send a JSON object as the body.");
        }
        if (json == null || !json.isObject()) {
            throw DomainException.badRequest("request.invalid-json", "The request body must be a JSON object",
                    "Send a JSON object as the body.");
        }
        return json;
    }

    /**
     * The caller as the authorizer decided (the proxy event's authorizer context), or empty when
     * the call reached the handler without one.
     */
    public java.util.Optional<Principal> principal() {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return java.util.Optional.empty();
        }
        Map<String, Object> context = event.getRequestContext().getAuthorizer();
        Object id = context.get(ControlAuthorizer.PRINCIPAL_ID);
        Object kind = context.get(ControlAuthorizer.PRINCIPAL_KIND);
        if (id == null || kind == null) {
            return java.util.Optional.empty();
        }
        Object credential = context.get(ControlAuthorizer.CREDENTIAL);
        return java.util.Optional.of(new Principal(id.toString(), Principal.Kind.valueOf(kind.toString()),
                credential == null ? null : credential.toString()));
    }

    /**
     * On a route that names no project, the projects whose rows the caller may see; empty when
     * the caller may see every row (the admin, or no authorizer ran).
     */
    public java.util.Optional<java.util.Set<String>> visibleProjects() {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || principal().map(Principal::isAdmin).orElse(true)) {
            return java.util.Optional.empty();
        }
        Object projects = event.getRequestContext().getAuthorizer().get(ControlAuthorizer.PROJECTS);
        java.util.Set<String> visible = new java.util.LinkedHashSet<>();
        if (projects != null) {
            for (String project : projects.toString().split(",")) {
                if (!project.isBlank()) {
                    visible.add(project);
                }
            }
        }
        return java.util.Optional.of(visible);
    }

    /**
     * On a route that names a project, the caller's role there as the authorizer found it; empty
     * when no authorizer decided (a handler then grants nothing beyond the route's permission).
     */
    public java.util.Optional<com.wfp.platform.identity.Role> role() {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return java.util.Optional.empty();
        }
        Object role = event.getRequestContext().getAuthorizer().get(ControlAuthorizer.ROLE);
        return role == null ? java.util.Optional.empty() : java.util.Optional.of(com.wfp.platform.identity.Role.parse(
                role.toString()));
    }

    /**
     * The caller, for handlers that act for the caller themselves.
     *
     * @throws DomainException 401 {@code auth.credential-required} when no authorizer decided
     */
    public Principal requiredPrincipal() {
        return principal().orElseThrow(() -> new DomainException("auth.credential-required", 401,
                "The control API needs a credential", "Send 'Authorization: Bearer <token>'."));
    }

    /**
     * Who did it, for the records a change leaves (history's {@code by}, a release's creator):
     * the authenticated principal, or {@code fallback} where no authorizer ran.
     */
    public String actor(String fallback) {
        return principal().map(Principal::id).orElse(fallback);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
