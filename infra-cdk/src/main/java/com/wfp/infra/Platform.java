package com.wfp.infra;

import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

import java.util.List;

/**
 * The whole platform on AWS as five stacks, each depending only on those before it:
 * data, network and pods, functions, API, observability.
 */
record Platform(DataStack data, PodsStack pods, FunctionsStack functions, ApiStack api,
                ObservabilityStack observability) {

    /** Stack names are what {@code cdk deploy} and CloudFormation show. */
    static final String PREFIX = "Wfp";

    static Platform create(Construct scope, Repository repository, List<WorkflowAlarms.Spec> workflowAlarms) {
        DataStack data = new DataStack(scope, PREFIX + "Data", describe("tables of releases, routing, keys and pod addresses"));
        PodsStack pods = new PodsStack(scope, PREFIX + "Pods", describe("VPC, ECS cluster, pod image and task definition"),
                repository);
        FunctionsStack functions = new FunctionsStack(scope, PREFIX + "Functions",
                describe("Lambda functions with SnapStart and live aliases"), repository, data, pods);
        ApiStack api = new ApiStack(scope, PREFIX + "Api", describe("REST API: control routes and production URLs"),
                functions);
        ObservabilityStack observability = new ObservabilityStack(scope, PREFIX + "Observability",
                describe("dashboard, alarms, EventBridge rules and the rollout schedule"), data, pods, functions, api,
                workflowAlarms);
        Tags.of(scope).add("wfp:platform", "wfp");
        return new Platform(data, pods, functions, api, observability);
    }

    private static StackProps describe(String what) {
        return StackProps.builder().description("wfp: " + what).build();
    }
}
