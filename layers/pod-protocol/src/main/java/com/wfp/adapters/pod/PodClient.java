package com.wfp.adapters.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodInvoker;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.workflow.error.DomainException;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one client of the pod's protocol ({@link PodProtocol}): the data path's runs, dry runs, draft runs,
 * and the admin calls (load, unload, health), on one pooled HTTP/1.1 keep-alive client shared by all of them.
 * It is what every host (the local platform, the route function on AWS) calls its pods through.
 */
public final class PodClient implements AutoCloseable {

    /** Longest a run may take before the caller gets a 503 saying the pod did not answer in time. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** What the pod answered to {@code GET /health}; {@code inFlight} and {@code queued} are -1 when it did not say. */
    public record HealthAnswer(String status, List<String> releases, int inFlight, int queued) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 1000;
    private static final String BEARER = "Bearer ";
    /** What a body the caller did not describe is sent as. */
    private static final String OCTET_STREAM = "application/octet-stream";
    /** A pod answers at most its engine's 10 MiB response bound, plus headroom for the JSON around it. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    /** Each pod admits 64 runs with 64 queued at the gateway's bulkhead; connections beyond would only wait. */
    private static final int CONNECTIONS_PER_POD = 128;

    private final HttpClient http;
    private final PodSocketClient sockets = new PodSocketClient(MAX_ANSWER_BYTES);
    private final Duration adminTimeout;

