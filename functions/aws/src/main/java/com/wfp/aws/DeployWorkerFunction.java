package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.wfp.adapters.aws.deployment.DynamoDbDeploymentJobs;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a publish's steps (validate, snapshot, ensure the user's Fargate pod, load, health check
 * with a dry run, route) after {@link PublishFunction} answered 202, invoked asynchronously with
 * {@code {"deploymentId": "..."}}. Each step's progress is stored in DynamoDB as it happens, where
 * {@code GET /deployments/{id}} reads it. An invoke retried by Lambda finds the publish started
 * and runs nothing twice. The publish's end (published, or failed with the step and reason) is
 * posted to the project's webhooks from here, and a workflow's first publish stores its default
 * alert rules.
 */
public final class DeployWorkerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final PublishService publishing;
    private final DynamoDbDeploymentJobs jobs;

    public DeployWorkerFunction() {
        this(AwsPlatform.container());
    }

    DeployWorkerFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("deploy worker");
        this.publishing = platform.publishing(environment, true);
        this.jobs = platform.deploymentJobs(environment);
        // A publish's end reaches the project's webhooks; a workflow's first publish gets its alert rules.
        platform.notifyOnEvents(environment);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object id = event == null ? null : event.get("deploymentId");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!(id instanceof String text) || text.isBlank()) {
            answer.put("error", "The deploy worker's event has no deploymentId");
            return answer;
        }
        DeploymentId deploymentId = new DeploymentId(text);
        Optional<PublishCommand> command = jobs.command(deploymentId);
        Deployment deployment;
        if (command.isEmpty()) {
            // Already run and cleaned up (a retried invoke), or never handed over: report what is stored.
            deployment = publishing.status(deploymentId).deployment();
        } else {
            deployment = publishing.runDispatched(deploymentId, command.get());
            if (deployment.isFinished()) {
                jobs.done(deploymentId);
            }
        }
        answer.put("deploymentId", deploymentId.value());
        answer.put("state", deployment.state().name());
        answer.put("step", deployment.currentStep().name());
        return answer;
    }
}
