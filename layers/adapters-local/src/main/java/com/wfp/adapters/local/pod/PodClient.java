package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The admin side of the pod's HTTP contract: load, unload and list releases, health. */
final class PodClient implements AutoCloseable {

    /** What the pod answered to a load. */
    record LoadConfirmation(String releaseId, String sha256, String loadedAt) {
    }

    /** What the pod answered to {@code GET /health}. */
    record HealthAnswer(String status, List<String> releases) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 1000;

    private final HttpClient http;
    private final Duration requestTimeout;

    PodClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    LoadConfirmation load(RunningPod pod, String releaseId, String workflowId, String version, JsonNode definition) {
        ObjectNode body = JSON.createObjectNode();
        body.put("workflowId", workflowId);
        body.put("version", version);
        body.set("definition", definition);
        HttpResponse<String> response = send(pod, HttpRequest.newBuilder(uri(pod, "/releases/" + releaseId))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"), "load release " + releaseId);
        if (response.statusCode() != 200) {
            throw refused(pod, "load release " + releaseId, response);
        }
        JsonNode answer = parse(pod, "load release " + releaseId, response);
        String sha256 = answer.path("sha256").asText("");
        if (sha256.isEmpty()) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + pod.kind() + " pod of " + pod.user() + " loaded release " + releaseId
                            + " but did not confirm a sha256: " + abbreviate(response.body()),
                    "The pod server and the platform disagree on the contract; run matching versions.");
        }
        return new LoadConfirmation(answer.path("releaseId").asText(releaseId), sha256,
                answer.path("loadedAt").asText(""));
    }

    /** Unloads a release; a release the pod does not hold counts as unloaded. */
    void unload(RunningPod pod, String releaseId) {
        HttpResponse<String> response = send(pod, HttpRequest.newBuilder(uri(pod, "/releases/" + releaseId)).DELETE(),
                "unload release " + releaseId);
        int status = response.statusCode();
        if (status != 200 && status != 204 && status != 404) {
            throw refused(pod, "unload release " + releaseId, response);
        }
    }

    HealthAnswer health(RunningPod pod) {
        HttpResponse<String> response = send(pod, HttpRequest.newBuilder(uri(pod, "/health")).GET(), "health");
        JsonNode answer = parse(pod, "health", response);
        List<String> releases = new ArrayList<>();
        for (JsonNode release : answer.path("releases")) {
            if (release.isTextual()) {
                releases.add(release.asText());
            } else if (release.has("releaseId")) {
                releases.add(release.path("releaseId").asText());
            } else if (release.has("id")) {
                releases.add(release.path("id").asText());
            }
        }
        String status = answer.path("status").asText(response.statusCode() == 200 ? PodStatus.READY : "unhealthy");
        return new HealthAnswer(status, releases);
    }

    private URI uri(RunningPod pod, String path) {
        return URI.create(pod.baseUrl() + path);
    }

    private HttpResponse<String> send(RunningPod pod, HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(requestTimeout)
                            .header("Authorization", "Bearer " + pod.token())
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DomainException("pod.unreachable", 503,
                    "The " + pod.kind() + " pod of " + pod.user() + " at " + pod.baseUrl()
                            + " did not answer to " + what + ": " + e,
                    "The pod may be restarting; try again in a few seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException("pod.unreachable", 503, "Interrupted while asking the pod to " + what,
                    "Try again.", e);
        }
    }

    private JsonNode parse(RunningPod pod, String what, HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DomainException("pod.bad-answer", 502,
                    "The " + pod.kind() + " pod of " + pod.user() + " answered " + what + " with something that is"
                            + " not JSON (HTTP " + response.statusCode() + "): " + abbreviate(response.body()),
                    "The pod server and the platform disagree on the contract; run matching versions.", e);
        }
    }

    private static DomainException refused(RunningPod pod, String what, HttpResponse<String> response) {
        int status = response.statusCode();
        PodError error = PodError.of(response.body());
        String message = "The " + pod.kind() + " pod of " + pod.user() + " refused to " + what + " (HTTP " + status
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
