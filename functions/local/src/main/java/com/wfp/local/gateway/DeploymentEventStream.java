package com.wfp.local.gateway;

import com.wfp.handlers.publishing.DeploymentEventsHandler;
import com.wfp.handlers.datapath.ProductionUrls;
import com.wfp.handlers.publishing.PublishingJson;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStatus;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams a deployment's progress as server-sent events: the current status first, then a fresh
 * status after each progress event of that deployment, a comment as heartbeat every 15 s, and
 * the end of the stream once the deployment has finished. Each stream runs on a virtual thread.
 */
public final class DeploymentEventStream {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final PublishService publishing;
    private final EventBus events;
    private final ProductionUrls urls;

    public DeploymentEventStream(PublishService publishing, EventBus events, ProductionUrls urls) {
        this.publishing = publishing;
        this.events = events;
        this.urls = urls;
    }

    /**
     * Starts streaming; the 404 of an unknown deployment is thrown here, before anything is written.
     */
    void stream(DeploymentId id, Response response, Callback callback) {
        BlockingQueue<DomainEvent> mine = new LinkedBlockingQueue<>();
        EventBus.Subscription subscription = events.subscribe(event -> {
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
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Thread.ofVirtual().name("sse-" + id.value()).start(() -> {
            try (subscription) {
                DeploymentStatus status = first;
                send(response, DeploymentEventsHandler.sseEvent(ReportJson.write(PublishingJson.status(status, urls))));
                while (!status.deployment().isFinished()) {
                    DomainEvent event = mine.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                    if (event == null) {
                        send(response, ": heartbeat\n\n");
                        status = publishing.status(id);
                        continue;
                    }
                    mine.clear();
                    status = publishing.status(id);
                    send(response, DeploymentEventsHandler.sseEvent(ReportJson.write(PublishingJson.status(status, urls))));
                }
                response.write(true, ByteBuffer.allocate(0), callback);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(e);
            } catch (RuntimeException | ExecutionException e) {
                // The client went away, or the store failed: end the stream, the client can poll.
                callback.failed(e);
            }
        });
    }

    private static boolean concerns(DomainEvent event, DeploymentId id) {
        return switch (event) {
            case DomainEvent.DeploymentProgress p -> p.deploymentId().equals(id);
            case DomainEvent.DeploymentFailed f -> f.deploymentId().equals(id);
            case DomainEvent.Published p -> p.deploymentId().equals(id);
            default -> false;
        };
    }

    private static void send(Response response, String text) throws ExecutionException, InterruptedException {
        Callback.Completable written = new Callback.Completable();
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
        written.get();
    }
}
