package com.wfp.platform.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.port.ChannelStore;
import com.wfp.platform.port.DeliveryQueue;
import com.wfp.platform.port.WebhookTransport;
import com.wfp.workflow.error.DomainException;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends alerts (fired, resolved) and deployments' ends (published; failed, with the step and
 * reason) to every webhook channel, signed ({@link WebhookSignature}): a failed attempt is retried
 * after each of the backoff delays, and every attempt is logged. With an executor (the local
 * platform) attempts run on its threads, so a slow or failing receiver never holds up the event's
 * publisher. With a {@link DeliveryQueue} instead (a Lambda function, frozen once it answers) the
 * first attempt runs in the publisher's call and each retry waits in the queue until a later call
 * of {@link #sendDue} finds it due.
 */
public final class Notifier {

    /** The delays before the retries: 1 s, 5 s, 30 s, 2 min, 10 min (six attempts in all). */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));
    /** Most channels at once. */
    public static final int MAX_CHANNELS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final ChannelStore channels;
    private final WebhookTransport transport;
    private final ScheduledExecutorService executor;
    private final DeliveryQueue queue;
    private final Clock clock;
    private final List<Duration> backoff;
    private final AtomicLong sequence = new AtomicLong();

    public Notifier(ChannelStore channels, WebhookTransport transport, ScheduledExecutorService executor, Clock clock,
                    List<Duration> backoff) {
        this.channels = channels;
        this.transport = transport;
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
        this.queue = null;
        this.clock = clock;
        this.backoff = List.copyOf(backoff);
    }

    /**
     * A notifier for a host without threads of its own between calls: first attempts are sent in
     * the caller's thread, retries wait in {@code queue} for {@link #sendDue}.
     */
    public Notifier(ChannelStore channels, WebhookTransport transport, DeliveryQueue queue, Clock clock,
                    List<Duration> backoff) {
        this.channels = channels;
        this.transport = transport;
        this.executor = null;
        this.queue = java.util.Objects.requireNonNull(queue, "queue");
        this.clock = clock;
        this.backoff = List.copyOf(backoff);
    }

    /**
     * Sends up to {@code limit} queued retries that are due (a notifier built with a queue; none
     * otherwise). A retry whose channel was removed meanwhile is dropped. Never throws for a
     * receiver's failure, which is logged and queued again while retries remain.
     *
     * @return how many attempts were made
     */
    public int sendDue(int limit) {
        if (queue == null) {
            return 0;
        }
        int sent = 0;
        for (PendingDelivery pending : queue.takeDue(clock.instant(), limit)) {
            Optional<WebhookChannel> channel = channels.channels(pending.project()).stream()
                    .filter(c -> c.id().equals(pending.channelId())).findFirst();
            if (channel.isPresent()) {
                send(new Attempt(channel.get(), pending.deliveryId(), pending.event(), pending.subject(), pending.body(),
                        pending.attempt()));
                sent++;
            }
        }
        return sent;
    }

    /** Adds a platform-wide webhook channel (every project's events). */
    public WebhookChannel addWebhook(String url) {
        return addWebhook(null, url);
    }

    /**
     * Adds a webhook channel with a new secret, which the answer carries this once.
     *
     * @param project the project whose events it gets, or null for every project's (the administrator's)
     * @throws DomainException 409 {@code notify.too-many-channels} past {@value #MAX_CHANNELS} in the scope
     */
    public WebhookChannel addWebhook(ProjectRef project, String url) {
        URI parsed = WebhookChannel.parseUrl(url);
        if (channels.channels(project).size() >= MAX_CHANNELS) {
            throw new DomainException("notify.too-many-channels", 409, "There are " + MAX_CHANNELS + " channels already",
                    "Remove one with `wfp notify remove ID` first.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        WebhookChannel channel = new WebhookChannel(randomId("ch_"), project, parsed,
                "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), clock.instant());
        channels.addChannel(channel);
        return channel;
    }

    /** The channels of a project, or (null) the platform-wide ones. */
    public List<WebhookChannel> channels(ProjectRef project) {
        return channels.channels(project);
    }

    /**
     * Removes a channel of the project (null: a platform-wide one).
     *
     * @throws DomainException 404 {@code notify.unknown-channel}, also for another project's channel
     */
    public WebhookChannel remove(ProjectRef project, String id) {
        return channels.removeChannel(project, id).orElseThrow(() -> new DomainException("notify.unknown-channel", 404,
                "No channel " + abbreviate(id) + (project == null ? " among the platform-wide channels" : " in " + project),
                "List the channels with `wfp notify list`."));
    }

    /** Delivery attempts to the project's channels (null: the platform-wide ones), newest first. */
    public List<Delivery> deliveries(ProjectRef project, int limit) {
        return channels.deliveries(project, null, limit);
    }

    /** Notifies every channel of the events it cares about; call with every domain event. Never throws. */
    public void onEvent(DomainEvent event) {
        Optional<ObjectNode> payload = payload(event);
        if (payload.isEmpty()) {
            return;
        }
        // The platform-wide channels and the event's own project's: never another project's.
        List<WebhookChannel> targets = new java.util.ArrayList<>();
        try {
            targets.addAll(channels.channels(null));
            targets.addAll(channels.channels(new ProjectRef(event.ref().user(), event.ref().project())));
        } catch (RuntimeException e) {
            return;
        }
        for (WebhookChannel channel : targets) {
            // Several hosts (functions on AWS) number their deliveries: the random part keeps the ids apart.
            String deliveryId = "dlv_" + clock.millis() + "_" + sequence.incrementAndGet() + randomId("_").substring(0, 7);
            ObjectNode body = payload.get().deepCopy().put("deliveryId", deliveryId);
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A JSON tree could not be written", e);
            }
            schedule(new Attempt(channel, deliveryId, body.path("event").asText(), event.ref().path(), bytes, 1),
                    Duration.ZERO);
        }
    }

    private record Attempt(WebhookChannel channel, String deliveryId, String event, String subject, byte[] body,
                           int number) {
    }

    private void schedule(Attempt attempt, Duration delay) {
        if (queue != null) {
            if (delay.isZero()) {
                send(attempt);
                return;
            }
            try {
                queue.add(new PendingDelivery(attempt.deliveryId(), attempt.channel().project(), attempt.channel().id(),
                        attempt.event(), attempt.subject(), attempt.body(), attempt.number(), clock.instant().plus(delay)));
            } catch (RuntimeException e) {
                // The queue could not keep the retry: the log shows the failed attempt as the last one.
            }
            return;
        }
        try {
            executor.schedule(() -> send(attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the notification is lost, as the log shows by its missing success.
        }
    }

    private void send(Attempt attempt) {
        Instant at = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(WebhookSignature.EVENT_HEADER, attempt.event());
        headers.put(WebhookSignature.DELIVERY_HEADER, attempt.deliveryId());
        headers.put(WebhookSignature.HEADER, WebhookSignature.sign(attempt.channel().secret(), at.getEpochSecond(),
                attempt.body()));
        int status = 0;
        String error = "";
        try {
            status = transport.post(attempt.channel().url(), headers, attempt.body());
            if (status < 200 || status > 299) {
                error = "answered " + status;
            }
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        boolean delivered = error.isEmpty();
        try {
            channels.recordDelivery(new Delivery(attempt.deliveryId(), attempt.channel().id(), attempt.event(),
                    attempt.subject(), attempt.number(), status, error, at, delivered, attempt.channel().project()));
        } catch (RuntimeException e) {
            // The log is best effort; the delivery itself goes on.
        }
        if (!delivered && attempt.number() <= backoff.size()) {
            schedule(new Attempt(attempt.channel(), attempt.deliveryId(), attempt.event(), attempt.subject(),
                    attempt.body(), attempt.number() + 1), backoff.get(attempt.number() - 1));
        }
    }

    private static Optional<ObjectNode> payload(DomainEvent event) {
        ObjectNode json = JSON.createObjectNode();
        switch (event) {
            case DomainEvent.AlertFired f -> alert(json.put("event", "alert.fired"), f.alert());
            case DomainEvent.AlertResolved r -> alert(json.put("event", "alert.resolved"), r.alert());
            case DomainEvent.Published p -> json.put("event", "deployment.published")
                    .put("deploymentId", p.deploymentId().value()).put("version", p.versionName())
                    .put("releaseId", p.releaseId().value()).put("strategy", p.strategy().text());
            case DomainEvent.DeploymentFailed f -> {
                json.put("event", "deployment.failed").put("deploymentId", f.deploymentId().value());
                json.putObject("failure").put("step", f.failure().step().name().toLowerCase(java.util.Locale.ROOT))
                        .put("code", f.failure().code()).put("message", f.failure().message())
                        .put("hint", f.failure().hint());
            }
            default -> {
                return Optional.empty();
            }
        }
        json.put("workflow", event.ref().path()).put("at", event.at().toString());
        return Optional.of(json);
    }

    private static void alert(ObjectNode json, Alert alert) {
        json.putObject("alert").put("id", alert.id()).put("kind", alert.kind().label()).put("state", alert.state())
                .put("version", alert.version())
                .put("releaseId", alert.releaseId() == null ? null : alert.releaseId().value())
                .put("reason", alert.reason()).put("firedAt", alert.firedAt().toString())
                .put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString())
                .put("resolution", alert.resolution());
    }

    private static String randomId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
