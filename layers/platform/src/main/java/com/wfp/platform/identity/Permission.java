package com.wfp.platform.identity;

/**
 * What a control route asks of its caller. Most permissions are held on one project through a
 * {@link Role}; {@link #PUBLIC}, {@link #SIGNED_IN} and {@link #PLATFORM} are not tied to a project.
 */
public enum Permission {
    /** Anyone who can reach the gateway, no credential needed. */
    PUBLIC(Scope.NONE),
    /** Any authenticated principal (a person or the admin); the route names no project. */
    SIGNED_IN(Scope.NONE),
    /** The platform's administrator (the admin token) alone: pods, people, the whole audit chain. */
    PLATFORM(Scope.NONE),
    /**
     * Read a project's workflows, releases, traffic, history, deployments and documents, and its
     * production telemetry: executions, error groups, metrics, health, uptime, alerts and rules.
     */
    READ(Scope.PROJECT),
    /** Save drafts. */
    DRAFT(Scope.PROJECT),
    /** Run a draft in the debug pod. */
    DEBUG_RUN(Scope.PROJECT),
    /** Publish releases. */
    PUBLISH(Scope.PROJECT),
    /** Change traffic weights, stickiness and shadows. */
    TRAFFIC(Scope.PROJECT),
    /** Roll back. */
    ROLLBACK(Scope.PROJECT),
    /** Start and cancel progressive rollouts. */
    ROLLOUT(Scope.PROJECT),
    /** Create, list, revoke and rotate the project's API keys. */
    KEYS(Scope.PROJECT),
    /** Add, change and remove the project's members. */
    MEMBERS(Scope.PROJECT),
    /** Set and delete the project's secrets. */
    SECRETS(Scope.PROJECT),
    /** Read the project's audit records. */
    AUDIT(Scope.PROJECT),
    /** Change the alert rules of the project's workflows. */
    ALERT_RULES(Scope.PROJECT),
    /** Add, list and remove the project's notification channels and read their delivery log. */
    NOTIFY(Scope.PROJECT);

    /** Where a permission is held. */
    public enum Scope {
        /** Not on a project. */
        NONE,
        /** On the project the request names. */
        PROJECT
    }

    private final Scope scope;

    Permission(Scope scope) {
        this.scope = scope;
    }

    /** Whether the permission is held on a project. */
    public Scope scope() {
        return scope;
    }
}
