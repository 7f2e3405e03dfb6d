package com.wfp.local.gateway;

import com.wfp.local.pods.PodCalls;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.release.Release;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a data path call to the user's pod ({@code POST /run/{releaseId}} with the pod token),
 * passing the method, headers (less hop-by-hop ones and the caller's Authorization), query and
 * body unchanged. A pod that lost a release (a retired one, after a restart) gets it loaded again
 * and the call retried once.
 */
final class PodForwarder {

    /** Headers that describe one connection, or that the HTTP client sets itself, or that must not reach the pod. */
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length", "expect", "authorization", "http2-settings");
    private static final String NOT_LOADED = "\"release.not-loaded\"";

    private final PodManager pods;
    private final PodCalls calls;

    PodForwarder(PodManager pods, PodCalls calls) {
        this.pods = pods;
        this.calls = calls;
    }

    /** The incoming call, as the pod should receive it. */
    record Call(String user, String method, HttpFields headers, String rawQuery, String path, byte[] body) {
    }

    HttpResponse<byte[]> forward(Call call, ReleaseTargets.Target target, ReleaseTargets targets) {
        return forward(call, target, targets, Map.of());
    }

    /** Forwards with platform headers added (such as {@code X-Wfp-Shadow}), which callers cannot set themselves. */
    HttpResponse<byte[]> forward(Call call, ReleaseTargets.Target target, ReleaseTargets targets,
                                 Map<String, String> platformHeaders) {
        PodEndpoint pod = pods.ensurePod(call.user());
        HttpResponse<byte[]> response = send(pod, call, target, platformHeaders);
        if (response.statusCode() == 404 && contains(response.body(), NOT_LOADED)) {
            Release release = targets.release(target.releaseId());
            pods.load(call.user(), release.id(), release.ref().workflow(), release.versionName(), release.definition());
            response = send(pod, call, target, platformHeaders);
        }
        return response;
    }

    private HttpResponse<byte[]> send(PodEndpoint pod, Call call, ReleaseTargets.Target target,
                                      Map<String, String> platformHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        PodCalls.runUri(pod.baseUrl(), target.releaseId().value(), call.rawQuery()))
                .timeout(PodCalls.RUN_TIMEOUT)
                .method(call.method(), call.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        for (HttpField field : call.headers()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !name.startsWith("x-wfp-")) {
                request.header(field.getName(), field.getValue());
            }
        }
        request.header("Authorization", "Bearer " + pod.token());
        request.header("X-Wfp-Path", call.path());
        platformHeaders.forEach(request::header);
        try {
            return calls.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw PodCalls.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PodCalls.unreachable(e);
        }
    }

    private static boolean contains(byte[] body, String text) {
        return body != null && body.length < 4096
                && new String(body, java.nio.charset.StandardCharsets.UTF_8).contains(text);
    }
}
