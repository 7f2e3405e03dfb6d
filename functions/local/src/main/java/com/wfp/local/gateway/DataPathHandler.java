package com.wfp.local.gateway;

import com.wfp.handlers.ProductionUrls;
import com.wfp.handlers.ReportJson;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.Decision;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The data path: {@code /w/{user}/{project}/{workflow}} (routed) and
 * {@code /w/{user}/{project}/{workflow}/v/{version}} (pinned) are forwarded to the user's pod;
 * the answer carries {@code X-Workflow-Version} and {@code X-Release-Id}. Other paths go on to
 * the control API. The body is passed through unread. Errors are mapped here, once: a
 * {@link DomainException} answers with its status and JSON error, 503s with {@code Retry-After}.
 */
final class DataPathHandler extends Handler.Wrapper {

    private static final String RETRY_AFTER_SECONDS = "2";

    private final ReleaseTargets targets;
    private final PodForwarder forwarder;
    private final RequestBodyReader bodyReader;
    private final ForwardedCalls observer;
    private final ShadowMirror shadows;

    DataPathHandler(ReleaseTargets targets, PodForwarder forwarder, int maxBodyBytes, Handler next) {
        this(targets, forwarder, maxBodyBytes, ForwardedCalls.NONE, null, next);
    }

    /**
     * @param observer told about every forwarded call, for the rollout telemetry
     * @param shadows  sends the copies of mirrored calls, or null to mirror nothing
     */
    DataPathHandler(ReleaseTargets targets, PodForwarder forwarder, int maxBodyBytes, ForwardedCalls observer,
                    ShadowMirror shadows, Handler next) {
        super(next);
        this.targets = targets;
        this.forwarder = forwarder;
        this.bodyReader = new RequestBodyReader(maxBodyBytes);
        this.observer = observer;
        this.shadows = shadows;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(ProductionUrls.DATA_PREFIX)) {
            return super.handle(request, response, callback);
        }
        try {
            serve(request, path, response, callback);
        } catch (DomainException e) {
            writeError(e, response, callback);
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.err.println("wfp: data path call to " + path + " failed: " + trace);
            writeError(new DomainException("internal.unexpected", 500, "The call failed unexpectedly",
                    "Retry the call; if it keeps failing, check the platform's log.", e), response, callback);
        }
        return true;
    }

    private void serve(Request request, String path, Response response, Callback callback) {
        long arrived = System.nanoTime();
        // Read first, so that a refusal still consumes the body and the connection stays usable.
        byte[] body = bodyReader.read(request);
        List<String> segments = List.of(path.substring(ProductionUrls.DATA_PREFIX.length()).split("/", -1));
        boolean routed = segments.size() == 3;
        boolean pinned = segments.size() == 5 && segments.get(3).equals("v");
        if (!routed && !pinned || segments.stream().anyMatch(String::isEmpty)) {
            throw DomainException.notFound("route.not-found", "Nothing is served at " + path,
                    "Production URLs are /w/{user}/{project}/{workflow}, or .../v/{version} for one release.");
        }
        WorkflowRef ref = workflowRef(segments);
        Decision decision = routed ? targets.decide(ref, name -> request.getHeaders().get(name)) : null;
        ReleaseTargets.Target target = routed
                ? new ReleaseTargets.Target(decision.releaseId(), decision.versionName())
                : targets.pinned(ref, segments.get(4));
        PodForwarder.Call call = new PodForwarder.Call(ref.user(), request.getMethod(), request.getHeaders(),
                request.getHttpURI().getQuery(), path, body);
        if (decision != null && decision.mirrored() && shadows != null) {
            shadows.mirror(call, decision.shadowReleaseId());
        }
        HttpResponse<byte[]> answer;
        try {
            answer = forwarder.forward(call, target, targets);
        } catch (DomainException e) {
            observer.forwarded(target.releaseId(), e.httpStatus(), System.nanoTime() - arrived);
            throw e;
        }
        observer.forwarded(target.releaseId(), answer.statusCode(), System.nanoTime() - arrived);
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!PodForwarder.NOT_FORWARDED.contains(lower) && !lower.equals(":status") && !lower.equals("date")) {
                response.getHeaders().put(name, values);
            }
        });
        response.getHeaders().put("X-Workflow-Version", target.versionName());
        response.getHeaders().put("X-Release-Id", target.releaseId().value());
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static WorkflowRef workflowRef(List<String> segments) {
        try {
            return new WorkflowRef(segments.get(0), segments.get(1), segments.get(2));
        } catch (DomainException invalid) {
            throw DomainException.notFound("workflow.not-found",
                    "No workflow " + String.join("/", segments.subList(0, 3)) + ": " + invalid.getMessage(),
                    invalid.hint());
        }
    }

    private static void writeError(DomainException e, Response response, Callback callback) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        response.setStatus(e.httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (e.httpStatus() == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        byte[] bytes = ReportJson.write(ReportJson.error(e)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
