package com.wfp.handlers.http;

import com.wfp.handlers.access.AuditSearchHandler;
import com.wfp.handlers.access.AuditVerifyHandler;
import com.wfp.handlers.access.BootstrapHandler;
import com.wfp.handlers.access.CreateKeyHandler;
import com.wfp.handlers.access.CreatePersonHandler;
import com.wfp.handlers.access.CreateProjectHandler;
import com.wfp.handlers.access.CreateTokenHandler;
import com.wfp.handlers.access.DeleteSecretHandler;
import com.wfp.handlers.access.ListKeysHandler;
import com.wfp.handlers.access.ListMembersHandler;
import com.wfp.handlers.access.ListPeopleHandler;
import com.wfp.handlers.access.ListProjectsHandler;
import com.wfp.handlers.access.ListSecretsHandler;
import com.wfp.handlers.access.ListTokensHandler;
import com.wfp.handlers.access.PutMemberHandler;
import com.wfp.handlers.access.RemoveMemberHandler;
import com.wfp.handlers.access.RevokeKeyHandler;
import com.wfp.handlers.access.RevokeTokenHandler;
import com.wfp.handlers.access.RotateKeyHandler;
import com.wfp.handlers.access.SetSecretHandler;
import com.wfp.handlers.access.WhoAmIHandler;
import com.wfp.handlers.docs.ControlApiDocsHandler;
import com.wfp.handlers.docs.WorkflowApiDocsHandler;
import com.wfp.handlers.http.ControlRoute.Access;
import com.wfp.handlers.pods.ListPodsHandler;
import com.wfp.handlers.pods.SetPodPlanHandler;
import com.wfp.handlers.publishing.DeploymentEventsHandler;
import com.wfp.handlers.publishing.DeploymentStatusHandler;
import com.wfp.handlers.publishing.DiffHandler;
import com.wfp.handlers.publishing.DraftRunHandler;
import com.wfp.handlers.publishing.GetDraftHandler;
import com.wfp.handlers.publishing.ListDeploymentsHandler;
import com.wfp.handlers.publishing.ListWorkflowsHandler;
import com.wfp.handlers.publishing.PublishHandler;
import com.wfp.handlers.publishing.PublishabilityHandler;
import com.wfp.handlers.publishing.ReleasesHandler;
import com.wfp.handlers.publishing.SaveDraftHandler;
import com.wfp.handlers.publishing.ValidateHandler;
import com.wfp.handlers.telemetry.AddChannelHandler;
import com.wfp.handlers.telemetry.AlertRulesHandler;
import com.wfp.handlers.telemetry.ErrorGroupHandler;
import com.wfp.handlers.telemetry.ErrorGroupsHandler;
import com.wfp.handlers.telemetry.ExecutionHandler;
import com.wfp.handlers.telemetry.ExecutionsHandler;
import com.wfp.handlers.telemetry.HealthHandler;
import com.wfp.handlers.telemetry.InsightsHandler;
import com.wfp.handlers.telemetry.ListAlertsHandler;
import com.wfp.handlers.telemetry.ListChannelsHandler;
import com.wfp.handlers.telemetry.ListDeliveriesHandler;
import com.wfp.handlers.telemetry.MetricsHandler;
import com.wfp.handlers.telemetry.RemoveChannelHandler;
import com.wfp.handlers.telemetry.SetAlertRulesHandler;
import com.wfp.handlers.telemetry.UptimeHandler;
import com.wfp.handlers.telemetry.WorkflowHealthHandler;
import com.wfp.handlers.traffic.CancelRolloutHandler;
import com.wfp.handlers.traffic.DemoteHandler;
import com.wfp.handlers.traffic.GetTrafficHandler;
import com.wfp.handlers.traffic.HistoryHandler;
import com.wfp.handlers.traffic.PromoteHandler;
import com.wfp.handlers.traffic.RetireWorkflowHandler;
import com.wfp.handlers.traffic.RollbackHandler;
import com.wfp.handlers.traffic.RolloutStateHandler;
import com.wfp.handlers.traffic.SetWeightsHandler;
import com.wfp.handlers.traffic.ShadowHandler;
import com.wfp.handlers.traffic.StartRolloutHandler;
import com.wfp.handlers.traffic.StickinessHandler;
import com.wfp.handlers.traffic.SwitchHandler;
import com.wfp.platform.identity.Permission;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table of control API routes. The local gateway dispatches from it and the CDK app
 * builds its API Gateway resources from it, so the two cannot disagree. A new route is one line,
 * and it names the {@link Permission} its caller must hold: on the project its path names
 * ({@code {user}/{project}}, or the deployment's for {@code /deployments/{id}}), on at least one
 * project for a route that names none (whose handler then shows only those projects' rows), or
 * one not tied to a project.
 */
public final class ControlRoutes {

    /** Every control route starts with this prefix. */
    public static final String API_PREFIX = "/api/v1";

    private static final String WORKFLOW = "/workflows/{user}/{project}/{workflow}";

    private static final String PROJECT = "/projects/{user}/{project}";

    private static final List<ControlRoute> ROUTES = List.of(
            route("POST", "/validate", ValidateHandler.class, s -> new ValidateHandler(),
                    Permission.SIGNED_IN, "Validate a workflow document and report its findings"),
            route("POST", "/publishability", PublishabilityHandler.class, s -> new PublishabilityHandler(),
                    Permission.SIGNED_IN,
                    "Whether the designer may enable Publish for a workflow document, and why not"),
            route("PUT", WORKFLOW + "/draft", SaveDraftHandler.class, s -> new SaveDraftHandler(s.control()),
                    Permission.DRAFT, "Save the workflow's draft"),
            route("GET", WORKFLOW + "/draft", GetDraftHandler.class, s -> new GetDraftHandler(s.control()),
                    Permission.READ, "The workflow's saved draft"),
            route("POST", WORKFLOW + "/draft/run", DraftRunHandler.class, s -> new DraftRunHandler(s.control()),
                    Permission.DEBUG_RUN, "Run a draft once in the user's debug pod"),
            route("POST", WORKFLOW + "/releases", PublishHandler.class, s -> new PublishHandler(s.control()),
                    Permission.PUBLISH, "Publish a release; answers 202 with the deployment to follow"),
            route("GET", WORKFLOW + "/releases", ReleasesHandler.class, s -> new ReleasesHandler(s.control()),
                    Permission.READ, "The draft and every release with its state, traffic and URLs"),
            route("GET", WORKFLOW + "/diff", DiffHandler.class, s -> new DiffHandler(s.control()),
                    Permission.READ, "Node-level difference between two versions (?from=V1&to=V2), or from V1 to the saved draft (?from=V1)"),
            route("GET", WORKFLOW + "/openapi.json", WorkflowApiDocsHandler.class,
                    s -> new WorkflowApiDocsHandler(s.control()),
                    Permission.READ, "OpenAPI 3.1 document of the workflow's live releases, or of one with ?version=V"),
            route("GET", WORKFLOW + "/openapi.yaml", WorkflowApiDocsHandler.class,
                    s -> new WorkflowApiDocsHandler(s.control()),
                    Permission.READ, "The same document as YAML"),
            route("GET", "/openapi.json", ControlApiDocsHandler.class, s -> new ControlApiDocsHandler(),
                    Permission.SIGNED_IN, "OpenAPI 3.1 document of this control API"),
            route("GET", "/openapi.yaml", ControlApiDocsHandler.class, s -> new ControlApiDocsHandler(),
                    Permission.SIGNED_IN, "The same document as YAML"),
            route("GET", "/deployments/{id}", DeploymentStatusHandler.class,
                    s -> new DeploymentStatusHandler(s.control()),
                    Permission.READ, "A deployment's steps, progress, ETA, failure and production URLs"),
            route("GET", "/deployments/{id}/events", DeploymentEventsHandler.class,
                    s -> new DeploymentEventsHandler(s.control(), s.progressOrNull()),
                    Permission.READ, "A deployment's progress as server-sent events"),
            route("GET", WORKFLOW + "/traffic", GetTrafficHandler.class,
                    s -> new GetTrafficHandler(s.traffic(), s.control().releases()),
                    Permission.READ, "The routing (revision, weights, stickiness, shadow) and the latest rollout"),
            route("PUT", WORKFLOW + "/traffic", SetWeightsHandler.class, s -> new SetWeightsHandler(s.traffic()),
                    Permission.TRAFFIC, "Set every weight at once against the revision last read"),
            route("POST", WORKFLOW + "/traffic/promote", PromoteHandler.class, s -> new PromoteHandler(s.traffic()),
                    Permission.TRAFFIC, "Give one version all traffic"),
            route("POST", WORKFLOW + "/traffic/demote", DemoteHandler.class, s -> new DemoteHandler(s.traffic()),
                    Permission.TRAFFIC, "Take a version's traffic away, sharing it among the others"),
            route("POST", WORKFLOW + "/traffic/switch", SwitchHandler.class, s -> new SwitchHandler(s.traffic()),
                    Permission.TRAFFIC, "Blue/green: swap the release at 100% and the one at 0%"),
            route("PUT", WORKFLOW + "/traffic/stickiness", StickinessHandler.class,
                    s -> new StickinessHandler(s.traffic()),
                    Permission.TRAFFIC, "How callers keep reaching the same release: off, callerKey or header:NAME"),
            route("PUT", WORKFLOW + "/traffic/shadow", ShadowHandler.class, s -> new ShadowHandler(s.traffic()),
                    Permission.TRAFFIC, "Mirror a share of calls to a version whose answers are discarded"),
            route("POST", WORKFLOW + "/rollback", RollbackHandler.class, s -> new RollbackHandler(s.traffic()),
                    Permission.ROLLBACK, "Send all traffic back to an earlier release (the previous one by default)"),
            route("POST", WORKFLOW + "/retire", RetireWorkflowHandler.class,
                    s -> new RetireWorkflowHandler(s.traffic()),
                    Permission.TRAFFIC,
                    "Stop serving the workflow: its URLs answer 410 Gone with the reason; its releases stay"),
            route("GET", WORKFLOW + "/history", HistoryHandler.class,
                    s -> new HistoryHandler(s.traffic(), s.control().releases()),
                    Permission.READ, "Every routing change: who, when, before, after and why"),
            route("POST", WORKFLOW + "/rollout", StartRolloutHandler.class, s -> new StartRolloutHandler(s.traffic()),
                    Permission.ROLLOUT, "Start a progressive rollout guarded by error rate and p95"),
            route("GET", WORKFLOW + "/rollout", RolloutStateHandler.class, s -> new RolloutStateHandler(s.traffic()),
                    Permission.READ, "The latest rollout's state"),
            route("DELETE", WORKFLOW + "/rollout", CancelRolloutHandler.class,
                    s -> new CancelRolloutHandler(s.traffic()),
                    Permission.ROLLOUT, "Stop the running rollout, leaving traffic as it is"),
            route("POST", PROJECT + "/keys", CreateKeyHandler.class, s -> new CreateKeyHandler(s.access()),
                    Permission.KEYS, "Create an API key for production calls; the answer shows it once"),
            route("GET", PROJECT + "/keys", ListKeysHandler.class, s -> new ListKeysHandler(s.access()),
                    Permission.KEYS, "The project's API keys: scopes, expiry, last use, never the key"),
            route("DELETE", PROJECT + "/keys/{id}", RevokeKeyHandler.class, s -> new RevokeKeyHandler(s.access()),
                    Permission.KEYS, "Revoke an API key, refused from the next call on"),
            route("POST", PROJECT + "/keys/{id}/rotate", RotateKeyHandler.class, s -> new RotateKeyHandler(s.access()),
                    Permission.KEYS, "Replace an API key; the old one works for a bounded overlap"),
            route("GET", "/audit", AuditSearchHandler.class, s -> new AuditSearchHandler(s.access()),
                    Permission.AUDIT, "Search the audit trail (?since=&principal=&action=&resource=&outcome=&limit=)"),
            route("GET", "/audit/verify", AuditVerifyHandler.class, s -> new AuditVerifyHandler(s.access()),
                    Permission.PLATFORM,
                    "Check the audit trail's hash chain; names the first edited, deleted or reordered record"),
            route("GET", WORKFLOW + "/executions", ExecutionsHandler.class,
                    s -> new ExecutionsHandler(s.telemetry(), s.control().releases()),
                    Permission.READ, "Production executions, newest first (?status=&version=&since=&search=&limit=)"),
            route("GET", "/executions/{id}", ExecutionHandler.class, s -> new ExecutionHandler(s.telemetry()),
                    Permission.READ,
                    "One execution of a project the caller may read: node timings and, for a failure, node, code, message, stack trace, masked input"),
            route("GET", WORKFLOW + "/errors", ErrorGroupsHandler.class,
                    s -> new ErrorGroupsHandler(s.telemetry(), s.control().releases()),
                    Permission.READ,
                    "Error groups by fingerprint: count, first and last seen, releases, first seen in (?since=&search=&release=&node=&code=&limit=)"),
            route("GET", WORKFLOW + "/metrics", MetricsHandler.class,
                    s -> new MetricsHandler(s.telemetry(), s.control().releases()),
                    Permission.READ, "Calls, errors and p50/p95/p99 per release and step (?since=1h&step=1m)"),
            route("GET", "/alerts", ListAlertsHandler.class, s -> new ListAlertsHandler(s.alerts()),
                    Permission.READ,
                    "Alerts of the projects the caller may read, newest first, firing and resolved (?workflow=USER/PROJECT/WORKFLOW&state=firing&limit=)"),
            route("GET", WORKFLOW + "/alert-rules", AlertRulesHandler.class,
                    s -> new AlertRulesHandler(s.alerts(), s.control().releases()),
                    Permission.READ, "The workflow's alert rules: error rate, p95, pod down, no calls"),
            route("PUT", WORKFLOW + "/alert-rules", SetAlertRulesHandler.class,
                    s -> new SetAlertRulesHandler(s.alerts(), s.control().releases()),
                    Permission.ALERT_RULES, "Change any of the workflow's alert rules"),
            route("GET", WORKFLOW + "/health", WorkflowHealthHandler.class,
                    s -> new WorkflowHealthHandler(s.alerts(), s.control().releases()),
                    Permission.READ, "Healthy, degraded, failing or idle, with the reason"),
            route("GET", WORKFLOW + "/uptime", UptimeHandler.class,
                    s -> new UptimeHandler(s.uptime(), s.control().releases()),
                    Permission.READ,
                    "The production pod's uptime from scheduled health checks, per day, with outages (?days=30)"),
            route("GET", "/notify/channels", ListChannelsHandler.class, s -> new ListChannelsHandler(s.notifier()),
                    Permission.PLATFORM,
                    "Platform-wide notification channels (signed webhooks), which get every project's events"),
            route("POST", "/notify/channels", AddChannelHandler.class, s -> new AddChannelHandler(s.notifier()),
                    Permission.PLATFORM, "Add a platform-wide webhook; answers its signing secret once"),
            route("DELETE", "/notify/channels/{id}", RemoveChannelHandler.class,
                    s -> new RemoveChannelHandler(s.notifier()),
                    Permission.PLATFORM, "Remove a platform-wide channel"),
            route("GET", "/notify/deliveries", ListDeliveriesHandler.class,
                    s -> new ListDeliveriesHandler(s.notifier()),
                    Permission.PLATFORM, "Delivery attempts of the platform-wide channels, newest first (?limit=)"),
            route("GET", "/pods", ListPodsHandler.class, s -> new ListPodsHandler(s.pods()),
                    Permission.PLATFORM, "Every pod with its state, memory, load and plan"),
            route("PUT", "/pods/{user}/plan", SetPodPlanHandler.class, s -> new SetPodPlanHandler(s.pods()),
                    Permission.PLATFORM,
                    "Set a user's pod plan (heapMb, cpus, maxConcurrency, queueSize); restart: true applies it now"),
            route("PUT", PROJECT + "/secrets/{name}", SetSecretHandler.class, s -> new SetSecretHandler(s.secrets()),
                    Permission.SECRETS,
                    "Set a project secret (sealed at rest); releases declaring it get it from their next load"),
            route("GET", PROJECT + "/secrets", ListSecretsHandler.class, s -> new ListSecretsHandler(s.secrets()),
                    Permission.SECRETS, "The project's secrets by name and time, never a value"),
            route("DELETE", PROJECT + "/secrets/{name}", DeleteSecretHandler.class,
                    s -> new DeleteSecretHandler(s.secrets()),
                    Permission.SECRETS, "Delete a project secret"),
            route("GET", "/health", HealthHandler.class, s -> new HealthHandler(),
                    Permission.PUBLIC, "Liveness of the control API"),
            route("GET", "/whoami", WhoAmIHandler.class, s -> new WhoAmIHandler(),
                    Permission.SIGNED_IN, "Who the credential presented is: principal id and kind"),
            route("GET", "/projects", ListProjectsHandler.class, s -> new ListProjectsHandler(s.identity()),
                    Permission.SIGNED_IN, "The projects the caller can read, with the caller's role on each"),
            route("POST", "/projects", CreateProjectHandler.class, s -> new CreateProjectHandler(s.identity()),
                    Permission.SIGNED_IN,
                    "Create a project under the caller's own id ({\"name\"}; the admin may give \"user\")"),
            route("GET", PROJECT + "/workflows", ListWorkflowsHandler.class,
                    s -> new ListWorkflowsHandler(s.workflows()),
                    Permission.READ,
                    "The project's published workflows: state, live version, traffic split and health"),
            route("GET", PROJECT + "/members", ListMembersHandler.class, s -> new ListMembersHandler(s.identity()),
                    Permission.READ, "The project's owner and members with their roles"),
            route("PUT", PROJECT + "/members/{person}", PutMemberHandler.class, s -> new PutMemberHandler(s.identity()),
                    Permission.MEMBERS, "Give a person a role on the project ({\"role\": \"developer\"})"),
            route("DELETE", PROJECT + "/members/{person}", RemoveMemberHandler.class,
                    s -> new RemoveMemberHandler(s.identity()),
                    Permission.MEMBERS, "Remove a member from the project"),
            route("GET", "/tokens", ListTokensHandler.class, s -> new ListTokensHandler(s.identity()),
                    Permission.SIGNED_IN, "The caller's personal access tokens, never the tokens themselves"),
            route("POST", "/tokens", CreateTokenHandler.class, s -> new CreateTokenHandler(s.identity()),
                    Permission.SIGNED_IN, "Create a personal access token; the answer shows it once"),
            route("DELETE", "/tokens/{id}", RevokeTokenHandler.class, s -> new RevokeTokenHandler(s.identity()),
                    Permission.SIGNED_IN, "Revoke one of the caller's personal access tokens"),
            route("GET", "/people", ListPeopleHandler.class, s -> new ListPeopleHandler(s.identity()),
                    Permission.PLATFORM, "Every person on the platform"),
            route("POST", "/people", CreatePersonHandler.class, s -> new CreatePersonHandler(s.identity()),
                    Permission.PLATFORM,
                    "Add a person ({\"id\", \"name\"}); the answer holds their first token, shown once"),
            route("POST", "/bootstrap", BootstrapHandler.class, s -> new BootstrapHandler(s.identity()),
                    Permission.PLATFORM, "The first owner on a platform without people ({\"person\", \"project\"?}): "
                            + "adds them, their project and a first token, shown once; changes nothing once people exist"),
            route("GET", PROJECT + "/notify/channels", ListChannelsHandler.class,
                    s -> new ListChannelsHandler(s.notifier()),
                    Permission.NOTIFY,
                    "The project's notification channels (signed webhooks), which get its workflows' events"),
            route("POST", PROJECT + "/notify/channels", AddChannelHandler.class,
                    s -> new AddChannelHandler(s.notifier()),
                    Permission.NOTIFY, "Add a webhook for the project's events; answers its signing secret once"),
            route("DELETE", PROJECT + "/notify/channels/{id}", RemoveChannelHandler.class,
                    s -> new RemoveChannelHandler(s.notifier()),
                    Permission.NOTIFY, "Remove one of the project's channels"),
            route("GET", PROJECT + "/notify/deliveries", ListDeliveriesHandler.class,
                    s -> new ListDeliveriesHandler(s.notifier()),
                    Permission.NOTIFY, "Delivery attempts of the project's channels, newest first (?limit=)"),
            route("GET", WORKFLOW + "/errors/{fingerprint}", ErrorGroupHandler.class,
                    s -> new ErrorGroupHandler(s.telemetry()),
                    Permission.READ,
                    "One error group: count, trend, first and last seen, releases, first seen in, its latest failure"),
            route("GET", WORKFLOW + "/insights", InsightsHandler.class,
                    s -> new InsightsHandler(s.telemetry(), s.control().releases()),
                    Permission.READ,
                    "Top and rising error groups, error rate by release, slowest nodes, troubled hosts (?since=24h)"),
            route("GET", WORKFLOW + "/deployments", ListDeploymentsHandler.class,
                    s -> new ListDeploymentsHandler(s.control()),
                    Permission.READ, "The workflow's latest deployments, newest first, each with its steps, outcome and reason (?limit=20)"));

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

    private static <H extends ApiHandler> ControlRoute route(String method, String path, Class<H> handler,
                                                             Function<HandlerServices, H> factory,
                                                             Permission permission, String summary) {
        return new ControlRoute(method, PathTemplate.of(API_PREFIX + path), handler, factory, permission, summary);
    }

    /** A route that only the platform's administrator ({@link Access#ADMIN}) or anyone ({@link Access#PUBLIC}) may call. */
    private static <H extends ApiHandler> ControlRoute route(String method, String path, Class<H> handler,
                                                             Function<HandlerServices, H> factory,
                                                             Access access, String summary) {
        return new ControlRoute(method, PathTemplate.of(API_PREFIX + path), handler, factory, access, summary);
    }
}
