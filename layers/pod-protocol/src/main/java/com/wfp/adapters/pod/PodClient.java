package com.wfp.adapters.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodInvoker;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one client of the pod's protocol ({@link PodProtocol}): the data path's runs, dry runs, draft runs,
 * and the admin calls (load, unload, health), on one HTTP/1.1 keep-alive client shared by all of them.
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

    private final HttpClient http;
    private final Duration adminTimeout;

    /** @param adminTimeout longest a load, unload or health call may take (and a connection attempt) */
    public PodClient(Duration adminTimeout) {
        this.adminTimeout = adminTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(adminTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        return (user, release) -> load(endpoints.apply(user), "pod of " + user, release.id().value(),
                LoadRequest.of(release)).sha256();
    }

    /**
     * Forwards a production call: the caller's method, headers (less hop-by-hop ones, the caller's own
     * {@code Authorization} and any {@code X-Wfp-*}), query and body, with the pod token and the platform's
     * headers set here only. The pod's answer comes back whatever its status.
     *
     * @throws DomainException 503 {@code pod.unreachable} when the pod gave no answer
     */
    public PodAnswer run(PodEndpoint pod, PodCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(PodProtocol.runUri(pod.baseUrl(), call.releaseId().value(),
                        call.rawQuery()))
                .timeout(RUN_TIMEOUT)
                .method(call.method(), call.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            if (PodProtocol.isForwarded(header.getKey())) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        request.header("Authorization", BEARER + pod.token());
        if (call.path() != null) {
            request.header(PodProtocol.PATH_HEADER, call.path());
        }
        if (call.shadow()) {
            request.header(PodProtocol.SHADOW_HEADER, "1");
        }
        HttpResponse<byte[]> response = sendRun(request.build());
        return new PodAnswer(response.statusCode(), response.headers().map(), response.body());
    }

    /**
     * Runs a release once with a JSON input (a dry run, a draft run).
     *
     * @param executionId the execution id to run under, or null for one the pod picks
     * @throws DomainException 503 {@code pod.unreachable} when the pod gave no answer
     */
    public PodAnswer runJson(PodEndpoint pod, String releaseId, String inputJson, String executionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(PodProtocol.runUri(pod.baseUrl(), releaseId, null))
                .timeout(RUN_TIMEOUT)
                .header("Authorization", BEARER + pod.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(inputJson, StandardCharsets.UTF_8));
        if (executionId != null) {
            request.header(PodProtocol.EXECUTION_ID_HEADER, executionId);
        }
        HttpResponse<byte[]> response = sendRun(request.build());
        return new PodAnswer(response.statusCode(), response.headers().map(), response.body());
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
        HttpResponse<String> response = sendAdmin(pod, podName, HttpRequest.newBuilder(
                        PodProtocol.releaseUri(pod.baseUrl(), releaseId))
                .PUT(HttpRequest.BodyPublishers.ofString(release.toJson(JSON).toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"), what);
        if (response.statusCode() != 200) {
            throw refused(podName, what, response);
        }
        LoadConfirmation confirmation = LoadConfirmation.fromJson(parse(podName, what, response), releaseId);
        if (confirmation.sha256().isEmpty()) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + podName + " loaded release " + releaseId + " but did not confirm a sha256: "
                            + abbreviate(response.body()),
                    "The pod server and the platform disagree on the contract; run matching versions.");
        }
        return confirmation;
    }

    /** Unloads a release; a release the pod does not hold counts as unloaded. */
    public void unload(PodEndpoint pod, String podName, String releaseId) {
        String what = "unload release " + releaseId;
        HttpResponse<String> response = sendAdmin(pod, podName, HttpRequest.newBuilder(
                PodProtocol.releaseUri(pod.baseUrl(), releaseId)).DELETE(), what);
        int status = response.statusCode();
        if (status != 200 && status != 204 && status != 404) {
            throw refused(podName, what, response);
        }
    }

    /** The pod's own view of its health and the releases it holds. */
    public HealthAnswer health(PodEndpoint pod, String podName) {
        HttpResponse<String> response = sendAdmin(pod, podName,
                HttpRequest.newBuilder(PodProtocol.healthUri(pod.baseUrl())).GET(), "health");
        JsonNode answer = parse(podName, "health", response);
        List<String> releases = new ArrayList<>();
        for (JsonNode release : answer.path("releases")) {
            if (release.isTextual()) {
                releases.add(release.asText());
            } else if (release.has(LoadConfirmation.RELEASE_ID)) {
                releases.add(release.path(LoadConfirmation.RELEASE_ID).asText());
            }
        }
        String status = answer.path("status").asText(response.statusCode() == 200 ? "ready" : "unhealthy");
        return new HealthAnswer(status, releases, answer.path("inFlight").asInt(-1), answer.path("queued").asInt(-1));
    }

    /** The failure of a run that got no answer from the pod. */
    public static DomainException unreachable(Exception cause) {
        String why = cause instanceof HttpTimeoutException ? "did not answer in time"
                : cause instanceof ConnectException ? "refused the connection" : "could not be reached";
        return DomainException.unavailable("pod.unreachable", "The workflow's pod " + why,
                "Retry in a few seconds; the platform restarts a pod that stopped.", cause);
    }

    private HttpResponse<byte[]> sendRun(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    private HttpResponse<String> sendAdmin(PodEndpoint pod, String podName, HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(adminTimeout)
                            .header("Authorization", BEARER + pod.token())
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DomainException("pod.unreachable", 503,
                    "The " + podName + " at " + pod.baseUrl() + " did not answer to " + what + ": " + e,
                    "The pod may be restarting; try again in a few seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException("pod.unreachable", 503, "Interrupted while asking the pod to " + what,
                    "Try again.", e);
        }
    }

    private static JsonNode parse(String podName, String what, HttpResponse<String> response) {
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer == null || answer.isMissingNode()) {
                throw new IOException("empty body");
            }
            return answer;
        } catch (IOException e) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + podName + " answered " + what + " with something that is not JSON (HTTP "
                            + response.statusCode() + "): " + abbreviate(response.body()),
                    "The pod server and the platform disagree on the contract; run matching versions.", e);
        }
    }

    private static DomainException refused(String podName, String what, HttpResponse<String> response) {
        int status = response.statusCode();
        PodError error = PodError.of(response.body());
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
        http.close();
    }
}
