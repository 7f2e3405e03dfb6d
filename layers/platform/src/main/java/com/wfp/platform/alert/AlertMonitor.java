package com.wfp.platform.alert;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.pod.PodSummary;
import com.wfp.platform.port.AlertStore;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges every workflow's {@link AlertRules} against its production figures and fires or resolves
 * its alerts, each change published as an {@link DomainEvent.AlertFired} or
 * {@link DomainEvent.AlertResolved} event. A condition that keeps holding keeps its one alert
 * (the store refuses a second of the same kind), so a flapping threshold does not page twice
 * while it fires. Rules are created with their defaults when a workflow is first published.
 */
public final class AlertMonitor {

    /** A condition found by one evaluation: which release and why, or nothing. */
    private record Finding(ReleaseId releaseId, String version, String reason) {
    }

    private static final Set<String> DOWN_STATES = Set.of("unreachable", "restarting");

    private final AlertStore alerts;
    private final ReleaseMetrics metrics;
    private final WorkflowCalls calls;
    private final RoutingStore routing;
    private final ReleaseCatalogue releases;
    private final PodFleet pods;
    private final EventBus events;
    private final Clock clock;
    private volatile String lastFailure = "";

    /** How many production calls a workflow had in a span, for the no-calls rule. */
    @FunctionalInterface
    public interface WorkflowCalls {
        long calls(WorkflowRef ref, Instant from, Instant to);
    }

    private volatile java.util.function.Consumer<AlertRules> rulesSet = rules -> { };

    /**
     * @param metrics   the per-second windows of each release's forwarded calls
     * @param telemetry the minute metrics the no-calls rule counts calls in
     * @param pods      the pods' states, or null where the host has no view of them
     */
    public AlertMonitor(AlertStore alerts, ReleaseMetrics metrics, TelemetryStore telemetry, RoutingStore routing,
                        ReleaseCatalogue releases, PodFleet pods, EventBus events, Clock clock) {
        this(alerts, metrics, (ref, from, to) -> telemetry.minutes(ref, from, to).stream()
                .mapToLong(MinuteMetrics::calls).sum(), routing, releases, pods, events, clock);
    }

    /**
     * A monitor counting calls for the no-calls rule with {@code calls}: a host whose release metrics
     * reach back as far as the longest no-calls window (CloudWatch on AWS).
     */
    public static AlertMonitor countingCallsWith(WorkflowCalls calls, AlertStore alerts, ReleaseMetrics metrics,
                                                 RoutingStore routing, ReleaseCatalogue releases, PodFleet pods,
                                                 EventBus events, Clock clock) {
        return new AlertMonitor(alerts, metrics, calls, routing, releases, pods, events, clock);
    }

    private AlertMonitor(AlertStore alerts, ReleaseMetrics metrics, WorkflowCalls calls, RoutingStore routing,
                         ReleaseCatalogue releases, PodFleet pods, EventBus events, Clock clock) {
        this.alerts = alerts;
        this.metrics = metrics;
        this.calls = calls;
        this.routing = routing;
        this.releases = releases;
        this.pods = pods;
        this.events = events;
        this.clock = clock;
    }

    /** Creates the default rules at a workflow's first publish; call with every domain event. */
    public void onEvent(DomainEvent event) {
        if (event instanceof DomainEvent.Published published) {
            alerts.saveRulesIfAbsent(AlertRules.defaults(published.ref(), published.at()));
        }
    }

    /** The workflow's rules: the stored ones, or the defaults it would get. */
    public AlertRules rules(WorkflowRef ref) {
        return alerts.rules(ref).orElseGet(() -> AlertRules.defaults(ref, clock.instant()));
    }

    /** Replaces the workflow's rules; they are judged from the next evaluation on. */
    public AlertRules setRules(AlertRules rules) {
        alerts.saveRules(rules);
        try {
            rulesSet.accept(rules);
        } catch (RuntimeException e) {
            // The rules are saved; whatever follows them (alarms on AWS) catches up at the next routing change.
            lastFailure = rules.ref().path() + ": " + e.getMessage();
        }
        return rules;
    }

