package com.wfp.aws;

import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every route of {@link ControlRoutes} in one function: drafts, releases, diffs, API documents,
 * deployments, traffic, rollouts, keys, audit, people, projects, members, tokens, secrets, pods,
 * production metrics, workflow health, alerts, alert rules and notification channels. Routes whose
 * services the platform on AWS does not have yet (uptime) answer 503 saying so (see
 * {@code functions/aws/README.md}).
 */
public final class ControlApiFunction extends ControlFunction {

    public ControlApiFunction() {
        this(AwsPlatform.container());
    }

    ControlApiFunction(AwsPlatform platform) {
        this(platform, platform.environment("control API"));
    }

    private ControlApiFunction(AwsPlatform platform, FunctionEnvironment environment) {
        super(ControlDispatch.of(platform, environment, platform.controlHandlers(environment), everyHandler()));
    }

    private static Set<Class<? extends ApiHandler>> everyHandler() {
        return ControlRoutes.all().stream().map(ControlRoute::handler).collect(Collectors.toSet());
    }
}
