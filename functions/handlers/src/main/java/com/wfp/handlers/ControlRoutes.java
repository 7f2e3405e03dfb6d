package com.wfp.handlers;

import com.wfp.handlers.ControlRoute.Access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of control API routes. The local gateway dispatches from it and the CDK app
 * builds its API Gateway resources from it, so the two cannot disagree. A new route is one line.
 */
public final class ControlRoutes {

    /** Every control route starts with this prefix. */
    public static final String API_PREFIX = "/api/v1";

    private static final String WORKFLOW = "/workflows/{user}/{project}/{workflow}";

    private static final String PROJECT = "/projects/{user}/{project}";

    private static final List<ControlRoute> ROUTES = List.of(
            route("POST", "/validate", ValidateHandler.class, Access.ADMIN,
                    "Validate a workflow document and report its findings"),
            route("POST", "/publishability", PublishabilityHandler.class, Access.ADMIN,
                    "Whether the designer may enable Publish for a workflow document, and why not"),
            route("PUT", WORKFLOW + "/draft", SaveDraftHandler.class, Access.ADMIN,
                    "Save the workflow's draft"),
            route("GET", WORKFLOW + "/draft", GetDraftHandler.class, Access.ADMIN,
                    "The workflow's saved draft"),
            route("POST", WORKFLOW + "/draft/run", DraftRunHandler.class, Access.ADMIN,
                    "Run a draft once in the user's debug pod"),
            route("POST", WORKFLOW + "/releases", PublishHandler.class, Access.ADMIN,
                    "Publish a release; answers 202 with the deployment to follow"),
            route("GET", WORKFLOW + "/releases", ReleasesHandler.class, Access.ADMIN,
                    "The draft and every release with its state, traffic and URLs"),
            route("GET", WORKFLOW + "/diff", DiffHandler.class, Access.ADMIN,
                    "Node-level difference between two versions (?from=V1&to=V2)"),
            route("GET", WORKFLOW + "/openapi.json", WorkflowApiDocsHandler.class, Access.ADMIN,
                    "OpenAPI 3.1 document of the workflow's live releases, or of one with ?version=V"),
            route("GET", WORKFLOW + "/openapi.yaml", WorkflowApiDocsHandler.class, Access.ADMIN,
                    "The same document as YAML"),
            route("GET", "/openapi.json", ControlApiDocsHandler.class, Access.ADMIN,
                    "OpenAPI 3.1 document of this control API"),
            route("GET", "/openapi.yaml", ControlApiDocsHandler.class, Access.ADMIN,
                    "The same document as YAML"),
            route("GET", "/deployments/{id}", DeploymentStatusHandler.class, Access.ADMIN,
                    "A deployment's steps, progress, ETA, failure and production URLs"),
            route("GET", "/deployments/{id}/events", DeploymentEventsHandler.class, Access.ADMIN,
                    "A deployment's progress as server-sent events"),
            route("GET", WORKFLOW + "/traffic", GetTrafficHandler.class, Access.ADMIN,
                    "The routing (revision, weights, stickiness, shadow) and the latest rollout"),
            route("PUT", WORKFLOW + "/traffic", SetWeightsHandler.class, Access.ADMIN,
                    "Set every weight at once against the revision last read"),
            route("POST", WORKFLOW + "/traffic/promote", PromoteHandler.class, Access.ADMIN,
                    "Give one version all traffic"),
            route("POST", WORKFLOW + "/traffic/demote", DemoteHandler.class, Access.ADMIN,
                    "Take a version's traffic away, sharing it among the others"),
            route("POST", WORKFLOW + "/traffic/switch", SwitchHandler.class, Access.ADMIN,
                    "Blue/green: swap the release at 100% and the one at 0%"),
            route("PUT", WORKFLOW + "/traffic/stickiness", StickinessHandler.class, Access.ADMIN,
                    "How callers keep reaching the same release: off, callerKey or header:NAME"),
            route("PUT", WORKFLOW + "/traffic/shadow", ShadowHandler.class, Access.ADMIN,
                    "Mirror a share of calls to a version whose answers are discarded"),
            route("POST", WORKFLOW + "/rollback", RollbackHandler.class, Access.ADMIN,
                    "Send all traffic back to an earlier release (the previous one by default)"),
            route("GET", WORKFLOW + "/history", HistoryHandler.class, Access.ADMIN,
                    "Every routing change: who, when, before, after and why"),
            route("POST", WORKFLOW + "/rollout", StartRolloutHandler.class, Access.ADMIN,
                    "Start a progressive rollout guarded by error rate and p95"),
            route("GET", WORKFLOW + "/rollout", RolloutStateHandler.class, Access.ADMIN,
                    "The latest rollout's state"),
            route("DELETE", WORKFLOW + "/rollout", CancelRolloutHandler.class, Access.ADMIN,
                    "Stop the running rollout, leaving traffic as it is"),
            route("POST", PROJECT + "/keys", CreateKeyHandler.class, Access.ADMIN,
                    "Create an API key for production calls; the answer shows it once"),
            route("GET", PROJECT + "/keys", ListKeysHandler.class, Access.ADMIN,
                    "The project's API keys: scopes, expiry, last use, never the key"),
            route("DELETE", PROJECT + "/keys/{id}", RevokeKeyHandler.class, Access.ADMIN,
                    "Revoke an API key, refused from the next call on"),
            route("POST", PROJECT + "/keys/{id}/rotate", RotateKeyHandler.class, Access.ADMIN,
                    "Replace an API key; the old one works for a bounded overlap"),
            route("GET", "/audit", AuditSearchHandler.class, Access.ADMIN,
                    "Search the audit trail (?since=&principal=&action=&resource=&outcome=&limit=)"),
            route("GET", "/audit/verify", AuditVerifyHandler.class, Access.ADMIN,
                    "Check the audit trail's hash chain; names the first edited, deleted or reordered record"),
            route("GET", WORKFLOW + "/executions", ExecutionsHandler.class, Access.ADMIN,
                    "Production executions, newest first (?status=&version=&since=&search=&limit=)"),
            route("GET", "/executions/{id}", ExecutionHandler.class, Access.ADMIN,
                    "One execution: node timings and, for a failure, node, code, message, stack trace, masked input"),
            route("GET", WORKFLOW + "/errors", ErrorGroupsHandler.class, Access.ADMIN,
                    "Error groups by fingerprint: count, first and last seen, releases, first seen in (?since=)"),
            route("GET", WORKFLOW + "/metrics", MetricsHandler.class, Access.ADMIN,
                    "Calls, errors and p50/p95/p99 per release and step (?since=1h&step=1m)"),
            route("GET", "/alerts", ListAlertsHandler.class, Access.ADMIN,
                    "Alerts newest first, firing and resolved (?workflow=USER/PROJECT/WORKFLOW&state=firing&limit=)"),
            route("GET", WORKFLOW + "/alert-rules", AlertRulesHandler.class, Access.ADMIN,
                    "The workflow's alert rules: error rate, p95, pod down, no calls"),
            route("PUT", WORKFLOW + "/alert-rules", SetAlertRulesHandler.class, Access.ADMIN,
                    "Change any of the workflow's alert rules"),
            route("GET", WORKFLOW + "/health", WorkflowHealthHandler.class, Access.ADMIN,
                    "Healthy, degraded, failing or idle, with the reason"),
            route("GET", WORKFLOW + "/uptime", UptimeHandler.class, Access.ADMIN,
                    "The production pod's uptime from scheduled health checks, per day, with outages (?days=30)"),
            route("GET", "/notify/channels", ListChannelsHandler.class, Access.ADMIN,
                    "Notification channels (signed webhooks)"),
            route("POST", "/notify/channels", AddChannelHandler.class, Access.ADMIN,
                    "Add a webhook; answers its signing secret once"),
            route("DELETE", "/notify/channels/{id}", RemoveChannelHandler.class, Access.ADMIN,
                    "Remove a channel"),
            route("GET", "/notify/deliveries", ListDeliveriesHandler.class, Access.ADMIN,
                    "Every delivery attempt, newest first (?limit=)"),
            route("GET", "/pods", ListPodsHandler.class, Access.ADMIN,
                    "Every pod with its state, memory, load and plan"),
            route("PUT", "/pods/{user}/plan", SetPodPlanHandler.class, Access.ADMIN,
                    "Set a user's pod plan (heapMb, cpus, maxConcurrency, queueSize); restart: true applies it now"),
            route("PUT", PROJECT + "/secrets/{name}", SetSecretHandler.class, Access.ADMIN,
                    "Set a project secret (sealed at rest); releases declaring it get it from their next load"),
            route("GET", PROJECT + "/secrets", ListSecretsHandler.class, Access.ADMIN,
                    "The project's secrets by name and time, never a value"),
            route("DELETE", PROJECT + "/secrets/{name}", DeleteSecretHandler.class, Access.ADMIN,
                    "Delete a project secret"),
            route("GET", "/health", HealthHandler.class, Access.PUBLIC,
                    "Liveness of the control API"));

    private ControlRoutes() {
    }

    /** All routes, in table order. */
    public static List<ControlRoute> all() {
        return ROUTES;
    }

    /** Finds the route for a request in this table, or says why there is none. */
    public static RouteMatch resolve(String method, String path) {
        return resolve(ROUTES, method, path);
    }

    /** Finds the route for a request in {@code routes}, or says why there is none. */
    public static RouteMatch resolve(List<ControlRoute> routes, String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (ControlRoute route : routes) {
            Optional<Map<String, String>> parameters = route.path().match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (route.method().equalsIgnoreCase(method)) {
                return new RouteMatch.Found(route, parameters.get());
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty()
                ? new RouteMatch.NotFound(path)
                : new RouteMatch.MethodNotAllowed(path, List.copyOf(allowed));
    }

    private static ControlRoute route(String method, String path, Class<? extends ApiHandler> handler,
                                      Access access, String summary) {
        return new ControlRoute(method, PathTemplate.of(API_PREFIX + path), handler, access, summary);
    }
}
