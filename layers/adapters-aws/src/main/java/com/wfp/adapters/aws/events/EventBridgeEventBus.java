package com.wfp.adapters.aws.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.event.DomainEventJson;
import com.wfp.platform.port.EventBus;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The AWS {@link EventBus}: every event published here goes to one EventBridge bus, where rules
 * carry it to the other consumers (queues, functions, other hosts), and to the listeners
 * subscribed in this process, so that a single host behaves as it does with the local bus.
 *
 * <p><b>What is sent.</b> One {@code PutEvents} entry per event: source {@value #SOURCE},
 * detail type the event's type ({@code TrafficChanged}...), detail the event's
 * {@link DomainEventJson} form, time the event's time, no resources. A rule that matches
 * {@code {"source":["wfp"]}} receives them all; {@code "detail-type"} selects kinds, and the
 * detail's fields ({@code detail.ref.user}...) anything finer. Consumers decode what EventBridge
 * delivers with {@link #readDelivered}. EventBridge does not keep the order of events toward a
 * target; consumers that care order by {@code at} or by the routing revision.
 *
 * <p><b>Failures propagate.</b> {@link #publish} throws when EventBridge did not take the event,
 * so that the caller decides whether a missed notification matters (a routing change must reach
 * other hosts' caches; a progress event need not): 503 {@code events.unavailable} for throttling,
 * outages, refused permissions and a missing bus, 422 {@code events.too-large} for an event whose
 * entry would exceed EventBridge's limit (nothing is sent then), 500 {@code events.rejected} for a
 * request EventBridge refuses as malformed. Entries that fail for a transient reason are tried
 * {@value #ATTEMPTS} times in all before that; the SDK already retries throttled requests.
 *
 * <p><b>Listeners of this process</b> receive every event before it is sent, whatever EventBridge
 * then does: the event happened, and this host's own caches must follow even when EventBridge is
 * down. They run on the publisher's thread, one after the other, in subscription order, which
 * keeps each publisher's order without a thread of their own (a Lambda function's threads are
 * frozen between invocations). A listener that throws is counted in {@link #listenerFailures()}
 * and neither fails the publisher nor stops delivery to the others; a slow listener slows its
 * publisher, so listeners only hand events on.
 *
 * <p><b>The bus must exist.</b> EventBridge accepts events for a bus that does not exist and drops
 * them, so the first publication checks the bus with {@code DescribeEventBus} and fails with
 * {@code events.unavailable} naming it when it is missing. The platform's role needs
 * {@code events:PutEvents} and {@code events:DescribeEventBus} on the bus.
 */
public final class EventBridgeEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeEventBus.class);

    /** The source of every event the platform publishes. */
    public static final String SOURCE = "wfp";
    /** EventBridge takes entries smaller than 256 KB, sized as {@link #entrySize} does. */
    public static final int MAX_ENTRY_BYTES = 256 * 1024;
    /** Attempts per event when EventBridge fails the entry for a transient reason. */
    static final int ATTEMPTS = 3;

    private static final int TIME_BYTES = 14;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient client;
    private final String busName;
    private final EventBridgeErrors errors;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile boolean busChecked;

    /**
     * @param client  an EventBridge client; the bus does not close it
     * @param busName the name (or ARN) of an existing bus
     */
    public EventBridgeEventBus(EventBridgeClient client, String busName) {
        this.client = Objects.requireNonNull(client, "client");
        if (busName == null || busName.isBlank()) {
            throw new IllegalArgumentException("An EventBridge bus name is required");
        }
        this.busName = busName;
        this.errors = new EventBridgeErrors(busName);
    }

    /**
     * Creates the bus unless it exists, for tests and for setting up an account by hand.
     *
     * @return the bus's ARN
     * @throws DomainException 503 {@code events.unavailable} when EventBridge fails
     */
    public static String createBus(EventBridgeClient client, String name) {
        EventBridgeErrors errors = new EventBridgeErrors(name);
        try {
            return client.createEventBus(b -> b.name(name)).eventBusArn();
        } catch (ResourceAlreadyExistsException exists) {
            try {
                return client.describeEventBus(b -> b.name(name)).arn();
            } catch (SdkException e) {
                throw errors.translate("describe the bus", e);
            }
        } catch (SdkException e) {
            throw errors.translate("create the bus", e);
        }
    }

    /**
     * The domain event in an event as EventBridge delivers it to a target (the body of an SQS
     * message, the input of a Lambda function): the envelope with {@code source},
     * {@code detail-type} and the {@code detail} object.
     *
     * @throws DomainException 400 when the text is not such an envelope, comes from another
     *                         source, or its detail is not a valid event (see {@link DomainEventJson#read})
     */
    public static DomainEvent readDelivered(String envelope) {
        JsonNode root;
        try {
            root = envelope == null ? null : JSON.readTree(envelope);
        } catch (JsonProcessingException e) {
            throw new DomainException("events.invalid-json", 400,
                    "A delivered EventBridge event is not valid JSON: " + e.getOriginalMessage(),
                    "Pass the message body or function input exactly as EventBridge delivered it.", e);
        }
        if (root == null || !root.isObject() || !root.path("detail").isObject()) {
            throw new DomainException("events.invalid-event", 400,
                    "A delivered EventBridge event must be a JSON object with a 'detail' object",
                    "Pass the message body or function input exactly as EventBridge delivered it, without an"
                            + " input transformer on the rule's target.");
        }
        String source = root.path("source").asText("");
        if (!SOURCE.equals(source)) {
            throw new DomainException("events.foreign-event", 400,
                    "A delivered EventBridge event comes from source '" + source + "', not '" + SOURCE + "'",
                    "Give the rule the event pattern {\"source\":[\"" + SOURCE + "\"]} so that only the platform's"
                            + " events reach this consumer.");
        }
        DomainEvent event = DomainEventJson.read(root.path("detail").toString());
        String detailType = root.path("detail-type").asText("");
        if (!detailType.equals(DomainEventJson.type(event))) {
            throw new DomainException("events.invalid-event", 400,
                    "A delivered EventBridge event has detail type '" + detailType + "' but carries a "
                            + DomainEventJson.type(event) + " event",
                    "Publish events only through EventBridgeEventBus, which keeps the two the same.");
        }
        return event;
    }

    /** The bus events are sent to. */
    public String busName() {
        return busName;
    }

    /** How many deliveries to a listener of this process ended with an exception. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /**
     * Hands the event to this process's listeners, then sends it to EventBridge.
     *
     * @throws DomainException when EventBridge did not take the event; the listeners have it
     */
    @Override
    public void publish(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        String type = DomainEventJson.type(event);
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(type)
                .detail(DomainEventJson.write(event))
                .time(event.at())
                .build();
        deliverHere(event);
        send(entry, "publish a " + type + " event");
    }

    /** Registers a listener of this process; it receives the events published here. */
    @Override
    public Subscription subscribe(Consumer<DomainEvent> listener) {
        Listener registered = new Listener(Objects.requireNonNull(listener, "listener"));
        listeners.add(registered);
        return registered;
    }

    /** The size EventBridge counts for an entry against {@link #MAX_ENTRY_BYTES}. */
    static int entrySize(PutEventsRequestEntry entry) {
        int size = entry.time() == null ? 0 : TIME_BYTES;
        size += utf8Length(entry.source()) + utf8Length(entry.detailType()) + utf8Length(entry.detail());
        for (String resource : entry.resources()) {
            size += utf8Length(resource);
        }
        return size;
    }

    private void deliverHere(DomainEvent event) {
        for (Listener listener : listeners) {
            if (listener.closed) {
                continue;
            }
            try {
                listener.consumer.accept(event);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                LOG.warn("a listener failed on a {} event; the others still get it", event.getClass().getSimpleName(), e);
            }
        }
    }

    private void send(PutEventsRequestEntry entry, String action) {
        int size = entrySize(entry);
        if (size >= MAX_ENTRY_BYTES) {
            throw DomainException.unprocessable("events.too-large",
                    "Could not " + action + ": its EventBridge entry is " + size + " bytes, and EventBridge takes"
                            + " entries smaller than " + MAX_ENTRY_BYTES + " bytes (256 KB); nothing was sent",
                    "Keep what the event carries small: the validation details of a failed deployment and the"
                            + " reason of a traffic change are the usual culprits; shorten them before publishing.");
        }
        checkBus();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            PutEventsResponse response;
            try {
                response = client.putEvents(r -> r.entries(entry));
            } catch (ResourceNotFoundException e) {
                busChecked = false;
                throw errors.translate(action, e);
            } catch (SdkException e) {
                throw errors.translate(action, e);
            }
            Integer failed = response.failedEntryCount();
            if (failed == null || failed == 0) {
                return;
            }
            PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().getFirst();
            if (!EventBridgeErrors.isTransient(result) || attempt >= ATTEMPTS) {
                throw errors.failedEntry(action, result);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Fails when the bus does not exist; EventBridge itself would drop the events without a word. */
    private void checkBus() {
        if (busChecked) {
            return;
        }
        try {
            client.describeEventBus(b -> b.name(busName));
        } catch (ResourceNotFoundException e) {
            throw errors.missingBus(e);
        } catch (SdkException e) {
            throw errors.translate("check that the bus exists", e);
        }
        busChecked = true;
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("events.unavailable", "Interrupted while waiting to publish an event again",
                    "Retry the request.", e);
        }
    }

    private final class Listener implements Subscription {
        private final Consumer<DomainEvent> consumer;
        private volatile boolean closed;

        Listener(Consumer<DomainEvent> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void close() {
            closed = true;
            listeners.remove(this);
        }
    }
}
