package com.wfp.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodInvoker;
import com.wfp.platform.release.Release;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Calls users' pods over HTTP, the same way on Lambda and locally: {@code POST /run/{releaseId}}
 * with the pod's bearer token, passing the caller's method, headers (less hop-by-hop ones and the
 * caller's own credentials, {@code Authorization} and {@code X-Api-Key}, which the workflow never
 * sees), query and body unchanged. Platform headers ({@code X-Wfp-*})
 * are set here only, never taken from the caller.
 */
public final class HttpPodInvoker implements PodInvoker {

    /** Longest a run may take before the caller gets a 503 saying the pod did not answer in time. */
    public static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Headers that describe one connection, that the HTTP client sets itself, or that must not
     * pass between caller and pod, in either direction.
     */
    public static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length", "expect", "authorization", "x-api-key", "http2-settings", "date", ":status");

    private static final String PLATFORM_HEADER_PREFIX = "x-wfp-";

    private final Function<String, PodEndpoint> endpoints;
    private final HttpClient client;

    /**
     * @param endpoints where a user's pod listens (locally this starts the pod when it is not running)
     * @param client    an HTTP/1.1 client with keep-alive, shared by every call
     */
    public HttpPodInvoker(Function<String, PodEndpoint> endpoints, HttpClient client) {
        this.endpoints = endpoints;
        this.client = client;
    }

    /** The HTTP/1.1 client pods are called with: keep-alive, short connect timeout, no redirects. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public PodAnswer invoke(PodCall call) {
        PodEndpoint pod = endpoints.apply(call.user());
        HttpRequest.Builder request = HttpRequest.newBuilder(runUri(pod.baseUrl(), call.releaseId().value(),
                        call.rawQuery()))
                .timeout(RUN_TIMEOUT)
                .method(call.method(), call.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !name.startsWith(PLATFORM_HEADER_PREFIX)) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        request.header("Authorization", "Bearer " + pod.token());
        if (call.path() != null) {
            request.header("X-Wfp-Path", call.path());
        }
        if (call.shadow()) {
            request.header("X-Wfp-Shadow", "1");
        }
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new PodAnswer(response.statusCode(), response.headers().map(), response.body());
    }

    /**
     * Loads a release into the user's pod through its admin API ({@code PUT /releases/{id}}), for
     * hosts that reach pods without a {@code PodManager}, such as the route function on AWS.
     *
     * @return the sha256 the pod confirmed
     */
    public String load(String user, Release release) {
        PodEndpoint pod = endpoints.apply(user);
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.put("workflowId", release.ref().workflow());
        body.put("version", release.versionName());
        try {
            body.set("definition", ReportJson.mapper().readTree(release.definition()));
        } catch (IOException e) {
            throw new DomainException("store.corrupt", 500, "Release " + release.id() + " has a definition that is"
                    + " not JSON", "Restore the release store from a backup.", e);
        }
        HttpRequest request = HttpRequest.newBuilder(pod.baseUrl().resolve("/releases/" + release.id().value()))
                .timeout(RUN_TIMEOUT)
                .header("Authorization", "Bearer " + pod.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        String sha256 = "";
        try {
            JsonNode answer = ReportJson.mapper().readTree(response.body());
            sha256 = answer == null ? "" : answer.path("sha256").asText("");
        } catch (IOException notJson) {
            // Reported below with the body the pod sent.
        }
        if (response.statusCode() != 200 || sha256.isEmpty()) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new DomainException("pod.load-failed", 502, "The pod of " + user + " did not load release "
                    + release.versionName() + " (HTTP " + response.statusCode() + "): "
                    + (answer.length() > 500 ? answer.substring(0, 500) + "..." : answer),
                    "See the pod's error log; publish the release again once the pod is healthy.");
        }
        return sha256;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** The pod's run URL of a release, with the caller's raw query when it has one. */
    public static URI runUri(URI podBase, String releaseId, String rawQuery) {
        String base = podBase.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/run/" + releaseId
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    /** The failure of a call that got no answer from the pod. */
    public static DomainException unreachable(Exception cause) {
        String why = cause instanceof HttpTimeoutException ? "did not answer in time"
                : cause instanceof ConnectException ? "refused the connection" : "could not be reached";
        return DomainException.unavailable("pod.unreachable", "The workflow's pod " + why,
                "Retry in a few seconds; the platform restarts a pod that stopped.", cause);
    }
}
