package com.wfp.infra;

/**
 * What this app needs to know of the Lambda composition roots in {@code functions/aws} (its
 * README lists them): where their deployment package is, how a handler is named, the environment
 * variables they read and the names they give AWS resources. Kept in one place, so a rename there
 * is one edit here.
 */
final class LambdaRuntime {

    /** The shaded jar every function runs, relative to the repository root. */
    static final String PACKAGE_JAR = "functions/aws/target/wfp-aws-functions.jar";
    /** The Maven module that builds it, for the message when it is missing. */
    static final String PACKAGE_MODULE = "functions/aws";

    /** The package of the Lambda entry classes. */
    static final String ENTRY_PACKAGE = "com.wfp.aws.";

    // The environment the functions are built from.
    static final String TABLE = "WFP_TABLE";
    static final String ADMIN_TOKEN_SHA256 = "WFP_ADMIN_TOKEN_SHA256";
    static final String EVENT_BUS = "WFP_EVENT_BUS";
    static final String PUBLIC_BASE_URL = "WFP_PUBLIC_BASE_URL";
    static final String DEPLOY_WORKER_FUNCTION = "WFP_DEPLOY_WORKER_FUNCTION";
    static final String POD_TOKEN_SECRET_ARN = "WFP_POD_TOKEN_SECRET_ARN";
    static final String ROUTING_MAX_AGE_MS = "WFP_ROUTING_MAX_AGE_MS";
    static final String CLUSTER = "WFP_ECS_CLUSTER";
    static final String POD_IMAGE = "WFP_POD_IMAGE";
    static final String POD_SUBNETS = "WFP_POD_SUBNETS";
    static final String POD_SECURITY_GROUP = "WFP_POD_SECURITY_GROUP";
    static final String POD_EXECUTION_ROLE_ARN = "WFP_POD_EXECUTION_ROLE_ARN";
    static final String POD_TASK_ROLE_ARN = "WFP_POD_TASK_ROLE_ARN";
    static final String POD_LOG_GROUP = "WFP_POD_LOG_GROUP";
    static final String POD_TOKEN_SECRET_PREFIX = "WFP_POD_TOKEN_SECRET_PREFIX";
    static final String POD_READY_TIMEOUT_MS = "WFP_POD_READY_TIMEOUT_MS";
    static final String SECRETS_KEY_ARN = "WFP_SECRETS_KEY_ARN";
    /** The OIDC issuer whose JWTs people and {@code "auth": "token"} callers present (optional, all or none). */
    static final String OIDC_ISSUER = "WFP_OIDC_ISSUER";
    static final String OIDC_AUDIENCE = "WFP_OIDC_AUDIENCE";
    static final String OIDC_JWKS_URL = "WFP_OIDC_JWKS_URL";
    static final String OIDC_PERSON_CLAIM = "WFP_OIDC_PERSON_CLAIM";

    /** The partition of the platform table holding the audit trail ({@code DynamoDbAuditLog}). */
    static final String AUDIT_PARTITION = "AUDIT";
    /** The partition of the shared per-key, per-minute call counts ({@code DynamoDbInvocationCounts}). */
    static final String INVOCATIONS_PARTITION = "INVOCATIONS";
    /** The partition of the people ({@code DynamoDbIdentityStore}), where a person an OIDC token names is added. */
    static final String PEOPLE_PARTITION = "PEOPLE";
    static final String TELEMETRY_LOG_GROUP = "WFP_TELEMETRY_LOG_GROUP";
    static final String CLOUDWATCH_MONITORING = "WFP_CLOUDWATCH_MONITORING";
    /** The pods' execution lines, as the subscription filter selects them ({@code PodLogForwarder.FILTER_PATTERN}). */
    static final String POD_EXECUTION_FILTER = "{ $.event = \"execution\" }";
    /** The names of the per-workflow alarms and per-project dashboards the functions put and delete. */
    static final String ERROR_ALARM_PREFIX = "wfp-errors/";
    static final String P95_ALARM_PREFIX = "wfp-p95/";
    static final String DASHBOARD_PREFIX = "wfp_";

    /** Each user's pod token secret is this prefix plus the user id, created by the pod manager. */
    static final String POD_TOKEN_SECRET_PREFIX_VALUE = "wfp/pod-token/";
    /** The pod manager names each user's ECS service and task definition family this plus the user id. */
    static final String POD_SERVICE_PREFIX = "wfp-pod-";
    /** A canary's alarm is named this plus {@code user/project/workflow}; the rollback function acts on those. */
    static final String CANARY_ALARM_PREFIX = "wfp-canary/";

    /** The port the pod image listens on (its Dockerfile's {@code WFP_POD_PORT}). */
    static final int POD_PORT_NUMBER = 8080;

    private LambdaRuntime() {
    }

    /** The Lambda handler string of an entry class in {@link #ENTRY_PACKAGE}. */
    static String handler(String entryClass) {
        return ENTRY_PACKAGE + entryClass + "::handleRequest";
    }
}
