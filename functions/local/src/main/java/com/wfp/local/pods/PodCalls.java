package com.wfp.local.pods;

import com.wfp.handlers.HttpPodInvoker;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The one HTTP client the platform calls its pods' {@code POST /run/{releaseId}} with: HTTP/1.1
 * with keep-alive, shared by the data path, dry runs and draft runs.
 */
public final class PodCalls implements AutoCloseable {

    private final HttpClient client = HttpPodInvoker.newClient();

    /** The shared client, for callers that build their own requests (the data path). */
    public HttpClient client() {
        return client;
    }

    /**
     * Runs a release once with a JSON input.
     *
     * @throws DomainException 503 {@code pod.unreachable} when the pod does not answer
     */
    public HttpResponse<String> run(URI podBase, String token, String releaseId, String inputJson,
                                    Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(HttpPodInvoker.runUri(podBase, releaseId, null))
                .timeout(HttpPodInvoker.RUN_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(inputJson));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw HttpPodInvoker.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpPodInvoker.unreachable(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