    /** Tells {@code listener} of every rules change made through {@link #setRules}, after it is saved. */
    public AlertMonitor onRulesSet(java.util.function.Consumer<AlertRules> listener) {
        this.rulesSet = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Alerts newest first, of one workflow or (null) of all. */
    public List<Alert> alerts(WorkflowRef ref, int limit) {
        return alerts.alerts(ref, limit);
    }

    /**
     * Judges every workflow's rules once. A workflow whose figures cannot be read keeps its alerts
     * as they are until the next evaluation.
     */
    public void evaluateAll() {
        List<PodSummary> podStates;
        try {
            podStates = pods == null ? List.of() : pods.pods();
        } catch (RuntimeException e) {
            // Unknown pod states judge no pod down either way: the other rules are still judged.
            podStates = null;
            lastFailure = "pods: " + e.getMessage();
        }
        for (AlertRules rules : alerts.allRules()) {
            try {
                evaluate(rules, podStates);
            } catch (RuntimeException e) {
                // One workflow's unreadable figures must not keep the others from being judged.
                lastFailure = rules.ref().path() + ": " + e.getMessage();
            }
        }
    }

    /** The window health figures cover. */
    public static final Duration HEALTH_WINDOW = Duration.ofMinutes(5);
    /**
     * How the workflow is doing: failing or degraded while its alerts fire (the reason is theirs),
     * else idle or healthy by its calls over the last {@link #HEALTH_WINDOW}.
     */
    public WorkflowHealth health(WorkflowRef ref) {
        Instant now = clock.instant();
        List<Alert> firing = alerts.firing().stream().filter(a -> a.ref().equals(ref)).toList();
        long calls = 0;
        long errors = 0;
        double p95 = 0;
        for (Release release : releases.releases(ref)) {
            WindowStats stats = metrics.stats(release.id(), now.minus(HEALTH_WINDOW), now);
            calls += stats.requests();
            errors += stats.errors();
            p95 = Math.max(p95, stats.p95Ms());
        }
        List<Alert> failing = firing.stream()
                .filter(a -> a.kind() == AlertKind.ERROR_RATE || a.kind() == AlertKind.POD_DOWN).toList();
        WorkflowHealth.State state;
        String reason;
        if (!failing.isEmpty()) {
            state = WorkflowHealth.State.FAILING;
            reason = reasons(failing);
        } else if (!firing.isEmpty()) {
            state = WorkflowHealth.State.DEGRADED;
            reason = reasons(firing);
        } else if (calls == 0) {
            state = WorkflowHealth.State.IDLE;
            reason = "no calls in the last " + human(HEALTH_WINDOW);
        } else {
            state = WorkflowHealth.State.HEALTHY;
            reason = String.format(Locale.ROOT, "%d calls, %.1f%% errors, p95 %.0f ms over the last %s: no alert fires",
                    calls, 100.0 * errors / calls, p95, human(HEALTH_WINDOW));
        }
        return new WorkflowHealth(ref, state, reason, HEALTH_WINDOW, calls, errors, p95, firing);
    }

    private static String reasons(List<Alert> alerts) {
        return String.join("; ", alerts.stream().map(a -> a.kind().label() + ": " + a.reason()
                + (a.version().isEmpty() ? "" : " (" + a.version() + ")")).toList());
    }

    /** Why the last workflow that could not be judged could not, or empty. */
    public String lastFailure() {
        return lastFailure;
    }

    private void evaluate(AlertRules rules, List<PodSummary> podStates) {
        Instant now = clock.instant();
        RoutingConfig route = routing.routing(rules.ref());
        Map<AlertKind, Optional<Finding>> findings = new EnumMap<>(AlertKind.class);
        findings.put(AlertKind.ERROR_RATE, errorRate(rules, now));
        findings.put(AlertKind.P95_LATENCY, p95(rules, now));
        if (podStates != null) {
            findings.put(AlertKind.POD_DOWN, podDown(rules, route, podStates));
        }
        findings.put(AlertKind.NO_CALLS, noCalls(rules, route, now));
        findings.forEach((kind, finding) -> {
            if (finding.isPresent()) {
                Finding f = finding.get();
                alerts.fire(new Alert("new", rules.ref(), kind, f.releaseId(), f.version(), f.reason(), now, null, null))
                        .ifPresent(fired -> events.publish(new DomainEvent.AlertFired(fired.ref(), now, fired)));
            } else {
                alerts.resolve(rules.ref(), kind, now, resolution(kind, rules))
                        .ifPresent(resolved -> events.publish(new DomainEvent.AlertResolved(resolved.ref(), now, resolved)));
            }
        });
    }

    private Optional<Finding> errorRate(AlertRules rules, Instant now) {
        if (rules.maxErrorRatePercent() >= 100) {
            return Optional.empty();
        }
        Finding worst = null;
        double worstRate = -1;
        for (Release release : releases.releases(rules.ref())) {
            WindowStats stats = metrics.stats(release.id(), now.minus(rules.errorRateWindow()), now);
            double rate = stats.errorRate() * 100;
            if (stats.requests() >= rules.minCalls() && rate > rules.maxErrorRatePercent() && rate > worstRate) {
                worstRate = rate;
                worst = new Finding(release.id(), release.versionName(), String.format(Locale.ROOT,
                        "error rate %.1f%% over the last %s (%d of %d calls) is above %s%%", rate,
                        human(rules.errorRateWindow()), stats.errors(), stats.requests(),
                        plain(rules.maxErrorRatePercent())));
            }
        }
        return Optional.ofNullable(worst);
    }

    private Optional<Finding> p95(AlertRules rules, Instant now) {
        if (rules.maxP95Ms() == 0) {
            return Optional.empty();
        }
        Finding worst = null;
        double worstP95 = -1;
        for (Release release : releases.releases(rules.ref())) {
            WindowStats stats = metrics.stats(release.id(), now.minus(rules.p95Window()), now);
            if (stats.requests() >= rules.minCalls() && stats.p95Ms() > rules.maxP95Ms() && stats.p95Ms() > worstP95) {
                worstP95 = stats.p95Ms();
                worst = new Finding(release.id(), release.versionName(), String.format(Locale.ROOT,
                        "p95 latency %.0f ms over the last %s (%d calls) is above %d ms", stats.p95Ms(),
                        human(rules.p95Window()), stats.requests(), rules.maxP95Ms()));
            }
        }
        return Optional.ofNullable(worst);
    }

    private static Optional<Finding> podDown(AlertRules rules, RoutingConfig route, List<PodSummary> podStates) {
        if (!rules.podDown() || route.weights().isEmpty()) {
            return Optional.empty();
        }
        for (PodSummary pod : podStates) {
            if (pod.user().equals(rules.ref().user()) && "production".equals(pod.kind())
                    && DOWN_STATES.contains(pod.state())) {
                return Optional.of(new Finding(null, "", "the production pod of " + rules.ref().user() + " is "
                        + pod.state() + " (" + pod.restarts() + " restarts)"));
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> noCalls(AlertRules rules, RoutingConfig route, Instant now) {
        if (rules.noCallsWindow().isZero() || route.weights().stream().mapToInt(RouteWeight::weight).sum() == 0) {
            return Optional.empty();
        }
        Instant from = now.minus(rules.noCallsWindow()).truncatedTo(ChronoUnit.MINUTES);
        // A workflow routed more recently than the window has not had the chance to be called.
        Instant routedAt = routing.routingHistory(rules.ref()).stream().findFirst()
                .map(change -> change.at()).orElse(Instant.EPOCH);
        if (routedAt.isAfter(from)) {
            return Optional.empty();
        }
        long calls = this.calls.calls(rules.ref(), from, now.plusSeconds(60));
        return calls > 0 ? Optional.empty() : Optional.of(new Finding(null, "",
                "no calls for " + human(rules.noCallsWindow()) + " while the workflow serves traffic"));
    }

    private static String resolution(AlertKind kind, AlertRules rules) {
        return switch (kind) {
            case ERROR_RATE -> "error rate back at or under " + plain(rules.maxErrorRatePercent()) + "% (or under "
                    + rules.minCalls() + " calls) over the last " + human(rules.errorRateWindow());
            case P95_LATENCY -> "p95 back at or under " + rules.maxP95Ms() + " ms over the last " + human(rules.p95Window());
            case POD_DOWN -> "the production pod answers again (or the workflow serves no traffic)";
            case NO_CALLS -> "calls again";
        };
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String plain(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
