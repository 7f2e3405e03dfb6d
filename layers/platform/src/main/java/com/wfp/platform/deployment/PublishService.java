package com.wfp.platform.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.event.CommittedChangeEvents;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.DeploymentStore;
import com.wfp.platform.port.DeploymentWorker;
import com.wfp.platform.port.DryRun;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.TriggerExample;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.VersionSuggester;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutableReleases;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.RoutingPlanner;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.validation.Finding;
import com.wfp.workflow.validation.ValidationReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Runs publishes. {@link #start} records a deployment and returns at once; the steps run on the
 * executor: validate, snapshot the release, ensure the user's pod, load the release (the pod
 * confirms its sha256), health check with a dry run of the trigger's example, and route, where
 * the new routing and the deployment's success are stored in one transaction. Each step's start,
 * end and outcome are recorded and sent as progress events. A failure names the step and the
 * cause, unloads the release from the pod, and leaves routing exactly as it was.
 */
public final class PublishService {

    /** Attempts of the ROUTE step when another routing change comes in between plan and commit. */
    static final int ROUTE_ATTEMPTS = 3;
    private static final int REMEMBERED_POD_STARTS = 1_000;
    private static final int BODY_EXCERPT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final DeploymentStore deploymentStore;
    private final PodManager pods;
    private final EventBus events;
    private final Function<Workflow, ValidationReport> validator;
    private final DryRun dryRun;
    private final Clock clock;
    private final Executor executor;
    private final DeploymentWorker worker;
    private final WorkflowParser parser = new WorkflowParser();
    private final StepDurations durations = new StepDurations();
    private final ConcurrentMap<DeploymentId, CompletableFuture<Deployment>> running = new ConcurrentHashMap<>();
    /** How the recent publishes found their user's pod, for the estimate; bounded, oldest dropped first. */
    private final Map<DeploymentId, PodStart> podStarts = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<DeploymentId, PodStart> eldest) {
                    return size() > REMEMBERED_POD_STARTS;
                }
            });
    /** How each user's last publish found their pod: the guess for a new publish until its pod is checked. */
    private final ConcurrentMap<String, PodStart> lastPodStart = new ConcurrentHashMap<>();

    /**
     * @param validator checks a parsed workflow; errors in its report reject the publish
     * @param dryRun    runs the trigger's example against the loaded release
     * @param executor  runs the steps; each publish occupies one task for its whole run
     */
    public PublishService(ReleaseCatalogue catalogue, RoutingStore routingStore, DeploymentStore deploymentStore, PodManager pods, EventBus events,
                          Function<Workflow, ValidationReport> validator, DryRun dryRun, Clock clock, Executor executor) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.deploymentStore = deploymentStore;
        this.pods = pods;
        this.events = new CommittedChangeEvents(events);
        this.validator = validator;
        this.dryRun = dryRun;
        this.clock = clock;
        this.executor = executor;
        this.worker = null;
    }

    /**
     * A service whose publishes run elsewhere: {@link #start} records the deployment and hands it
     * to {@code worker}, which runs it with {@link #runDispatched} (the deploy worker function on AWS).
     */
    public PublishService(ReleaseCatalogue catalogue, RoutingStore routingStore, DeploymentStore deploymentStore, PodManager pods, EventBus events,
                          Function<Workflow, ValidationReport> validator, DryRun dryRun, Clock clock, DeploymentWorker worker) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.deploymentStore = deploymentStore;
        this.pods = pods;
        this.events = new CommittedChangeEvents(events);
        this.validator = validator;
        this.dryRun = dryRun;
        this.clock = clock;
        this.executor = null;
        this.worker = worker;
    }

    /**
     * Starts a publish and returns its deployment, RUNNING, before any step has run. When the
     * same user already started a publish with the same idempotency key, returns that one and
     * starts nothing.
     *
     * @throws DomainException 409 {@code release.version-exists} when the workflow already has a
     *         release of that name (the message suggests the next free one; the deployment is
     *         recorded as failed); 409 {@code publish.unchanged} when the command does not allow a
     *         definition identical to a live release and it is one (recorded as failed too); 503 {@code publish.busy} when the executor refuses more work
     */
    public Deployment start(PublishCommand command) {
        Deployment initial = Deployment.start(DeploymentId.newId(), command.ref(), command.versionName(),
                command.strategy(), command.by(), clock.instant(), command.idempotencyKey());
        Deployment stored = deploymentStore.createDeployment(initial);
        if (!stored.id().equals(initial.id())) {
            return stored;
        }
        Optional<DomainException> taken = versionTaken(command).or(() -> unchanged(command));
        if (taken.isPresent()) {
            DomainException e = taken.get();
            new Run(command, stored).fail(new DeploymentFailure(DeploymentStep.VALIDATE, e.code(), e.getMessage(),
                    e.hint(), null));
            throw e;
        }
        if (worker != null) {
            try {
                worker.dispatch(stored.id(), command);
            } catch (DomainException e) {
                new Run(command, stored).fail(new DeploymentFailure(DeploymentStep.VALIDATE, e.code(), e.getMessage(),
                        e.hint(), null));
                throw e;
            }
            return stored;
        }
        CompletableFuture<Deployment> finished = new CompletableFuture<>();
        running.put(stored.id(), finished);
        Run run = new Run(command, stored);
        try {
            executor.execute(() -> {
                Deployment end = run.execute();
                running.remove(stored.id());
                finished.complete(end);
            });
        } catch (RejectedExecutionException e) {
            running.remove(stored.id());
            Deployment refused = run.fail(new DeploymentFailure(DeploymentStep.VALIDATE, "publish.busy",
                    "The platform is running too many publishes to start another", "Publish again in a few seconds.", null));
            finished.complete(refused);
            throw DomainException.unavailable("publish.busy", "Too many publishes are running to start another",
                    "Publish again in a few seconds.", e);
        }
        return stored;
    }

    /**
     * Runs the steps of a publish that {@link #start} recorded and handed to a
     * {@link DeploymentWorker}, on the calling thread, and returns the finished deployment. A
     * deployment that has already started a step or finished is returned as it is and nothing
     * runs again, so a worker invoked twice for the same publish (an asynchronous retry) is harmless.
     *
     * @throws DomainException 404 {@code deployment.not-found}
     */
    public Deployment runDispatched(DeploymentId id, PublishCommand command) {
        Deployment stored = status(id).deployment();
        if (stored.isFinished() || !stored.steps().isEmpty()) {
            return stored;
        }
        return new Run(command, stored).execute();
    }

    // Checked before any step runs, so a taken name is a 409 at once rather than a failed
    // deployment to follow; the store's unique constraint still settles a race between two publishes.
    private Optional<DomainException> versionTaken(PublishCommand command) {
        Optional<Release> holder = catalogue.releaseByVersion(command.ref(), command.versionName());
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        boolean failed = !RoutableReleases.load(routingStore, command.ref()).routable(holder.get().id());
        return Optional.of(new VersionExistsException(command.ref(), command.versionName(),
                catalogue.releases(command.ref()).stream().map(Release::versionName).toList(), failed, null));
    }

    /**
     * Unless the command allows it, a definition identical (same canonical sha256) to a release
     * that serves traffic now is refused: publishing it would add a release that changes nothing.
     * A definition that does not parse is left to the VALIDATE step to report.
     */
    private Optional<DomainException> unchanged(PublishCommand command) {
        if (command.allowUnchanged()) {
            return Optional.empty();
        }
        String sha;
        try {
            sha = CanonicalJson.sha256(parser.readTree(command.definitionJson()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        RoutingConfig routing = routingStore.routing(command.ref());
        return routing.weights().stream().filter(w -> w.weight() > 0)
                .flatMap(w -> catalogue.release(w.releaseId()).filter(r -> r.sha256().equals(sha))
                        .map(r -> DomainException.conflict("publish.unchanged",
                                "The document is identical to " + r.versionName() + ", which serves " + w.weight()
                                        + "% of " + command.ref() + " (same sha256 " + sha.substring(0, 12)
                                        + "...): publishing it would change nothing",
                                "Change the workflow before publishing it, or publish it anyway with"
                                        + " \"allowUnchanged\": true (wfp publish --allow-unchanged).")).stream())
                .findFirst();
    }

    /**
     * The deployment's progress, percentage and ETA.
     *
     * @throws DomainException 404 {@code deployment.not-found}
     */
    public DeploymentStatus status(DeploymentId id) {
        Deployment deployment = deploymentStore.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
        return DeploymentStatus.of(deployment, durations, podStart(deployment), clock.instant());
    }

    /** The most deployments one call of {@link #recentDeployments} lists. */
    public static final int MAX_RECENT_DEPLOYMENTS = 100;

    /**
     * The workflow's latest deployments, newest first, whatever their state, each with its
     * progress as {@link #status} gives it.
     *
     * @throws DomainException 400 {@code deployment.invalid-limit} unless 1 to {@value #MAX_RECENT_DEPLOYMENTS}
     */
    public List<DeploymentStatus> recentDeployments(WorkflowRef ref, int limit) {
        if (limit < 1 || limit > MAX_RECENT_DEPLOYMENTS) {
            throw DomainException.badRequest("deployment.invalid-limit", "A limit of " + limit + " deployments is out of range",
                    "Ask for 1 to " + MAX_RECENT_DEPLOYMENTS + " deployments.");
        }
        Instant now = clock.instant();
        return deploymentStore.recentDeployments(ref, limit).stream()
                .map(d -> DeploymentStatus.of(d, durations, podStart(d), now)).toList();
    }

    /** How the deployment found (or is expected to find) its user's pod; cold when unknown. */
    private PodStart podStart(Deployment deployment) {
        PodStart known = podStarts.get(deployment.id());
        return known != null ? known : lastPodStart.getOrDefault(deployment.ref().user(), PodStart.COLD);
    }

    /**
     * Completes with the finished deployment: when it finishes, if this service runs it, or at
     * once with the stored deployment otherwise.
     *
     * @throws DomainException 404 {@code deployment.not-found}
     */
    public CompletableFuture<Deployment> finished(DeploymentId id) {
        CompletableFuture<Deployment> future = running.get(id);
        if (future != null) {
            return future;
        }
        return CompletableFuture.completedFuture(status(id).deployment());
    }

    /** The recent step durations behind the ETA, cold and warm pod starts apart. */
    public StepDurations durations() {
        return durations;
    }

    /** Thrown inside a run to end it with a failure of the current step. */
    private static final class StepFailed extends RuntimeException {
        private final DeploymentFailure failure;

        StepFailed(DeploymentFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    @FunctionalInterface
    private interface StepWork {
        void run();
    }

    /** One publish, from the first step to the last; confined to one thread. */
    private final class Run {
        private final PublishCommand command;
        private Deployment deployment;
        private Workflow workflow;
        private String reportJson;
        private Release release;
        private PodEndpoint pod;
        private boolean sentToPod;

        Run(PublishCommand command, Deployment deployment) {
            this.command = command;
            this.deployment = deployment;
        }

        Deployment execute() {
            try {
                step(DeploymentStep.VALIDATE, this::validate);
                checkPodStart();
                step(DeploymentStep.SNAPSHOT, this::snapshot);
                step(DeploymentStep.ENSURE_POD, () -> pod = pods.ensurePod(command.ref().user()));
                step(DeploymentStep.LOAD, this::load);
                step(DeploymentStep.HEALTH_CHECK, this::healthCheck);
                route();
                return deployment;
            } catch (StepFailed f) {
                return fail(f.failure);
            } catch (RuntimeException e) {
                // The store failed while recording progress: report what we can.
                return fail(failureOf(deployment.currentStep(), e));
            }
        }

        /**
         * Whether the user's pod runs now, which decides the durations the estimate uses. Asked
         * after validation, so a refused document never reaches the pods.
         */
        private void checkPodStart() {
            PodStart start;
            try {
                start = pods.health(command.ref().user()).healthy() ? PodStart.WARM : PodStart.COLD;
            } catch (RuntimeException notRunning) {
                start = PodStart.COLD;
            }
            podStarts.put(deployment.id(), start);
            lastPodStart.put(command.ref().user(), start);
        }

        private PodStart podStart() {
            return PublishService.this.podStart(deployment);
        }

        private void step(DeploymentStep step, StepWork work) {
            Instant started = clock.instant();
            deployment = deploymentStore.updateDeployment(deployment.stepStarted(step, started));
            progress(step, StepOutcome.RUNNING);
            try {
                work.run();
            } catch (StepFailed f) {
                throw f;
            } catch (RuntimeException e) {
                throw new StepFailed(failureOf(step, e));
            }
            Instant ended = clock.instant();
            durations.record(podStart(), step, Duration.between(started, ended));
            deployment = deploymentStore.updateDeployment(deployment.stepSucceeded(ended));
            progress(step, StepOutcome.SUCCEEDED);
        }

        private void validate() {
            workflow = parser.parse(command.definitionJson());
            ValidationReport report = validator.apply(workflow);
            reportJson = toJson(report);
            if (!report.valid()) {
                Finding first = report.errors().getFirst();
                int count = report.errors().size();
                throw new StepFailed(new DeploymentFailure(DeploymentStep.VALIDATE, "publish.validation-failed",
                        count + " validation error" + (count == 1 ? "" : "s") + ", first: "
                                + (first.nodeId() == null ? "" : "node '" + first.nodeId() + "': ") + first.message(),
                        "Fix the errors listed in the report and publish again; warnings do not block publishing.",
                        reportJson));
            }
        }

        private void snapshot() {
            release = catalogue.createRelease(NewRelease.of(command.ref(), command.versionName(), command.notes(),
                    CanonicalJson.of(workflow.document()), reportJson, command.by(), clock.instant()));
            deployment = deployment.withRelease(release.id());
        }

        private void load() {
            sentToPod = true;
            String confirmed = pods.load(command.ref().user(), release.id(), command.ref().workflow(),
                    release.versionName(), release.definition());
            if (!release.sha256().equals(confirmed)) {
                throw new StepFailed(new DeploymentFailure(DeploymentStep.LOAD, "pod.sha-mismatch",
                        "The pod confirmed sha256 " + confirmed + " but release " + release.versionName() + " has "
                                + release.sha256(),
                        "The definition changed on its way to the pod; publish again, and restart the pod if it repeats.",
                        null));
            }
        }

        private void healthCheck() {
            PodHealth health = pods.health(command.ref().user());
            if (!health.healthy()) {
                throw new StepFailed(new DeploymentFailure(DeploymentStep.HEALTH_CHECK, "pod.unhealthy",
                        "The production pod is not healthy: " + health.detail(),
                        "Check the pod's log; publishing again restarts a stopped pod.", null));
            }
            if (!health.loaded().contains(release.id())) {
                throw new StepFailed(new DeploymentFailure(DeploymentStep.HEALTH_CHECK, "pod.release-missing",
                        "The production pod does not hold release " + release.versionName() + " after loading it",
                        "Publish again; if it repeats the pod may be restarting, check its log.", null));
            }
            Optional<String> example = TriggerExample.of(workflow.document());
            if (example.isPresent()) {
                DryRun.Result result = dryRun.run(pod, release.id(), example.get());
                if (!result.succeeded()) {
                    String body = result.body() == null ? "" : result.body();
                    throw new StepFailed(new DeploymentFailure(DeploymentStep.HEALTH_CHECK, "publish.dry-run-failed",
                            "The trigger's example answered " + result.status() + " instead of 2xx: "
                                    + (body.length() > BODY_EXCERPT ? body.substring(0, BODY_EXCERPT) + "..." : body),
                            "Run the workflow with its example input in the designer, fix what fails, and publish again.",
                            null));
                }
            }
        }

        private void route() {
            DeploymentStep step = DeploymentStep.ROUTE;
            Instant started = clock.instant();
            deployment = deploymentStore.updateDeployment(deployment.stepStarted(step, started));
            progress(step, StepOutcome.RUNNING);
            for (int attempt = 1; ; attempt++) {
                try {
                    RoutingConfig current = routingStore.routing(command.ref());
                    PublishStrategy applied = RoutingPlanner.effectiveStrategy(current, command.strategy());
                    RoutingConfig planned = RoutingPlanner.plan(current, release.id(), command.strategy());
                    Instant ended = clock.instant();
                    Deployment succeeded = deployment.stepSucceeded(ended).succeeded();
                    String why = "publish " + release.versionName() + " (" + applied.text()
                            + (applied.equals(command.strategy()) ? "" : ", first release takes all traffic") + ")";
                    RoutingConfig stored = deploymentStore.commitPublish(new PublishCommit(succeeded, current.revision(), planned, why));
                    deployment = succeeded;
                    durations.record(podStart(), step, Duration.between(started, ended));
                    progress(step, StepOutcome.SUCCEEDED);
                    events.publish(new DomainEvent.TrafficChanged(command.ref(), ended, stored, command.by(), why));
                    events.publish(new DomainEvent.Published(command.ref(), ended, deployment.id(), release.id(),
                            release.versionName(), applied, stored.revision()));
                    return;
                } catch (DomainException e) {
                    if (!(e instanceof StaleRoutingException) || attempt >= ROUTE_ATTEMPTS) {
                        throw new StepFailed(failureOf(step, e));
                    }
                } catch (RuntimeException e) {
                    throw new StepFailed(failureOf(step, e));
                }
            }
        }

        Deployment fail(DeploymentFailure failure) {
            if (release != null) {
                // The release exists from the snapshot on and is immutable: its name stays taken,
                // so "publish again" must name a new version to be true.
                String next;
                try {
                    next = "'" + VersionSuggester.next(catalogue.releases(command.ref()).stream()
                            .map(Release::versionName).toList()) + "'";
                } catch (RuntimeException storeDown) {
                    next = "a new version name";
                }
                failure = new DeploymentFailure(failure.step(), failure.code(), failure.message(),
                        (failure.hint().isEmpty() ? "" : failure.hint() + " ") + "Release " + release.versionName()
                                + " is marked failed and never takes traffic; its version name stays taken, so publish"
                                + " again as " + next + ".", failure.details());
            }
            Instant at = clock.instant();
            deployment = deployment.failed(failure, at);
            try {
                deployment = deploymentStore.updateDeployment(deployment);
            } catch (DomainException e) {
                // The store is down or the deployment was already closed; startup marks it failed.
            }
            if (sentToPod) {
                try {
                    pods.unload(command.ref().user(), release.id());
                } catch (RuntimeException e) {
                    // The release is not routed, so a copy left in the pod serves nothing.
                }
            }
            events.publish(new DomainEvent.DeploymentProgress(command.ref(), at, deployment.id(), failure.step(),
                    StepOutcome.FAILED, DeploymentStatus.of(deployment, durations, podStart(), at).percentDone(), 0));
            events.publish(new DomainEvent.DeploymentFailed(command.ref(), at, deployment.id(), failure));
            return deployment;
        }

        private void progress(DeploymentStep step, StepOutcome outcome) {
            Instant now = clock.instant();
            DeploymentStatus status = DeploymentStatus.of(deployment, durations, podStart(), now);
            events.publish(new DomainEvent.DeploymentProgress(command.ref(), now, deployment.id(), step, outcome,
                    status.percentDone(), status.etaMs()));
        }
    }

    private static DeploymentFailure failureOf(DeploymentStep step, RuntimeException e) {
        if (e instanceof DomainException d) {
            return new DeploymentFailure(step, d.code(), d.getMessage(), d.hint(), null);
        }
        return new DeploymentFailure(step, "publish.internal-error",
                "Step " + step + " failed unexpectedly: " + e,
                "Publish again; if it repeats, report this message.", null);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A value could not be written as JSON", e);
        }
    }
}
