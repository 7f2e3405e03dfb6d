package com.wfp.infra;

import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

import java.util.List;

/**
 * The whole platform on AWS as five stacks, each depending only on those before it:
 * data, network and pods, API, functions, observability. The API comes before the functions
 * because their environment holds its URL; it names their aliases, which exist by its first call.
 */
record Platform(DataStack data, PodsStack pods, FunctionsStack functions, ApiStack api,
                ObservabilityStack observability) {

    /** Stack names are what {@code cdk deploy} and CloudFormation show. */
    static final String PREFIX = "Wfp";

    static Platform create(Construct scope, Repository repository, List<WorkflowAlarms.Spec> workflowAlarms) {
        DataStack data = new DataStack(scope, PREFIX + "Data", describe("tables of releases, routing, keys and pod addresses"));
        PodsStack pods = new PodsStack(scope, PREFIX + "Pods", describe("VPC, ECS cluster, pod image and task definition"),
                repository);
        ApiStack api = new ApiStack(scope, PREFIX + "Api", describe("REST API: control routes and production URLs"));
        FunctionsStack functions = new FunctionsStack(scope, PREFIX + "Functions",
                describe("Lambda functions with SnapStart and live aliases"), repository, data, pods, api);
        // The API invokes the functions by name; deploy it first so the functions can hold its URL.
        functions.addStackDependency(api);
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
