package com.wfp.infra;

import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.publishing.DeploymentStatusHandler;
import com.wfp.handlers.publishing.PublishHandler;
import com.wfp.handlers.publishing.PublishabilityHandler;
import com.wfp.handlers.traffic.RollbackHandler;
import com.wfp.handlers.publishing.ValidateHandler;

import java.util.Arrays;
import java.util.List;

/**
 * The platform's Lambda functions, one per handler group, as {@code functions/aws} composes them.
 * Control routes whose handler a group names are served by that group's function; every other
 * control route by {@link #CONTROL_API}.
 */
enum FunctionGroup {

    VALIDATE("Validate", "ValidateFunction", 1024, 29, false, List.of(ValidateHandler.class, PublishabilityHandler.class),
            "validates workflow documents; reads and writes nothing"),
    PUBLISH("Publish", "PublishFunction", 1024, 29, false, List.of(PublishHandler.class, DeploymentStatusHandler.class),
            "answers a publish with 202 and hands its steps to the deploy worker; deployment status"),
    DEPLOY_WORKER("DeployWorker", "DeployWorkerFunction", 1024, 900, true, List.of(),
            "runs a deployment's steps: the user's pod on ECS, load, health check, route"),
    ROUTE("Route", "RouteFunction", 1024, 29, true, List.of(),
            "the data path: routes a production call to a release in the user's pod"),
    AUTHORIZER("Authorizer", "AuthorizerFunction", 1024, 10, false, List.of(),
            "the production URLs' request authorizer: API keys and the trigger's auth"),
    ROLLBACK("Rollback", "RollbackFunction", 1024, 29, true, List.of(RollbackHandler.class),
            "rolls a workflow back, from the control API or a canary alarm"),
    CONTROL_API("ControlApi", "ControlApiFunction", 1024, 29, true, List.of(),
            "every other control route: drafts, releases, traffic, rollouts, keys, audit, pods"),
    ROLLOUT_TICK("RolloutTick", "RolloutTickFunction", 1024, 60, true, List.of(),
            "advances progressive rollouts every minute by the releases' CloudWatch metrics, then checks each pod's health"),
    POD_REGISTRAR("PodRegistrar", "PodAddressFunction", 512, 30, false, List.of(),
            "keeps each running pod task's address in the table from ECS task-state-change events"),
    POD_TELEMETRY("PodTelemetry", "PodTelemetryFunction", 512, 60, false, List.of(),
            "stores the pods' execution lines, delivered by a subscription on their log group, as production telemetry"),
    CONSOLE("Console", "ConsoleFunction", 512, 10, false, List.of(),
            "the web console's and the API docs page's files (GET /, /console/..., /docs/...) from its own package; reads nothing else"),
    ALERT_TICK("AlertTick", "AlertTickFunction", 1024, 300, true, List.of(),
            "judges every workflow's alert rules every minute (CloudWatch metrics, pod health); sends webhooks and their retries");

    /** Construct id of the function. */
    final String id;
    /** Simple name of its entry class in {@code functions/aws}. */
    final String entryClass;
    final int memoryMb;
    final int timeoutSeconds;
    /** True when it calls pods, so it runs in the VPC and the pods' security group admits it. */
    final boolean reachesPods;
    final List<Class<? extends ApiHandler>> handlers;
    final String description;

    FunctionGroup(String id, String entryClass, int memoryMb, int timeoutSeconds, boolean reachesPods,
                  List<Class<? extends ApiHandler>> handlers, String description) {
        this.id = id;
        this.entryClass = entryClass;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.reachesPods = reachesPods;
        this.handlers = handlers;
        this.description = description;
    }

    /** The function's name in the account: fixed, so the API can name it before it exists. */
    String functionName() {
        return "wfp-" + id.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The group whose function serves a control route. */
    static FunctionGroup serving(ControlRoute route) {
        return Arrays.stream(values())
                .filter(group -> group.handlers.contains(route.handler()))
                .findFirst()
                .orElse(CONTROL_API);
    }
}