    /** @param adminTimeout longest a load, unload or health call may take (and a connection attempt) */
    public PodClient(Duration adminTimeout) {
        this.adminTimeout = adminTimeout;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("pod-client");
        threads.setDaemon(true);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // Every listener here only completes a future that the calling thread waits on, so the selector thread that
        // read the answer completes it too: handing each answer to a pool thread cost two thread switches a call.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        this.http = new HttpClient(transport);
        http.setExecutor(threads);
        http.setConnectTimeout(adminTimeout.toMillis());
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        http.setMaxConnectionsPerDestination(CONNECTIONS_PER_POD);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("The pod client could not start: " + e.getMessage(), e);
        }
    }

    /** A client with the admin timeout pods are called with by default (2 s to connect and answer). */
    public PodClient() {
        this(Duration.ofSeconds(2));
    }

    /** The data path's {@link PodInvoker}: each call goes to the pod {@code endpoints} names for its user. */
    public PodInvoker invoker(Function<String, PodEndpoint> endpoints) {
        return call -> run(endpoints.apply(call.user()), call);
    }

    /**
     * The {@link ReleaseLoader} of hosts that reach pods without a {@code PodManager}, such as the route function
     * on AWS: loads the release into the pod {@code endpoints} names for its user.
     */
    public ReleaseLoader loader(Function<String, PodEndpoint> endpoints) {
        return loader(endpoints, com.wfp.platform.secrets.ReleaseSecrets.NONE);
    }

    /** The same loader, handing each release the values of the credentials it declares from {@code secrets}. */
    public ReleaseLoader loader(Function<String, PodEndpoint> endpoints, com.wfp.platform.secrets.ReleaseSecrets secrets) {
        return (user, release) -> load(endpoints.apply(user), "pod of " + user, release.id().value(),
                LoadRequest.of(release).withSecrets(secrets.forRelease(release.id().value()))).sha256();
    }

    /**
     * Forwards a production call: the caller's method, headers (less hop-by-hop ones, the caller's own
     * {@code Authorization} and any {@code X-Wfp-*}), query and body, with the pod token and the platform's
     * headers set here only: among them the caller's key id the authorizer decided, never one the caller
     * sent. The pod's answer comes back whatever its status.
     *
     * @throws DomainException 503 {@code pod.unreachable} when the pod gave no answer
     */
    public PodAnswer run(PodEndpoint pod, PodCall call) {
        if (pod.unixSocket() != null) {
            return runOverSocket(pod, call);
        }
        Request request = http.newRequest(PodProtocol.runUri(pod.baseUrl(), call.releaseId().value(), call.rawQuery()))
                .method(call.method())
                .timeout(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> runHeaders(pod, call, headers::add));
        if (call.body().length > 0) {
            String contentType = callersContentType(call);
            request.body(new BytesRequestContent(contentType == null ? OCTET_STREAM : contentType, call.body()));
        }
        return answer(sendRun(request));
    }

    private PodAnswer runOverSocket(PodEndpoint pod, PodCall call) {
        PodSocketClient.RequestHead head = new PodSocketClient.RequestHead(call.method(), PodProtocol.RUN_PREFIX
                + call.releaseId().value() + (call.rawQuery() == null || call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery()));
        runHeaders(pod, call, head::header);
        if (call.body().length > 0 && callersContentType(call) == null) {
            head.header("Content-Type", OCTET_STREAM);
        }
        byte[] bytes = head.end(call.body().length, call.body().length > 0 || !"GET".equals(call.method()) && !"HEAD".equals(call.method()));
        try {
            return sockets.exchange(pod.unixSocket(), call.method(), bytes, call.body(), RUN_TIMEOUT);
        } catch (IOException | TimeoutException e) {
            throw unreachable(e);
        }
    }

    /**
     * The headers of a production call to the pod: the caller's (less hop-by-hop ones, its own credentials and
     * any {@code X-Wfp-*}), then the pod token and the platform's own, set here only.
     */
    private static void runHeaders(PodEndpoint pod, PodCall call, java.util.function.BiConsumer<String, String> headers) {
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            if (PodProtocol.isForwarded(header.getKey())) {
                header.getValue().forEach(value -> headers.accept(header.getKey(), value));
            } else if (header.getKey().equalsIgnoreCase("Host") && !header.getValue().isEmpty()) {
                // The connection's Host names the pod; the workflow sees the one the caller used.
                headers.accept(PodProtocol.HOST_HEADER, header.getValue().getFirst());
            }
        }
        headers.accept(HttpHeader.AUTHORIZATION.asString(), BEARER + pod.token());
        if (call.path() != null) {
            headers.accept(PodProtocol.PATH_HEADER, call.path());
        }
        if (call.shadow()) {
            headers.accept(PodProtocol.SHADOW_HEADER, "1");
        }
        if (call.callerKeyId() != null) {
            headers.accept(PodProtocol.CALLER_HEADER, call.callerKeyId());
        }
    }

    /**
     * Runs a release once with a JSON input (a dry run, a draft run).
     *
     * @param executionId the execution id to run under, or null for one the pod picks
     * @throws DomainException 503 {@code pod.unreachable} when the pod gave no answer
     */
    public PodAnswer runJson(PodEndpoint pod, String releaseId, String inputJson, String executionId) {
        Request request = newRequest(pod, PodProtocol.runUri(pod.baseUrl(), releaseId, null))
                .method("POST")
                .timeout(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.put(HttpHeader.AUTHORIZATION, BEARER + pod.token());
                    if (executionId != null) {
                        headers.put(PodProtocol.EXECUTION_ID_HEADER, executionId);
                    }
                })
                .body(new StringRequestContent("application/json", inputJson, StandardCharsets.UTF_8));
        return answer(sendRun(request));
    }

    /**
     * Loads a release into a pod and checks that the pod confirmed it.
     *
     * @param podName how messages name the pod, such as "production pod of ada"
     * @throws DomainException {@code pod.unreachable}, {@code pod.unauthorized}, {@code pod.release-conflict},
     *                         {@code pod.load-rejected}, {@code pod.load-failed} or {@code pod.bad-answer}
     */
    public LoadConfirmation load(PodEndpoint pod, String podName, String releaseId, LoadRequest release) {
        String what = "load release " + releaseId;
        ContentResponse response = sendAdmin(pod, podName, newRequest(pod, PodProtocol.releaseUri(pod.baseUrl(), releaseId))
                .method("PUT")
                .body(new StringRequestContent("application/json", release.toJson(JSON).toString(), StandardCharsets.UTF_8)),
                what);
        if (response.getStatus() != 200) {
            throw refused(podName, what, response);
        }
        LoadConfirmation confirmation = LoadConfirmation.fromJson(parse(podName, what, response), releaseId);
        if (confirmation.sha256().isEmpty()) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + podName + " loaded release " + releaseId + " but did not confirm a sha256: "
                            + abbreviate(response.getContentAsString()),
                    "The pod server and the platform disagree on the contract; run matching versions.");
        }
        return confirmation;
    }

    /** Unloads a release; a release the pod does not hold counts as unloaded. */
    public void unload(PodEndpoint pod, String podName, String releaseId) {
        String what = "unload release " + releaseId;
        ContentResponse response = sendAdmin(pod, podName,
                newRequest(pod, PodProtocol.releaseUri(pod.baseUrl(), releaseId)).method("DELETE"), what);
        int status = response.getStatus();
        if (status != 200 && status != 204 && status != 404) {
            throw refused(podName, what, response);
        }
    }

    /** The pod's own view of its health and the releases it holds. */
    public HealthAnswer health(PodEndpoint pod, String podName) {
        ContentResponse response = sendAdmin(pod, podName, newRequest(pod, PodProtocol.healthUri(pod.baseUrl())).method("GET"),
                "health");
        JsonNode answer = parse(podName, "health", response);
        List<String> releases = new ArrayList<>();
        for (JsonNode release : answer.path("releases")) {
            if (release.isTextual()) {
                releases.add(release.asText());
            } else if (release.has(LoadConfirmation.RELEASE_ID)) {
                releases.add(release.path(LoadConfirmation.RELEASE_ID).asText());
            }
        }
        String status = answer.path("status").asText(response.getStatus() == 200 ? "ready" : "unhealthy");
        return new HealthAnswer(status, releases, answer.path("inFlight").asInt(-1), answer.path("queued").asInt(-1));
    }

    /** The failure of a run that got no answer from the pod. */
    public static DomainException unreachable(Exception cause) {
        Throwable root = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        String why = root instanceof TimeoutException || root instanceof java.net.http.HttpTimeoutException
                ? "did not answer in time"
                : root instanceof ConnectException ? "refused the connection" : "could not be reached";
        return DomainException.unavailable("pod.unreachable", "The workflow's pod " + why,
                "Retry in a few seconds; the platform restarts a pod that stopped.", cause);
    }

    /**
     * A request to the pod, over its Unix domain socket when it has one: on the same machine that costs the kernel
     * less per call than loopback TCP. The URI still names the pod's TCP address, which keys the connection pool
     * together with the socket.
     */
    private Request newRequest(PodEndpoint pod, URI uri) {
        Request request = http.newRequest(uri);
        if (pod.unixSocket() != null) {
            request.transport(new Transport.TCPUnix(pod.unixSocket()));
        }
        return request;
    }

    private ContentResponse sendRun(Request request) {
        try {
            return new CompletableResponseListener(request, MAX_ANSWER_BYTES).send().get();
        } catch (ExecutionException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    private static PodAnswer answer(ContentResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>(1)).add(field.getValue());
        }
        return new PodAnswer(response.getStatus(), headers, response.getContent());
    }

    /** The caller's Content-Type, or null when it sent none. */
    private static String callersContentType(PodCall call) {
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type") && !header.getValue().isEmpty()) {
                return header.getValue().getFirst();
            }
        }
        return null;
    }

    private ContentResponse sendAdmin(PodEndpoint pod, String podName, Request request, String what) {
        try {
            return new CompletableResponseListener(request
                    .timeout(adminTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> {
                        headers.put(HttpHeader.AUTHORIZATION, BEARER + pod.token());
                        headers.put(HttpHeader.ACCEPT, "application/json");
                    }), MAX_ANSWER_BYTES).send().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DomainException("pod.unreachable", 503,
                    "The " + podName + " at " + pod.baseUrl() + " did not answer to " + what + ": " + cause,
                    "The pod may be restarting; try again in a few seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException("pod.unreachable", 503, "Interrupted while asking the pod to " + what,
                    "Try again.", e);
        }
    }

    private static JsonNode parse(String podName, String what, ContentResponse response) {
        try {
            JsonNode answer = JSON.readTree(response.getContentAsString());
            if (answer == null || answer.isMissingNode()) {
                throw new IOException("empty body");
            }
            return answer;
        } catch (IOException e) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + podName + " answered " + what + " with something that is not JSON (HTTP "
                            + response.getStatus() + "): " + abbreviate(response.getContentAsString()),
                    "The pod server and the platform disagree on the contract; run matching versions.", e);
        }
    }

    private static DomainException refused(String podName, String what, ContentResponse response) {
        int status = response.getStatus();
        PodError error = PodError.of(response.getContentAsString());
        String message = "The " + podName + " refused to " + what + " (HTTP " + status
                + (error.code().isEmpty() ? "" : ", " + error.code()) + "): " + error.message();
        if (status == 401 || status == 403) {
            return new DomainException("pod.unauthorized", 502, message,
                    "The pod does not accept the platform's token; stop the pod so that it restarts with a fresh one.");
        }
        if (status == 409) {
            return DomainException.conflict("pod.release-conflict", message, error.hintOr(
                    "A release id always names the same definition; load the new definition as a new release."));
        }
        if (status >= 400 && status < 500) {
            return DomainException.unprocessable("pod.load-rejected", message, error.hintOr(
                    "Validate the workflow and fix the problems the pod reports, then publish again."));
        }
        return new DomainException("pod.load-failed", 502, message, error.hintOr(
                "The pod failed while handling the request; see the pod's error log, then try again."));
    }

    /** The pod's error body, {@code {"error":{"code","message","hint"}}}, or the raw body when it is something else. */
    private record PodError(String code, String message, String hint) {

        static PodError of(String body) {
            try {
                JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
                if (error.isObject()) {
                    return new PodError(error.path("code").asText(""), error.path("message").asText(""),
                            error.path("hint").asText(""));
                }
            } catch (IOException e) {
                // Not JSON: the raw body is the best description there is.
            }
            return new PodError("", abbreviate(body), "");
        }

        String hintOr(String fallback) {
            return hint.isBlank() ? fallback : hint;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    @Override
    public void close() {
        sockets.close();
        try {
            http.stop();
        } catch (Exception e) {
            // Closing: connections that fail to close cleanly are dropped with the client.
        }
    }
}
