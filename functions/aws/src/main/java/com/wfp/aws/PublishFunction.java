package com.wfp.aws;

import com.wfp.handlers.publishing.DeploymentStatusHandler;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.publishing.PublishHandler;

import java.util.Set;

/**
 * {@code POST .../releases} answers 202 at once: the deployment is recorded in DynamoDB and its
 * steps handed to {@link DeployWorkerFunction} by an asynchronous invoke. {@code GET
 * /deployments/{id}} reads the progress the worker stores; the designer polls it.
 */
public final class PublishFunction extends ControlFunction {

    public PublishFunction() {
        this(AwsPlatform.container());
    }

    PublishFunction(AwsPlatform platform) {
        this(platform, platform.environment("publish"));
    }

    private PublishFunction(AwsPlatform platform, FunctionEnvironment environment) {
        super(ControlDispatch.of(platform, environment,
                HandlerServices.none().withControl(platform.controlServices(environment)),
                Set.of(PublishHandler.class, DeploymentStatusHandler.class)));
    }
}
