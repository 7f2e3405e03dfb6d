package com.wfp.local.pods;

import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The one HTTP client the platform calls its pods' {@code POST /run/{releaseId}} with: HTTP/1.1
 * with keep-alive, shared by the data path, dry runs and draft runs.
 */
public final class PodCalls implements AutoCloseable {

    /** Longest a run may take before the caller gets a 504-like failure. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The shared client, for callers that build their own requests (the data path). */
    public HttpClient client() {
        return client;
    }

    /** The pod's run URL of a release, with the caller's raw query when it has one. */
    public static URI runUri(URI podBase, String releaseId, String rawQuery) {
        String base = podBase.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/run/" + releaseId
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    /**
     * Runs a release once with a JSON input.
     *
     * @throws DomainException 503 {@code pod.unreachable} when the pod does not answer
     */
    public HttpResponse<String> run(URI podBase, String token, String releaseId, String inputJson,
                                    Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(runUri(podBase, releaseId, null))
                .timeout(RUN_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(inputJson));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** The failure of a call that got no answer from the pod. */
    public static DomainException unreachable(Exception cause) {
        String why = cause instanceof HttpTimeoutException ? "did not answer in time"
                : cause instanceof ConnectException ? "refused the connection" : "could not be reached";
        return DomainException.unavailable("pod.unreachable", "The workflow's pod " + why,
                "Retry in a few seconds; the platform restarts a pod that stopped.", cause);
    }

    @Override
    public void close() {
        client.close();
    }
}
