package com.wfp.adapters.pod;

import com.wfp.platform.release.InputRules;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The pod's HTTP protocol, written once for both ends of the wire (the pod server and {@link PodClient}).
 *
 * <pre>
 * GET    /health                 no token; 200 ready or 503 draining
 * GET    /releases               token; the loaded releases
 * PUT    /releases/{id}          token; load a {@link LoadRequest}, answered with a {@link LoadConfirmation}
 * GET    /releases/{id}          token; one loaded release
 * DELETE /releases/{id}          token; unload
 * ANY    /run/{id}               token; execute with the body as input
 * </pre>
 *
 * <p>Every route but {@code /health} takes {@code Authorization: Bearer <pod token>}. Headers under
 * {@code X-Wfp-} are the platform's signals to the pod; they are set by the client only, never taken from
 * a caller, and never shown to a workflow.
 */
public final class PodProtocol {

    public static final String HEALTH_PATH = "/health";
    public static final String RELEASES_PATH = "/releases";
    public static final String RELEASE_PREFIX = "/releases/";
    public static final String RUN_PREFIX = "/run/";

    /** Every platform header starts with this (lower case, as compared). */
    public static final String PLATFORM_HEADER_PREFIX = "x-wfp-";
    /** The path the caller used on the gateway, which the workflow sees as {@code request.path}. */
    public static final String PATH_HEADER = "X-Wfp-Path";
    /** The host the caller used on the gateway, which the workflow sees as {@code request.headers.host}. */
    public static final String HOST_HEADER = "X-Wfp-Host";
    /** {@code 1} for a shadow copy of a live call: the pod runs it without side effects that count. */
    public static final String SHADOW_HEADER = "X-Wfp-Shadow";
    /**
     * Who made a production call, as the gateway's authorizer decided (an API key id, {@code anonymous},
     * a person's id): the pod writes it in the execution's line, so telemetry learns the caller with the
     * execution. Only the gateway sets it; a caller's own is dropped like every {@code X-Wfp-*}.
     */
    public static final String CALLER_HEADER = "X-Wfp-Caller";
    /** The longest caller key id either end accepts. */
    public static final int MAX_CALLER_KEY_ID_LENGTH = 128;
    /** The longest Unix domain socket path Linux binds ({@code sun_path} holds 108 bytes with its terminator). */
    public static final int MAX_UNIX_SOCKET_PATH = 107;

    /** Whether the kernel can bind a Unix domain socket at {@code socket}, by the length of its path in bytes. */
    public static boolean fitsUnixSocketPath(Path socket) {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_UNIX_SOCKET_PATH;
    }

    /** The execution id a caller may choose (8-128 of {@code [A-Za-z0-9._-]}); the pod answers with it. */
    public static final String EXECUTION_ID_HEADER = "X-Execution-Id";
    /** The release that answered a run. */
    public static final String RELEASE_ID_HEADER = "X-Release-Id";
    /** The version name of the release that answered a run. */
    public static final String WORKFLOW_VERSION_HEADER = "X-Workflow-Version";

    /**
     * Headers that describe one connection, that the HTTP client sets itself, or that must not pass between
     * caller and pod, in either direction: among them the caller's own credentials, {@code Authorization} and
     * {@code X-Api-Key}, which the workflow never sees.
     */
    public static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length", "expect", "authorization", "x-api-key", "http2-settings", "date", ":status");

    private PodProtocol() {
    }

    /** True for a header only the platform may set ({@code X-Wfp-*}), whatever its case. */
    public static boolean isPlatformHeader(String name) {
        return name.regionMatches(true, 0, PLATFORM_HEADER_PREFIX, 0, PLATFORM_HEADER_PREFIX.length());
    }

    /** True for a header that passes between caller and pod: neither hop-by-hop nor the platform's own. */
    public static boolean isForwarded(String name) {
        return !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !isPlatformHeader(name);
    }

    /**
     * Whether a caller key id is plausible: 1 to {@value #MAX_CALLER_KEY_ID_LENGTH} of
     * {@code [A-Za-z0-9_.:-]}, starting with a letter or digit (key ids, {@code anonymous} and person ids
     * all are). Both ends check it: the pod before writing it in its line, the platform reading the line.
     * A loop, not a regex: it runs for every production execution.
     */
    public static boolean isPlausibleCallerKeyId(String keyId) {
        return callerKeyIdOrNull(keyId) != null;
    }

    /** {@code keyId} when it is a plausible caller key id ({@link #isPlausibleCallerKeyId}), else null. */
    public static String callerKeyIdOrNull(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_CALLER_KEY_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < keyId.length(); i++) {
            char c = keyId.charAt(i);
            if (!InputRules.isAsciiLetterOrDigit(c) && (i == 0 || (c != '_' && c != '.' && c != ':' && c != '-'))) {
                return null;
            }
        }
        return keyId;
    }

    /** The pod's run URL of a release, with the caller's raw query when it has one. */
    public static URI runUri(URI podBase, String releaseId, String rawQuery) {
        return URI.create(base(podBase) + RUN_PREFIX + releaseId
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    /** The pod's admin URL of one release. */
    public static URI releaseUri(URI podBase, String releaseId) {
        return URI.create(base(podBase) + RELEASE_PREFIX + releaseId);
    }

    /** The pod's health URL. */
    public static URI healthUri(URI podBase) {
        return URI.create(base(podBase) + HEALTH_PATH);
    }

    private static String base(URI podBase) {
        String base = podBase.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
