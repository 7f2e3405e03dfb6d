package com.wfp.handlers.http;

import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.alert.PodUptime;
import com.wfp.platform.notify.Notifier;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.release.ProjectWorkflows;
import com.wfp.platform.secrets.ProjectSecrets;
import com.wfp.platform.telemetry.TelemetryQueries;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a host can give the control handlers, built once by the host (the local platform, or
 * a Lambda function's composition root): start from {@link #none()} and add what the host has.
 * Each route of {@link ControlRoutes} builds its handler from it ({@link ControlRoute#newHandler});
 * a handler asking for a service this host does not have is built as one answering 503 saying so.
 */
public final class HandlerServices {

    private final Map<Class<?>, Object> services;

    private HandlerServices(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    /** No services: only the handlers that need none (validation, the API docs, health) work. */
    public static HandlerServices none() {
        return new HandlerServices(Map.of());
    }

    /** These services and the publishing services: publishes, drafts, releases, production URLs. */
    public HandlerServices withControl(ControlServices control) {
        return with(ControlServices.class, control);
    }

    /** These services and the traffic services: weights, rollback, rollouts, the routing history. */
    public HandlerServices withTraffic(TrafficServices traffic) {
        return with(TrafficServices.class, traffic);
    }

    /** These services and API keys and the audit trail. */
    public HandlerServices withAccess(AccessServices access) {
        return with(AccessServices.class, access);
    }

    /** These services and people, projects, members and tokens. */
    public HandlerServices withIdentity(IdentityServices identity) {
        return with(IdentityServices.class, identity);
    }

    /** These services and every pod and its plan. */
    public HandlerServices withPods(PodFleet pods) {
        return with(PodFleet.class, pods);
    }

    /** These services and project secrets. */
    public HandlerServices withSecrets(ProjectSecrets secrets) {
        return with(ProjectSecrets.class, secrets);
    }

    /** These services and a project's published workflows. */
    public HandlerServices withWorkflows(ProjectWorkflows workflows) {
        return with(ProjectWorkflows.class, workflows);
    }

    /** These services and executions, error groups and metrics. */
    public HandlerServices withTelemetry(TelemetryQueries telemetry) {
        return with(TelemetryQueries.class, telemetry);
    }

    /** These services and alert rules, alerts, health and uptime. */
    public HandlerServices withAlerts(AlertMonitor alerts) {
        return with(AlertMonitor.class, alerts);
    }

    /** These services and the pods' uptime from scheduled health checks. */
    public HandlerServices withUptime(PodUptime uptime) {
        return with(PodUptime.class, uptime);
    }

    /** These services and notification channels and their deliveries. */
    public HandlerServices withNotifier(Notifier notifier) {
        return with(Notifier.class, notifier);
    }

    /**
     * These services and the domain events a deployment's progress is streamed from, given by a
     * host that can hold a response open.
     */
    public HandlerServices withProgress(EventBus progress) {
        return with(EventBus.class, progress);
    }

    /** The publishing services: publishes, drafts, releases, production URLs. */
    public ControlServices control() {
        return require(ControlServices.class);
    }

    /** The traffic services: weights, rollback, rollouts, the routing history. */
    public TrafficServices traffic() {
        return require(TrafficServices.class);
    }

    /** API keys and the audit trail. */
    public AccessServices access() {
        return require(AccessServices.class);
    }

    /** People, projects, members and tokens. */
    public IdentityServices identity() {
        return require(IdentityServices.class);
    }

    /** Every pod and its plan. */
    public PodFleet pods() {
        return require(PodFleet.class);
    }

    /** Project secrets. */
    public ProjectSecrets secrets() {
        return require(ProjectSecrets.class);
    }

    /** A project's published workflows. */
    public ProjectWorkflows workflows() {
        return require(ProjectWorkflows.class);
    }

    /** Executions, error groups and metrics. */
    public TelemetryQueries telemetry() {
        return require(TelemetryQueries.class);
    }

    /** Alert rules, alerts, health and uptime. */
    public AlertMonitor alerts() {
        return require(AlertMonitor.class);
    }

    /** The pods' uptime from scheduled health checks. */
    public PodUptime uptime() {
        return require(PodUptime.class);
    }

    /** Notification channels and their deliveries. */
    public Notifier notifier() {
        return require(Notifier.class);
    }

    /** The domain events to stream a deployment's progress from, or null where answers are not streamed. */
    public EventBus progressOrNull() {
        return (EventBus) services.get(EventBus.class);
    }

    private <T> HandlerServices with(Class<T> type, T service) {
        Map<Class<?>, Object> more = new HashMap<>(services);
        more.put(type, Objects.requireNonNull(service, type.getSimpleName()));
        return new HandlerServices(more);
    }

    private <T> T require(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new MissingService(type.getSimpleName());
        }
        return type.cast(service);
    }

    /** A service this host lacks, met while a route builds its handler: the route builds a stand-in answering 503. */
    static final class MissingService extends RuntimeException {
        MissingService(String service) {
            super(service, null, false, false);
        }
    }
}
