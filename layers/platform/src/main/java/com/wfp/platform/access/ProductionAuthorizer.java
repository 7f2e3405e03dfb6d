package com.wfp.platform.access;

import com.wfp.platform.port.IdentityTokenVerifier;
import com.wfp.platform.port.KeyStore;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides whether a production call may reach its workflow, before any routing: the trigger's
 * {@code auth} of the releases that can serve the URL says what to ask for ({@link WorkflowAccessRules}),
 * and an API key must be well formed (checked offline by its checksum), known, neither revoked
 * nor expired, scoped to the workflow (and version) with the invoke permission, and within its
 * rate. A trigger asking for a {@code token} takes a JWT of the deployment's OIDC issuer in
 * {@code Authorization: Bearer}, verified by the {@link IdentityTokenVerifier} (signature against
 * the issuer's key set, issuer, audience, expiry): any person that issuer vouches for may call, and
 * the call's principal is that person's id. A CORS preflight is answered here and never runs a workflow.
 *
 * <p>Verified keys are cached by their hash, so a warm call costs a SHA-256 and two map reads.
 * {@link #forget(ApiKey)} drops a key at once (the key service calls it on revoke and rotate);
 * where changes happen in another process, a maximum age bounds how long a cached key serves.
 */
public final class ProductionAuthorizer {

    /** The header an API key travels in (or {@code Authorization: Bearer wfp_...}). */
    public static final String API_KEY_HEADER = "X-Api-Key";

    private static final String CHALLENGE = "Bearer realm=\"wfp\", charset=\"UTF-8\"";
    private static final int MAX_CACHED_KEYS = 100_000;

    private static final class CachedKey {
        private final ApiKey key;
        private final long loadedAtNanos;
        private volatile long lastUseMinute;

        CachedKey(ApiKey key, long loadedAtNanos) {
            this.key = key;
            this.loadedAtNanos = loadedAtNanos;
            this.lastUseMinute = key.lastUsedAt() == null ? Long.MIN_VALUE
                    : key.lastUsedAt().getEpochSecond() / 60;
        }
    }

    private final WorkflowAccessRules rules;
    private final KeyStore keys;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private final KeyRateLimiter limiter;
    private final IdentityTokenVerifier tokens;
    private final ConcurrentHashMap<String, CachedKey> byHash = new ConcurrentHashMap<>();

    /**
     * @param maxAge how long a cached key serves without being read again; null for as long as
     *               nobody calls {@link #forget(ApiKey)}
     */
    public ProductionAuthorizer(WorkflowAccessRules rules, KeyStore keys, Clock clock, Duration maxAge,
                                LongSupplier nanoTime) {
        this(rules, keys, clock, maxAge, nanoTime, null);
    }

    /**
     * @param maxAge how long a cached key serves without being read again; null for as long as
     *               nobody calls {@link #forget(ApiKey)}
     * @param tokens verifies the JWTs {@code "auth": "token"} triggers take; null when no OIDC
     *               issuer is configured (such triggers then refuse every call)
     */
    public ProductionAuthorizer(WorkflowAccessRules rules, KeyStore keys, Clock clock, Duration maxAge,
                                LongSupplier nanoTime, IdentityTokenVerifier tokens) {
        this.tokens = tokens;
        this.rules = rules;
        this.keys = keys;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAge == null ? Long.MAX_VALUE : maxAge.toNanos();
        this.limiter = new KeyRateLimiter(nanoTime);
    }

    /** Decides one call. Never throws for a bad credential: every refusal is a decision. */
    public AccessDecision authorize(CallCredentials call) {
        TriggerAccess access = rules.of(call.ref(), call.requestedVersion());
        Map<String, String> cors = cors(access, call.origin());
        if ("OPTIONS".equalsIgnoreCase(call.method())) {
            return preflight(access, call, cors);
        }
        AccessDecision decision = switch (access.mode()) {
            case NONE -> AccessDecision.allow(AccessDecision.ANONYMOUS, cors);
            case TOKEN -> byToken(call, cors);
            case API_KEY -> byKey(call, cors);
        };
        // Only a caller who may call learns which method the trigger takes; the workflow never runs for another.
        if (decision.allowed() && !access.allowsMethod(call.method())) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            headers.put("Allow", String.join(", ", new TreeSet<>(access.methods())));
            return AccessDecision.deny(405, "request.method-not-allowed", "Workflow " + call.ref().path()
                    + " is called with " + String.join(" or ", new TreeSet<>(access.methods())) + ", not "
                    + printable(call.method()), "Call it with the method its trigger names (see the Allow header).",
                    headers).by(decision.principal());
        }
        return decision;
    }

    private static String printable(String method) {
        String safe = method == null ? "(none)" : method.replaceAll("[^A-Za-z-]", "?");
        return safe.length() > 20 ? safe.substring(0, 20) + "..." : safe;
    }

    private AccessDecision byKey(CallCredentials call, Map<String, String> cors) {
        String presented = presentedKey(call);
        if (presented == null) {
            return AccessDecision.deny(401, "auth.key-required", "Workflow " + call.ref().path() + " needs an API key",
                    "Send the key in the X-Api-Key header (or 'Authorization: Bearer wfp_...'); "
                            + "`wfp keys create --project " + call.ref().user() + "/" + call.ref().project()
                            + " --name NAME` makes one.", challenge(cors, null));
        }
        if (!ApiKeyFormat.wellFormed(presented)) {
            return AccessDecision.deny(401, "auth.key-malformed", "The API key presented is not a wfp key (its "
                    + "prefix, length or checksum is wrong)", "Copy the whole key as `wfp keys create` printed it.",
                    challenge(cors, "invalid_token"));
        }
        CachedKey cached = lookUp(ApiKeyFormat.hash(presented));
        if (cached == null) {
            return AccessDecision.deny(401, "auth.key-unknown", "The API key presented is not known to this platform",
                    "Check the key, or create one with `wfp keys create`.", challenge(cors, "invalid_token"));
        }
        ApiKey key = cached.key;
        Instant now = clock.instant();
        if (key.revokedAt() != null) {
            return AccessDecision.deny(401, "auth.key-revoked", "API key " + key.id() + " was revoked at "
                    + key.revokedAt(), "Use another key; `wfp keys list` shows the project's keys.",
                    challenge(cors, "invalid_token")).by(key.id());
        }
        if (!key.activeAt(now)) {
            return AccessDecision.deny(401, "auth.key-expired", "API key " + key.id() + " expired at "
                    + key.expiresAt(), key.replacedBy() == null ? "Create a new key with `wfp keys create`."
                    : "It was rotated: use its replacement " + key.replacedBy() + ".", challenge(cors, "invalid_token"))
                    .by(key.id());
        }
        if (!key.scope().permissions().contains(KeyPermission.INVOKE)
                || !key.scope().covers(call.ref(), call.requestedVersion())) {
            return AccessDecision.deny(403, "auth.key-scope", "API key " + key.id() + " (" + key.scope().describe()
                    + ") may not invoke " + call.ref().path()
                    + (call.requestedVersion() == null ? "" : " version "
                    + com.wfp.platform.release.InputRules.abbreviate(call.requestedVersion())),
                    "Use a key whose scope covers this workflow" + (key.scope().version() == null ? ""
                            : " (a key pinned to a version works only on that version's URL or with its "
                            + "X-Workflow-Version header)") + " and that may invoke.", cors).by(key.id());
        }
        long waitSeconds = limiter.acquire(key.id(), key.ratePerSecond());
        if (waitSeconds > 0) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            headers.put("Retry-After", Long.toString(waitSeconds));
            return AccessDecision.deny(429, "auth.rate-limited", "API key " + key.id() + " is limited to "
                    + key.ratePerSecond() + " calls per second", "Retry after " + waitSeconds
                    + " s, or ask the project's owner for a higher rate.", headers).by(key.id());
        }
        noteUse(cached, now);
        return AccessDecision.allow(key.id(), cors);
    }

    private AccessDecision byToken(CallCredentials call, Map<String, String> cors) {
        if (tokens == null) {
            return AccessDecision.deny(401, "auth.token-unsupported", "Workflow " + call.ref().path()
                    + " asks for a token (\"auth\": \"token\"), and this platform has no token issuer configured",
                    "Configure the OIDC issuer (WFP_OIDC_ISSUER, WFP_OIDC_AUDIENCE, WFP_OIDC_JWKS_URL), or set the "
                            + "trigger's auth to \"apiKey\" and call with a key from `wfp keys create`.",
                    challenge(cors, "invalid_token"));
        }
        String authorization = call.authorization();
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (token == null || !IdentityTokenVerifier.looksLikeJwt(token)) {
            return AccessDecision.deny(401, "auth.token-required", "Workflow " + call.ref().path()
                    + " needs a token of the platform's OIDC issuer", "Send it as 'Authorization: Bearer <JWT>'.",
                    challenge(cors, null));
        }
        try {
            return AccessDecision.allow(tokens.verify(token).person(), cors);
        } catch (DomainException refused) {
            return AccessDecision.deny(401, refused.code(), refused.getMessage(), refused.hint(),
                    challenge(cors, "invalid_token"));
        }
    }

    private CachedKey lookUp(String hash) {
        CachedKey cached = byHash.get(hash);
        long now = nanoTime.getAsLong();
        if (cached != null && (maxAgeNanos == Long.MAX_VALUE || now - cached.loadedAtNanos < maxAgeNanos)) {
            return cached;
        }
        // Unknown hashes are not cached: made-up keys must not grow the cache.
        CachedKey loaded = keys.byHash(hash).map(key -> new CachedKey(key, now)).orElse(null);
        if (loaded != null) {
            if (byHash.size() >= MAX_CACHED_KEYS) {
                byHash.clear();
            }
            byHash.put(hash, loaded);
        } else {
            byHash.remove(hash);
        }
        return loaded;
    }

    /** Records the last use at most once a minute per key, so a busy key costs one write a minute. */
    private void noteUse(CachedKey cached, Instant now) {
        long minute = now.getEpochSecond() / 60;
        if (cached.lastUseMinute >= minute) {
            return;
        }
        cached.lastUseMinute = minute;
        try {
            keys.recordUse(List.of(cached.key.id()), now.truncatedTo(ChronoUnit.MINUTES));
        } catch (RuntimeException e) {
            // The last-used time is informative; a failed write must not refuse a good call.
        }
    }

    /** Drops the key from the cache: its next call reads the store again. */
    public void forget(ApiKey key) {
        byHash.remove(key.hash());
        limiter.forget(key.id());
    }

    private static String presentedKey(CallCredentials call) {
        if (call.apiKey() != null && !call.apiKey().isBlank()) {
            return call.apiKey().strip();
        }
        String authorization = call.authorization();
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return ApiKeyFormat.looksLikeKey(token) ? token : null;
        }
        return null;
    }

    private static AccessDecision preflight(TriggerAccess access, CallCredentials call, Map<String, String> cors) {
        if (cors.isEmpty()) {
            return new AccessDecision(AccessDecision.Outcome.PREFLIGHT, 403, "cors.origin-not-allowed",
                    "Origin " + (call.origin() == null ? "(none)" : call.origin()) + " may not call "
                            + call.ref().path() + " from a browser",
                    "List the origin in the trigger's allowedOrigins and publish again.", null, Map.of());
        }
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.put("Access-Control-Allow-Methods", access.methods().isEmpty() ? "GET, POST, PUT, PATCH, DELETE"
                : String.join(", ", new TreeSet<>(access.methods())));
        headers.put("Access-Control-Allow-Headers", "Content-Type, X-Api-Key, Authorization, X-Workflow-Version");
        headers.put("Access-Control-Max-Age", "600");
        return new AccessDecision(AccessDecision.Outcome.PREFLIGHT, 204, null, null, null, null, headers);
    }

    private static Map<String, String> cors(TriggerAccess access, String origin) {
        if (!access.allowsOrigin(origin)) {
            return Map.of();
        }
        return Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin");
    }

    private static Map<String, String> challenge(Map<String, String> cors, String error) {
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.put("WWW-Authenticate", error == null ? CHALLENGE : CHALLENGE + ", error=\"" + error + "\"");
        return headers;
    }
}
