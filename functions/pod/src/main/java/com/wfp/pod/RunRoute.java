package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.logging.LogContext;
import com.wfp.adapters.pod.PodProtocol;
import com.wfp.workflow.engine.ExecutionRequest;
import com.wfp.workflow.engine.ExecutionResult;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.engine.InputMasking;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.net.http.HttpToken;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code ANY /run/{id}}: runs a loaded release with the JSON body as input, within the pod's execution
 * slots, and answers with what the workflow responded.
 */
final class RunRoute extends Handler.Abstract {

    private static final byte[] NO_BODY = new byte[0];
    /** Headers the workflow never sees: the pod token, connection management (and the platform's own signals). */
    private static final Set<String> HIDDEN_REQUEST_HEADERS = Set.of("authorization", "proxy-authorization", "connection",
            "keep-alive", "transfer-encoding", "te", "upgrade", "trailer", "content-length");
    /** Headers a workflow may not set: framing and the pod's own identification headers. */
    private static final Set<String> RESERVED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "trailer", "te",
            PodProtocol.WORKFLOW_VERSION_HEADER.toLowerCase(Locale.ROOT),
            PodProtocol.RELEASE_ID_HEADER.toLowerCase(Locale.ROOT),
            PodProtocol.EXECUTION_ID_HEADER.toLowerCase(Locale.ROOT));
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9._-]{8,128}");

    private final ReleaseRegistry releases;
    private final ExecutionLimiter limiter;
    private final WorkflowEngine engine;
    private final PodLog log;
    private final PodJson json;

    RunRoute(ReleaseRegistry releases, ExecutionLimiter limiter, WorkflowEngine engine, PodLog log,
             PodJson json) {
        this.releases = releases;
        this.limiter = limiter;
        this.engine = engine;
        this.log = log;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String releaseId = PodRoutes.releaseIdAfter(PodProtocol.RUN_PREFIX, request);
        LoadedRelease release = releases.require(releaseId);
        JsonNode body = json.runInput(request);
        ExecutionLimiter.Permit permit;
        try {
            permit = limiter.admit();
        } catch (RetryLaterException refused) {
            log.refusal(release.workflowId(), release.version(), releaseId, refused.code(), refused.httpStatus());
            if (limiter.isDraining()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            throw refused;
        }
        OncePermit slot = new OncePermit(permit);
        String executionId = executionId(request.getHeaders().get(PodProtocol.EXECUTION_ID_HEADER));
        try (LogContext.Scope ignored = LogContext.executionId(executionId)) {
            ExecutionRequest executionRequest = new ExecutionRequest(executionId, request.getMethod(),
                    originalPath(request), visibleHeaders(request), query(request), body, isShadow(request));
            release.executions().increment();
            ExecutionResult result;
            try {
                // On this platform thread, whose CPU clock the expression bound reads (see PodServer).
                result = engine.execute(release.executable(), executionRequest, release.secretProvider());
            } catch (RuntimeException crash) {
                throw new ExecutionCrashedException(executionId, releaseId, crash);
            }
            if (result.trace() != null) {
                String callerKeyId = callerKeyId(request.getHeaders().get(PodProtocol.CALLER_HEADER));
                if (isFailure(result.trace().status())) {
                    // Masked here, before the line leaves the pod: nothing downstream ever sees the values.
                    InputMasking masking = engine.masking(release.executable(), body);
                    log.execution(masking.trace(result.trace()), result.status(),
                            masking.input().map(json::text).orElse(null), callerKeyId);
                } else {
                    log.execution(result.trace(), result.status(), null, callerKeyId);
                }
            }
            boolean bodyAllowed = result.status() >= 200 && result.status() != 204 && result.status() != 304;
            byte[] bytes = !bodyAllowed || result.body() == null || result.body().isMissingNode()
                    ? NO_BODY : json.bytes(result.body());
            response.setStatus(result.status());
            var headers = response.getHeaders();
            for (Map.Entry<String, String> header : result.headers().entrySet()) {
                if (isAllowedResponseHeader(header.getKey(), header.getValue())) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            headers.put(PodProtocol.WORKFLOW_VERSION_HEADER, release.version());
            headers.put(PodProtocol.RELEASE_ID_HEADER, releaseId);
            headers.put(PodProtocol.EXECUTION_ID_HEADER, executionId);
            PodJson.write(response, slot.releasingWhenDone(callback), bytes);
        } catch (Throwable failure) {
            slot.close();
            throw failure;
        }
        return true;
    }

    private static boolean isFailure(ExecutionStatus status) {
        return status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT;
    }

    private static String originalPath(Request request) {
        String forwarded = request.getHeaders().get(PodProtocol.PATH_HEADER);
        return forwarded != null ? forwarded : request.getHttpURI().getPath();
    }

    private static boolean isShadow(Request request) {
        String shadow = request.getHeaders().get(PodProtocol.SHADOW_HEADER);
        return shadow != null && (shadow.equals("1") || shadow.equalsIgnoreCase("true"));
    }

    private static Map<String, String> visibleHeaders(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getLowerCaseName();
            if (HIDDEN_REQUEST_HEADERS.contains(name) || PodProtocol.isPlatformHeader(name)) {
                continue;
            }
            headers.merge(name, field.getValue(), (first, next) -> first + ", " + next);
        }
        String callersHost = request.getHeaders().get(PodProtocol.HOST_HEADER);
        if (callersHost != null) {
            headers.put("host", callersHost);
        }
        return headers;
    }

    /** Each parameter's value, or the list of its values when the query repeats it ({@code ?a=1&a=2}). */
    private static Map<String, Object> query(Request request) {
        if (request.getHttpURI().getQuery() == null) {
            return Map.of();
        }
        Fields fields = Request.extractQueryParameters(request);
        Map<String, Object> query = new HashMap<>();
        for (Fields.Field field : fields) {
            List<String> values = field.getValues();
            query.put(field.getName(), values.size() == 1 ? values.getFirst() : List.copyOf(values));
        }
        return query;
    }

    /**
     * The caller the gateway named in {@link PodProtocol#CALLER_HEADER}, or null when it named none or
     * something that is no plausible key id (written in the line as it is, it must stay a short token).
     * Only the gateway can have set it: every route but health takes the pod token, and the gateway
     * drops a caller's own {@code X-Wfp-*} headers.
     */
    static String callerKeyId(String offered) {
        return PodProtocol.callerKeyIdOrNull(offered);
    }

    static String executionId(String offered) {
        if (offered != null && EXECUTION_ID.matcher(offered).matches()) {
            return offered;
        }
        // Time first (12 hex digits of epoch milliseconds), then 80 random bits: ids made later sort later, so
        // the telemetry store's indexes on them grow at their ends instead of at random pages.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(System.currentTimeMillis()).substring(4) + hex.toHexDigits(random.nextLong())
                + hex.toHexDigits((short) random.nextInt());
    }

    private static boolean isAllowedResponseHeader(String name, String value) {
        return name != null && value != null && isHeaderName(name)
                && !RESERVED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                && value.indexOf('\r') < 0 && value.indexOf('\n') < 0;
    }

    /** An RFC 9110 token: what a header name may consist of. */
    private static boolean isHeaderName(String name) {
        return name.length() <= 256 && HttpToken.matches(name);
    }

    /** Frees the execution slot exactly once: when the response is written, or when the run fails first. */
    private static final class OncePermit {
        private final ExecutionLimiter.Permit permit;
        private final AtomicBoolean released = new AtomicBoolean();

        OncePermit(ExecutionLimiter.Permit permit) {
            this.permit = permit;
        }

        void close() {
            if (released.compareAndSet(false, true)) {
                permit.close();
            }
        }

        Callback releasingWhenDone(Callback callback) {
            return new Callback() {
                @Override
                public void succeeded() {
                    close();
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable failure) {
                    close();
                    callback.failed(failure);
                }

                @Override
                public InvocationType getInvocationType() {
                    return callback.getInvocationType();
                }
            };
        }
    }
}
