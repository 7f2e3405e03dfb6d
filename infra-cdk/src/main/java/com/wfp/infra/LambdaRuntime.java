package com.wfp.infra;

/**
 * What this app needs to know of the Lambda composition roots in {@code functions/aws}: where
 * their deployment package is, how a handler is named and the environment variables they read.
 * Kept in one place, so a rename there is one edit here.
 */
final class LambdaRuntime {

    /** The shaded jar every function runs, relative to the repository root. */
    static final String PACKAGE_JAR = "functions/handlers/target/wfp-functions.jar";
    /** The Maven module that builds it, for the message when it is missing. */
    static final String PACKAGE_MODULE = "functions/handlers";

    /** The package of the Lambda entry classes. */
    static final String ENTRY_PACKAGE = "com.wfp.aws.";

    // The environment the functions are built from.
    static final String TABLE = "WFP_TABLE";
    static final String POD_ADDRESS_TABLE = "WFP_POD_ADDRESS_TABLE";
    static final String POD_TOKEN_SECRET_ARN = "WFP_POD_TOKEN_SECRET_ARN";
    static final String ROUTING_MAX_AGE_MS = "WFP_ROUTING_MAX_AGE_MS";
    static final String CLUSTER = "WFP_ECS_CLUSTER";
    static final String TASK_DEFINITION = "WFP_POD_TASK_DEFINITION";
    static final String POD_SUBNETS = "WFP_POD_SUBNETS";
    static final String POD_SECURITY_GROUP = "WFP_POD_SECURITY_GROUP";
    static final String POD_PORT = "WFP_POD_PORT";
    static final String DEPLOY_WORKER_FUNCTION = "WFP_DEPLOY_WORKER_FUNCTION";
    static final String EVENT_BUS = "WFP_EVENT_BUS";
    static final String ALARM_PREFIX = "WFP_ALARM_PREFIX";

    /** The port the pod image listens on (its Dockerfile's {@code WFP_POD_PORT}). */
    static final int POD_PORT_NUMBER = 8080;

    private LambdaRuntime() {
    }

    /** The Lambda handler string of an entry class in {@link #ENTRY_PACKAGE}. */
    static String handler(String entryClass) {
        return ENTRY_PACKAGE + entryClass + "::handleRequest";
    }
}
