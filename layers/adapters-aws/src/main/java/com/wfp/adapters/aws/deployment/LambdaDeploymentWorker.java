package com.wfp.adapters.aws.deployment;

import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.port.DeploymentWorker;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.nio.charset.StandardCharsets;

/**
 * Hands a publish to the deploy worker function: the command is stored
 * ({@link DynamoDbDeploymentJobs}) and the worker is invoked asynchronously with
 * {@code {"deploymentId": "..."}}, so the publish function answers 202 within API Gateway's limit
 * while the steps run for as long as the worker's own timeout allows.
 */
public final class LambdaDeploymentWorker implements DeploymentWorker {

    private final DynamoDbDeploymentJobs jobs;
    private final LambdaClient lambda;
    private final String functionName;

    public LambdaDeploymentWorker(DynamoDbDeploymentJobs jobs, LambdaClient lambda, String functionName) {
        this.jobs = jobs;
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public void dispatch(DeploymentId id, PublishCommand command) {
        jobs.put(id, command);
        try {
            int status = lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromString(payload(id), StandardCharsets.UTF_8))).statusCode();
            if (status != 202) {
                throw new IllegalStateException("the asynchronous invoke answered " + status + " instead of 202");
            }
        } catch (SdkException | IllegalStateException e) {
            jobs.done(id);
            throw DomainException.unavailable("publish.handoff-failed",
                    "The deploy worker '" + functionName + "' could not be started: " + e.getMessage(),
                    "Publish again in a few seconds; if it repeats, check that the publish function may"
                            + " lambda:InvokeFunction the worker.", e);
        }
    }

    /** The asynchronous invoke's payload: the deployment id alone. */
    public static String payload(DeploymentId id) {
        return "{\"deploymentId\":\"" + id.value() + "\"}";
    }
}
