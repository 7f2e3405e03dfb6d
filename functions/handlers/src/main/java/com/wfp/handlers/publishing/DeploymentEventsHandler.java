package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.handlers.http.StreamingHandler;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStatus;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/deployments/{id}/events}: the deployment's progress as server-sent events.
 * Where the host streams and has the domain events (the local gateway), the stream sends the
 * current status first, then a fresh status after each progress event of that deployment, a
 * comment as heartbeat every 15 s, and ends once the deployment has finished. A Lambda function
 * cannot hold a stream open, so there this handler answers one {@code status} event with the
 * current status and, while the deployment runs, a {@code retry} hint: clients reconnect after it
 * (or poll the status route) until an answer comes without one.
 */
public final class DeploymentEventsHandler extends ApiHandler implements StreamingHandler {

    /** The SSE event name of a status document. */
    public static final String STATUS_EVENT = "status";
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int RETRY_MS = 1000;

    private final PublishService publishing;
    private final ProductionUrls urls;
    private final EventBus progress;

    /** A handler answering one status event per request. */
    public DeploymentEventsHandler(ControlServices services) {
        this(services, null);
    }

    /** @param progress the domain events to stream progress from; null to answer one status event per request */
    public DeploymentEventsHandler(ControlServices services, EventBus progress) {
        this.publishing = services.publishing();
        this.urls = services.urls();
        this.progress = progress;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        DeploymentId id = new DeploymentId(request.pathParameter("id"));
        DeploymentStatus current = publishing.status(id);
        String event = (current.deployment().isFinished() ? "" : "retry: " + RETRY_MS + "\n") + sseEvent(status(current));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream");
        headers.put("Cache-Control", "no-cache");
        headers.put(ApiResponses.REQUEST_ID_HEADER, request.requestId());
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(headers).withBody(event)
                .withIsBase64Encoded(false);
    }

    @Override
    public Optional<TextStream> open(ApiRequest request) {
        if (progress == null) {
            return Optional.empty();
        }
        DeploymentId id = new DeploymentId(request.pathParameter("id"));
        BlockingQueue<DomainEvent> mine = new LinkedBlockingQueue<>();
        // Subscribed before the first read, so no step finishing in between goes unnoticed.
        EventBus.Subscription subscription = progress.subscribe(event -> {
            if (concerns(event, id)) {
                mine.add(event);
            }
        });
        DeploymentStatus first;
        try {
            first = publishing.status(id);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        return Optional.of(new TextStream() {
            @Override
            public String contentType() {
                return "text/event-stream;charset=utf-8";
            }

            @Override
            public void writeTo(Sink sink) throws IOException, InterruptedException {
                DeploymentStatus status = first;
                sink.send(sseEvent(status(status)));
                while (!status.deployment().isFinished()) {
                    DomainEvent event = mine.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                    if (event == null) {
                        sink.send(": heartbeat\n\n");
                        status = publishing.status(id);
                        continue;
                    }
                    mine.clear();
                    status = publishing.status(id);
                    sink.send(sseEvent(status(status)));
                }
            }

            @Override
            public void close() {
                subscription.close();
            }
        });
    }

    /** One {@value #STATUS_EVENT} event carrying a JSON document written on one line. */
    public static String sseEvent(String jsonLine) {
        return "event: " + STATUS_EVENT + "\ndata: " + jsonLine + "\n\n";
    }

    private String status(DeploymentStatus status) {
        return ReportJson.write(PublishingJson.status(status, urls));
    }

    private static boolean concerns(DomainEvent event, DeploymentId id) {
        return switch (event) {
            case DomainEvent.DeploymentProgress p -> p.deploymentId().equals(id);
            case DomainEvent.DeploymentFailed f -> f.deploymentId().equals(id);
            case DomainEvent.Published p -> p.deploymentId().equals(id);
            default -> false;
        };
    }
}
