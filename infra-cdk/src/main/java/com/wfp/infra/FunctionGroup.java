package com.wfp.infra;

import com.wfp.handlers.ControlRoute;
import com.wfp.handlers.PublishHandler;
import com.wfp.handlers.PublishabilityHandler;
import com.wfp.handlers.RollbackHandler;
import com.wfp.handlers.ValidateHandler;
import com.wfp.handlers.ApiHandler;

import java.util.Arrays;
import java.util.List;

/**
 * The platform's Lambda functions, one per handler group. Control routes whose handler a group
 * names are served by that group's function; every other control route by {@link #CONTROL_API}.
 */
enum FunctionGroup {

    VALIDATE("Validate", "ValidateFunction", 1024, 29, false,
            List.of(ValidateHandler.class, PublishabilityHandler.class),
            "Validates workflow documents; reads and writes nothing"),
    PUBLISH("Publish", "PublishFunction", 1024, 29, false,
            List.of(PublishHandler.class),
            "Answers a publish with 202 and hands the deployment to the deploy worker"),
    DEPLOY_WORKER("DeployWorker", "DeployWorkerFunction", 1024, 600, true,
            List.of(),
            "Runs a deployment's steps: pod on ECS, load, health check, route"),
    ROUTE("Route", "RouteFunction", 1024, 29, true,
            List.of(),
            "The data path: routes a production call to the release and the user's pod"),
    ROLLBACK("Rollback", "RollbackFunction", 1024, 29, false,
            List.of(RollbackHandler.class),
            "Rolls a workflow back, from the control API or a workflow alarm"),
    CONTROL_API("ControlApi", "ControlApiFunction", 1024, 29, false,
            List.of(),
            "Every other control route: drafts, releases, traffic, rollouts, keys, audit, pods"),
    ROLLOUT_TICK("RolloutTick", "RolloutTickFunction", 1024, 60, false,
            List.of(),
            "Advances progressive rollouts on a schedule, judging each step by the releases' CloudWatch metrics"),
    POD_REGISTRAR("PodRegistrar", "PodAddressRegistrarFunction", 512, 30, false,
            List.of(),
            "Keeps each running pod task's address in the pod-address table from ECS task-state-change events");

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

    /** The group whose function serves a control route. */
    static FunctionGroup serving(ControlRoute route) {
        return Arrays.stream(values())
                .filter(group -> group.handlers.contains(route.handler()))
                .findFirst()
                .orElse(CONTROL_API);
    }
}
