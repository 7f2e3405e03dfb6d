package com.wfp.platform.port;

import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;

/** {@link AlertStore}, {@link ChannelStore} and {@link PodCheckStore} in memory: the fake the domain's tests use. */
public final class InMemoryAlertStore implements AlertStore, ChannelStore, PodCheckStore {

    private final Map<WorkflowRef, AlertRules> rules = new LinkedHashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<WebhookChannel> channels = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, java.util.TreeMap<Instant, long[]>> podChecks = new java.util.HashMap<>();

    @Override
    public synchronized Optional<AlertRules> rules(WorkflowRef ref) {
        return Optional.ofNullable(rules.get(ref));
    }

    @Override
    public synchronized List<AlertRules> allRules() {
        return rules.values().stream().sorted(Comparator.comparing(r -> r.ref().path())).toList();
    }

    @Override
    public synchronized void saveRules(AlertRules r) {
        rules.put(r.ref(), r);
    }

    @Override
    public synchronized boolean saveRulesIfAbsent(AlertRules r) {
        return rules.putIfAbsent(r.ref(), r) == null;
    }

    @Override
    public synchronized Optional<Alert> fire(Alert alert) {
        if (alerts.stream().anyMatch(a -> a.firing() && a.ref().equals(alert.ref()) && a.kind() == alert.kind())) {
            return Optional.empty();
        }
        Alert stored = new Alert("alr_%012d".formatted(alerts.size() + 1), alert.ref(), alert.kind(), alert.releaseId(),
                alert.version(), alert.reason(), alert.firedAt(), null, null);
        alerts.add(stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized Optional<Alert> resolve(WorkflowRef ref, AlertKind kind, Instant at, String resolution) {
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            if (a.firing() && a.ref().equals(ref) && a.kind() == kind) {
                Alert resolved = new Alert(a.id(), ref, kind, a.releaseId(), a.version(), a.reason(), a.firedAt(), at,
                        resolution);
                alerts.set(i, resolved);
                return Optional.of(resolved);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<Alert> firing() {
        return alerts.stream().filter(Alert::firing).toList();
    }

    @Override
    public synchronized List<Alert> alerts(WorkflowRef ref, int limit) {
        return alerts.reversed().stream().filter(a -> ref == null || a.ref().equals(ref)).limit(limit).toList();
    }

    @Override
    public synchronized void addChannel(WebhookChannel channel) {
        channels.add(channel);
    }

    @Override
    public synchronized List<WebhookChannel> channels(ProjectRef scope) {
        return channels.stream().filter(c -> Objects.equals(c.project(), scope)).toList();
    }

    @Override
    public synchronized Optional<WebhookChannel> removeChannel(ProjectRef scope, String id) {
        Optional<WebhookChannel> found = channels.stream()
                .filter(c -> c.id().equals(id) && Objects.equals(c.project(), scope)).findFirst();
        found.ifPresent(channels::remove);
        return found;
    }

    @Override
    public synchronized void recordDelivery(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public synchronized List<Delivery> deliveries(ProjectRef scope, String channelId, int limit) {
        return deliveries.reversed().stream().filter(d -> Objects.equals(d.project(), scope))
                .filter(d -> channelId == null || d.channelId().equals(channelId))
                .limit(limit).toList();
    }

    @Override
    public synchronized void recordPodCheck(String user, Instant at, boolean up) {
        long[] minute = podChecks.computeIfAbsent(user, u -> new java.util.TreeMap<>())
                .computeIfAbsent(at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), m -> new long[2]);
        minute[0]++;
        minute[1] += up ? 1 : 0;
    }

    @Override
    public synchronized List<com.wfp.platform.alert.PodCheckMinute> podChecks(String user, Instant from, Instant to) {
        return podChecks.getOrDefault(user, new java.util.TreeMap<>()).subMap(from, to).entrySet().stream()
                .map(e -> new com.wfp.platform.alert.PodCheckMinute(user, e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    @Override
    public synchronized long purgePodChecks(Instant before) {
        long removed = 0;
        for (java.util.TreeMap<Instant, long[]> minutes : podChecks.values()) {
            java.util.SortedMap<Instant, long[]> old = minutes.headMap(before);
            removed += old.size();
            old.clear();
        }
        return removed;
    }
}
