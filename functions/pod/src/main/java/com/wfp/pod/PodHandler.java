package com.wfp.pod;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.engine.ExecutionRequest;
import com.wfp.workflow.engine.ExecutionResult;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The pod's routes, on Jetty's core handler API. Runs on virtual threads, so the code blocks plainly
 * (reading the body, waiting for a slot, running the workflow) and only the response write is asynchronous.
 *
 * <pre>
 * GET    /health                 no token; 200 ready or 503 draining
 * GET    /releases               token; the loaded releases
 * PUT    /releases/{id}          token; load {"workflowId","version","definition"}
 * GET    /releases/{id}          token; one loaded release
 * DELETE /releases/{id}          token; unload
 * ANY    /run/{id}               token; execute with the JSON body as input
 * </pre>
 *
 * <p>The run route also requires the pod token. A pod only listens on loopback or the private network, but
 * on that network it is not alone (other users' pods run workflows that make outgoing HTTP calls), so
 * network position is not proof that the caller is the gateway. The gateway checks the caller's API key,
 * then forwards with the pod token in {@code Authorization}; the pod strips {@code Authorization} and the
 * internal {@code X-Wfp-*} headers before the workflow sees the request.
 */
final class PodHandler extends Handler.Abstract {

    private static final String RUN_PREFIX = "/run/";
    private static final String RELEASES = "/releases";
    private static final String RELEASES_PREFIX = "/releases/";
    private static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final byte[] NO_BODY = new byte[0];
    /** A refused body up to this size is read to its end, so the connection survives to carry the refusal. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    /** Headers the workflow never sees: the pod token, connection management, and the gateway's own signals. */
    private static final Set<String> HIDDEN_REQUEST_HEADERS = Set.of("authorization", "proxy-authorization", "connection",
            "keep-alive", "transfer-encoding", "te", "upgrade", "trailer", "content-length");
    /** Headers a workflow may not set: framing and the pod's own identification headers. */
    private static final Set<String> RESERVED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "trailer", "te", "x-workflow-version", "x-release-id", "x-execution-id");
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9._-]{8,128}");

    private final PodToken token;
    private final ReleaseRegistry releases;
    private final ExecutionLimiter limiter;
    private final WorkflowEngine engine;
    private final PodLog log;
    private final PodSettings settings;
    private final long startedNanos = System.nanoTime();
    /**
     * Jackson recycles its buffers per thread by default; every request runs on a fresh virtual thread, so that
     * would allocate ~20 KB of new buffers per request. A shared concurrent pool recycles them across threads.
     */
    private static final JsonFactory OUTPUT_FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build();

    private final ObjectMapper output = new ObjectMapper(OUTPUT_FACTORY);
    private final ObjectMapper input;
    private final ObjectWriter bodyWriter = output.writer();

    PodHandler(PodSettings settings, ReleaseRegistry releases, ExecutionLimiter limiter, WorkflowEngine engine, PodLog log) {
        this.settings = settings;
        this.token = new PodToken(settings.token());
        this.releases = releases;
        this.limiter = limiter;
        this.engine = engine;
        this.log = log;
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(200)
                        .maxDocumentLength(2L * settings.maxBodyBytes())
                        .build())
                .build();
        this.input = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (Throwable failure) {
            sendError(response, callback, failure, null);
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.startsWith(RUN_PREFIX)) {
            token.require(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            run(request, response, callback, ReleaseRegistry.requireValidId(path.substring(RUN_PREFIX.length())));
        } else if (path.equals("/health")) {
            requireMethod(method, HttpMethod.GET);
            health(response, callback);
        } else if (path.equals(RELEASES)) {
            token.require(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            requireMethod(method, HttpMethod.GET);
            list(response, callback);
        } else if (path.startsWith(RELEASES_PREFIX)) {
            token.require(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            String releaseId = ReleaseRegistry.requireValidId(path.substring(RELEASES_PREFIX.length()));
            switch (method) {
                case "PUT" -> load(request, response, callback, releaseId);
                case "GET" -> sendJson(response, callback, 200, describe(releases.require(releaseId)));
                case "DELETE" -> unload(response, callback, releaseId);
                default -> throw methodNotAllowed(method, "GET, PUT or DELETE");
            }
        } else {
            throw DomainException.notFound("pod.route-not-found", "No route " + method + " " + printable(path),
                    "The pod serves GET /health, /releases[/{id}] and /run/{releaseId}.");
        }
    }

    // ---- run ------------------------------------------------------------------------------------------

    private void run(Request request, Response response, Callback callback, String releaseId) throws IOException {
        LoadedRelease release = releases.require(releaseId);
        JsonNode body = parseInput(readBody(request, settings.maxBodyBytes()));
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
        try {
            String executionId = executionId(request.getHeaders().get("X-Execution-Id"));
            ExecutionRequest executionRequest = new ExecutionRequest(executionId, request.getMethod(),
                    originalPath(request), visibleHeaders(request), query(request), body, isShadow(request));
            release.executions().increment();
            ExecutionResult result;
            try {
                result = engine.execute(release.executable(), executionRequest);
            } catch (RuntimeException crash) {
                log.podError("pod.execution-crashed", releaseId, crash);
                throw new DomainException("pod.execution-crashed", 500,
                        "Execution " + executionId + " of release " + releaseId + " failed inside the engine",
                        "Retry the request; the pod.error log line of this execution id has the details.", crash);
            }
            if (result.trace() != null) {
                log.execution(result.trace(), result.status());
            }
            boolean bodyAllowed = result.status() >= 200 && result.status() != 204 && result.status() != 304;
            byte[] bytes = !bodyAllowed || result.body() == null || result.body().isMissingNode()
                    ? NO_BODY : bodyWriter.writeValueAsBytes(result.body());
            response.setStatus(result.status());
            var headers = response.getHeaders();
            for (Map.Entry<String, String> header : result.headers().entrySet()) {
                if (isAllowedResponseHeader(header.getKey(), header.getValue())) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            headers.put("X-Workflow-Version", release.version());
            headers.put("X-Release-Id", releaseId);
            headers.put("X-Execution-Id", executionId);
            write(response, slot.releasingWhenDone(callback), bytes);
        } catch (Throwable failure) {
            slot.close();
            throw failure;
        }
    }

    private static String originalPath(Request request) {
        String forwarded = request.getHeaders().get("X-Wfp-Path");
        return forwarded != null ? forwarded : request.getHttpURI().getPath();
    }

    private static boolean isShadow(Request request) {
        String shadow = request.getHeaders().get("X-Wfp-Shadow");
        return shadow != null && (shadow.equals("1") || shadow.equalsIgnoreCase("true"));
    }

    private static Map<String, String> visibleHeaders(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getLowerCaseName();
            if (HIDDEN_REQUEST_HEADERS.contains(name) || name.startsWith("x-wfp-")) {
                continue;
            }
            headers.merge(name, field.getValue(), (first, next) -> first + ", " + next);
        }
        return headers;
    }

    private static Map<String, String> query(Request request) {
        if (request.getHttpURI().getQuery() == null) {
            return Map.of();
        }
        Fields fields = Request.extractQueryParameters(request);
        Map<String, String> query = new HashMap<>();
        for (Fields.Field field : fields) {
            query.putIfAbsent(field.getName(), field.getValue());
        }
        return query;
    }

    private static String executionId(String offered) {
        if (offered != null && EXECUTION_ID.matcher(offered).matches()) {
            return offered;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    }

    private static boolean isAllowedResponseHeader(String name, String value) {
        return name != null && value != null && isHeaderName(name)
                && !RESERVED_RESPONSE_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))
                && value.indexOf('\r') < 0 && value.indexOf('\n') < 0;
    }

    /** An RFC 9110 token: what a header name may consist of. */
    private static boolean isHeaderName(String name) {
        if (name.isEmpty() || name.length() > 256) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private JsonNode parseInput(byte[] body) {
        if (isBlank(body)) {
            return NullNode.getInstance();
        }
        try {
            return input.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new DomainException("request.too-complex", 413, "The JSON input is too large or too deeply nested",
                    "Send at most " + settings.maxBodyBytes() + " bytes nested at most 200 levels deep.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw DomainException.badRequest("request.invalid-json",
                    "Invalid JSON at line " + line + ", column " + column + ": " + e.getOriginalMessage(),
                    "Send a JSON document as the body (or no body at all for a null input).");
        } catch (IOException e) {
            throw DomainException.badRequest("request.unreadable", "The request body could not be read: " + e.getMessage(),
                    "Send the body again.");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the whole body, at most {@code limit} bytes, straight from Jetty's chunks into one array (sized
     * exactly when Content-Length is known). Blocking is fine: handlers run on virtual threads.
     */
    private static byte[] readBody(Request request, int limit) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            discardUpTo(request, DRAIN_LIMIT);
            throw tooLarge(limit);
        }
        if (declared == 0) {
            return NO_BODY;
        }
        byte[] body = new byte[declared > 0 ? (int) declared : 1024];
        int size = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                try (Blocker.Runnable more = Blocker.runnable()) {
                    request.demand(more);
                    more.block();
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw new IOException("the request body could not be read", chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int length = bytes.remaining();
                if ((long) size + length > limit) {
                    chunk.release();
                    chunk = null;
                    discardUpTo(request, DRAIN_LIMIT);
                    throw tooLarge(limit);
                }
                if (size + length > body.length) {
                    body = Arrays.copyOf(body, Math.min(limit, Math.max(size + length, body.length * 2)));
                }
                bytes.get(body, size, length);
                size += length;
                if (chunk.isLast()) {
                    return size == body.length ? body : Arrays.copyOf(body, size);
                }
            } finally {
                if (chunk != null) {
                    chunk.release();
                }
            }
        }
    }

    /**
     * Reads and throws away what is left of a refused body, up to {@code cap} bytes, so that the
     * caller gets the refusal instead of a connection reset: closing a socket with unread bytes
     * makes the kernel reset it, which can destroy the answer already sent.
     */
    private static void discardUpTo(Request request, long cap) throws IOException {
        try (InputStream rest = Content.Source.asInputStream(request)) {
            long discarded = 0;
            byte[] sink = new byte[16 * 1024];
            int read;
            while (discarded < cap && (read = rest.read(sink)) >= 0) {
                discarded += read;
            }
        }
    }

    private static DomainException tooLarge(int limit) {
        return new DomainException("request.too-large", 413, "The request body is larger than " + limit + " bytes",
                "Send a smaller body, or fetch large data inside the workflow with an http.request node.");
    }

    // ---- admin ----------------------------------------------------------------------------------------

    private void load(Request request, Response response, Callback callback, String releaseId) throws IOException {
        if (limiter.isDraining()) {
            throw new RetryLaterException("pod.draining", 503, "The pod is shutting down and loads no releases",
                    "Load the release into the pod that replaces this one.", 1);
        }
        byte[] body = readBody(request, 2 * settings.maxBodyBytes());
        JsonNode envelope = parseInput(body);
        if (!envelope.isObject()) {
            throw DomainException.badRequest("release.invalid-body", "The release must be a JSON object",
                    "Send {\"workflowId\": \"...\", \"version\": \"v1.0.0\", \"definition\": {...}}.");
        }
        String workflowId = requiredText(envelope, "workflowId");
        String version = requiredText(envelope, "version");
        JsonNode definition = envelope.get("definition");
        if (definition == null || !definition.isObject()) {
            throw DomainException.badRequest("release.missing-field", "The field \"definition\" must be the workflow document",
                    "Put the workflow JSON object under \"definition\".");
        }
        ReleaseRegistry.LoadOutcome outcome = releases.load(releaseId, workflowId, version, definition);
        ObjectNode answer = describe(outcome.release());
        answer.put("added", outcome.added());
        sendJson(response, callback, 200, answer);
    }

    private static String requiredText(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw DomainException.badRequest("release.missing-field", "The field \"" + field + "\" must be a non-empty string",
                    "Send {\"workflowId\": \"...\", \"version\": \"v1.0.0\", \"definition\": {...}}.");
        }
        return value.textValue();
    }

    private void unload(Response response, Callback callback, String releaseId) {
        LoadedRelease removed = releases.unload(releaseId);
        ObjectNode answer = describe(removed);
        answer.put("unloaded", true);
        sendJson(response, callback, 200, answer);
    }

    private void list(Response response, Callback callback) {
        ObjectNode answer = output.createObjectNode();
        ArrayNode items = answer.putArray("releases");
        for (LoadedRelease release : releases.list()) {
            items.add(describe(release));
        }
        sendJson(response, callback, 200, answer);
    }

    private ObjectNode describe(LoadedRelease release) {
        ObjectNode node = output.createObjectNode();
        node.put("releaseId", release.releaseId());
        node.put("workflowId", release.workflowId());
        node.put("version", release.version());
        node.put("sha256", release.sha256());
        node.put("loadedAt", release.loadedAt().toString());
        node.put("executions", release.executions().sum());
        return node;
    }

    private void health(Response response, Callback callback) {
        ObjectNode answer = output.createObjectNode();
        boolean draining = limiter.isDraining();
        answer.put("status", draining ? "draining" : "ready");
        answer.put("pod", settings.podName());
        ArrayNode ids = answer.putArray("releases");
        List<LoadedRelease> loaded = releases.list();
        loaded.forEach(release -> ids.add(release.releaseId()));
        answer.put("inFlight", limiter.inFlight());
        answer.put("queued", limiter.queued());
        answer.put("maxConcurrency", limiter.maxConcurrency());
        answer.put("queueSize", limiter.queueSize());
        answer.put("refusedOverload", limiter.refusedOverload());
        answer.put("refusedQueueTimeout", limiter.refusedQueueTimeout());
        answer.put("logLinesDropped", log.dropped());
        answer.put("uptimeMs", (System.nanoTime() - startedNanos) / 1_000_000);
        sendJson(response, callback, draining ? 503 : 200, answer);
    }

    // ---- responses ------------------------------------------------------------------------------------

    private static void requireMethod(String method, HttpMethod expected) {
        if (!expected.is(method)) {
            throw methodNotAllowed(method, expected.asString());
        }
    }

    private static DomainException methodNotAllowed(String method, String allowed) {
        return new DomainException("request.method-not-allowed", 405, "Method " + printable(method) + " is not allowed here",
                "Use " + allowed + ".");
    }

    private void sendJson(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = output.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
        response.setStatus(status);
        write(response, callback, bytes);
    }

    private void sendError(Response response, Callback callback, Throwable failure, String releaseId) {
        if (response.isCommitted()) {
            callback.failed(failure);
            return;
        }
        ErrorResponse error = PodErrors.toResponse(failure);
        if (error.internal() && !(failure instanceof DomainException domain && "pod.execution-crashed".equals(domain.code()))) {
            log.podError(error.code(), releaseId, failure);
        }
        ObjectNode body = output.createObjectNode();
        ObjectNode detail = body.putObject("error");
        detail.put("code", error.code());
        detail.put("message", error.message());
        detail.put("hint", error.hint());
        error.headers().forEach(response.getHeaders()::put);
        try {
            sendJson(response, callback, error.status(), body);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private static void write(Response response, Callback callback, byte[] body) {
        var headers = response.getHeaders();
        if (body.length > 0 && !headers.contains(HttpHeader.CONTENT_TYPE)) {
            headers.put(JSON_TYPE);
        }
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String printable(String text) {
        String safe = text.replaceAll("[^\\x20-\\x7E]", "?");
        return safe.length() > 100 ? safe.substring(0, 100) + "..." : safe;
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
