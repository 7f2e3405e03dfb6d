package com.wfp.platform.access;

import com.wfp.platform.testing.SettableClock;
import com.wfp.platform.port.InMemoryKeyStore;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Stickiness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionAuthorizerTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "orders");
    private static final WorkflowRef OPEN = new WorkflowRef("alice", "shop", "open");
    private static final WorkflowRef BOBS = new WorkflowRef("bob", "shop", "orders");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryReleaseStore releases = new InMemoryReleaseStore();
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final RecordingEventBus events = new RecordingEventBus();
    private final SettableClock clock = new SettableClock(T0);
    private final AtomicLong nanos = new AtomicLong();
    private WorkflowAccessRules rules;
    private ProductionAuthorizer authorizer;
    private ApiKeyService service;

    @BeforeEach
    void publish() {
        route(ORDERS, "v1", "apiKey", "[\"https://app.example.com\"]");
        route(OPEN, "v1", "none", "[]");
        route(BOBS, "v1", "apiKey", "[]");
        rules = new WorkflowAccessRules(releases, releases, events, null, nanos::get);
        authorizer = new ProductionAuthorizer(rules, keys, clock, null, nanos::get);
        service = new ApiKeyService(keys, clock, authorizer::forget);
    }

    private Release route(WorkflowRef ref, String version, String auth, String origins) {
        String definition = "{\"format\":1,\"id\":\"" + ref.workflow() + "\",\"nodes\":[{\"id\":\"in\",\"type\":"
                + "\"trigger.http\",\"config\":{\"method\":\"POST\",\"auth\":\"" + auth + "\",\"allowedOrigins\":"
                + origins + "}}]}";
        Release release = releases.createRelease(NewRelease.of(ref, version, "", definition, "{}", "alice", T0));
        RoutingConfig current = releases.routing(ref);
        releases.compareAndSetRouting(ref, current.revision(), new RoutingConfig(ref, current.revision() + 1,
                List.of(new RouteWeight(release.id(), 100)), Stickiness.OFF, null), "alice", "test");
        return release;
    }

    private CreatedApiKey key(String workflow, String version, Set<KeyPermission> permissions, int rate) {
        return service.create(new NewApiKey("ci", ApiKeyFormat.Environment.LIVE,
                new KeyScope("alice", "shop", workflow, version, permissions), null, rate), "alice");
    }

    private static CallCredentials call(WorkflowRef ref, String key) {
        return new CallCredentials(ref, null, null, "POST", key, null, null);
    }

    @Test
    void authorize_whenNoKey_refuses401WithAChallenge() {
        AccessDecision decision = authorizer.authorize(call(ORDERS, null));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.code()).isEqualTo("auth.key-required");
        assertThat(decision.headers()).containsKey("WWW-Authenticate");
    }

    @Test
    void authorize_whenTheKeyCoversTheWorkflow_allowsAsTheKeyId() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 0);

        AccessDecision byHeader = authorizer.authorize(call(ORDERS, created.secret()));
        AccessDecision byBearer = authorizer.authorize(new CallCredentials(ORDERS, null, null, "POST", null,
                "Bearer " + created.secret(), null));

        assertThat(byHeader.allowed()).isTrue();
        assertThat(byHeader.principal()).isEqualTo(created.key().id());
        assertThat(byBearer.allowed()).isTrue();
    }

    @Test
    void authorize_whenTheKeyIsMistypedOrMadeUp_refuses401WithoutReadingTheStoreForTypos() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 0);
        String secret = created.secret();
        String typo = secret.substring(0, 20) + (secret.charAt(20) == 'a' ? 'b' : 'a') + secret.substring(21);
        int readsBefore = keys.hashReads();

        assertThat(authorizer.authorize(call(ORDERS, typo)).code()).isEqualTo("auth.key-malformed");
        assertThat(keys.hashReads()).isEqualTo(readsBefore);
        assertThat(authorizer.authorize(call(ORDERS, ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE))).code())
                .isEqualTo("auth.key-unknown");
    }

    @Test
    void authorize_whenTheKeyIsForAnotherProjectWorkflowVersionOrCannotInvoke_refuses403() {
        CreatedApiKey otherWorkflow = key("refunds", null, Set.of(KeyPermission.INVOKE), 0);
        CreatedApiKey readOnly = key(null, null, Set.of(KeyPermission.READ), 0);
        CreatedApiKey pinned = key("orders", "v1", Set.of(KeyPermission.INVOKE), 0);

        assertThat(authorizer.authorize(call(ORDERS, otherWorkflow.secret())).status()).isEqualTo(403);
        assertThat(authorizer.authorize(call(ORDERS, readOnly.secret())).status()).isEqualTo(403);
        assertThat(authorizer.authorize(call(BOBS, key(null, null, Set.of(KeyPermission.INVOKE), 0).secret()))
                .code()).isEqualTo("auth.key-scope");
        assertThat(authorizer.authorize(call(ORDERS, pinned.secret())).status()).isEqualTo(403);
        assertThat(authorizer.authorize(new CallCredentials(ORDERS, "v1", null, "POST", pinned.secret(), null, null))
                .allowed()).isTrue();
        assertThat(authorizer.authorize(new CallCredentials(ORDERS, null, "v1", "POST", pinned.secret(), null, null))
                .allowed()).isTrue();
    }

    @Test
    void authorize_afterRevoke_refusesTheVeryNextCall() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 0);
        assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();

        service.revoke(created.key().id());

        AccessDecision after = authorizer.authorize(call(ORDERS, created.secret()));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("auth.key-revoked");
    }

    @Test
    void authorize_whileWarm_readsTheStoreOncePerKey() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 0);
        authorizer.authorize(call(ORDERS, created.secret()));
        int reads = keys.hashReads();

        for (int i = 0; i < 100; i++) {
            assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();
        }
        assertThat(keys.hashReads()).isEqualTo(reads);
    }

    @Test
    void authorize_afterExpiry_refuses401() {
        CreatedApiKey created = service.create(new NewApiKey("short", ApiKeyFormat.Environment.TEST,
                new KeyScope("alice", "shop", null, null, Set.of(KeyPermission.INVOKE)), Duration.ofMinutes(5), 0),
                "alice");
        assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();

        clock.advance(Duration.ofMinutes(5));

        assertThat(authorizer.authorize(call(ORDERS, created.secret())).code()).isEqualTo("auth.key-expired");
    }

    @Test
    void rotate_keepsBothKeysWorkingForTheOverlapOnly() {
        CreatedApiKey old = key(null, null, Set.of(KeyPermission.INVOKE), 0);
        CreatedApiKey fresh = service.rotate(old.key().id(), Duration.ofHours(1), "alice");

        assertThat(authorizer.authorize(call(ORDERS, old.secret())).allowed()).isTrue();
        assertThat(authorizer.authorize(call(ORDERS, fresh.secret())).allowed()).isTrue();
        assertThat(fresh.key().scope()).isEqualTo(old.key().scope());

        clock.advance(Duration.ofHours(1));

        assertThat(authorizer.authorize(call(ORDERS, old.secret())).code()).isEqualTo("auth.key-expired");
        assertThat(authorizer.authorize(call(ORDERS, fresh.secret())).allowed()).isTrue();
    }

    @Test
    void authorize_overTheKeysRate_refuses429WithRetryAfter() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 2);

        assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();
        assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();
        AccessDecision third = authorizer.authorize(call(ORDERS, created.secret()));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.headers()).containsEntry("Retry-After", "1");

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(authorizer.authorize(call(ORDERS, created.secret())).allowed()).isTrue();
    }

    @Test
    void authorize_whenTheMethodIsNotTheTriggers_refuses405WithAllowOnlyToCallersWhoMayCall() {
        CreatedApiKey created = key(null, null, Set.of(KeyPermission.INVOKE), 0);

        AccessDecision withKey = authorizer.authorize(new CallCredentials(ORDERS, null, null, "DELETE", created.secret(),
                null, null));
        AccessDecision withoutKey = authorizer.authorize(new CallCredentials(ORDERS, null, null, "DELETE", null, null,
                null));
        AccessDecision open = authorizer.authorize(new CallCredentials(OPEN, null, null, "get", null, null, null));

        assertThat(withKey.allowed()).isFalse();
        assertThat(withKey.status()).isEqualTo(405);
        assertThat(withKey.code()).isEqualTo("request.method-not-allowed");
        assertThat(withKey.headers()).containsEntry("Allow", "POST");
        assertThat(withKey.message()).contains("POST").contains("DELETE");
        assertThat(withoutKey.status()).as("no key: no hint about the method").isEqualTo(401);
        assertThat(open.status()).isEqualTo(405);
        assertThat(authorizer.authorize(new CallCredentials(OPEN, null, null, "post", null, null, null)).allowed()).isTrue();
    }

    @Test
    void authorize_whenTheTriggerSaysNone_letsAnyoneIn() {
        assertThat(authorizer.authorize(call(OPEN, null)).principal()).isEqualTo(AccessDecision.ANONYMOUS);
    }

    @Test
    void authorize_whenTheTriggerAsksForATokenAndNoIssuerIsConfigured_refusesSayingSo() {
        route(new WorkflowRef("alice", "shop", "tokens"), "v1", "token", "[]");

        AccessDecision decision = authorizer.authorize(call(new WorkflowRef("alice", "shop", "tokens"), null));

        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.code()).isEqualTo("auth.token-unsupported");
    }

    @Test
    void authorize_whenTheTriggerAsksForATokenAndAnIssuerIsConfigured_letsInWhomItVouchesForOnly() {
        WorkflowRef tokens = new WorkflowRef("alice", "shop", "tokens");
        route(tokens, "v1", "token", "[]");
        com.wfp.platform.port.IdentityTokenVerifier issuer = token -> {
            if (!token.equals("good.jwt.sig")) {
                throw new com.wfp.workflow.error.DomainException("auth.token-invalid", 401, "The OIDC token was refused",
                        "Sign in again.");
            }
            return new com.wfp.platform.port.IdentityTokenVerifier.VerifiedToken("zoe", "jti-1", T0.plusSeconds(600));
        };
        ProductionAuthorizer withIssuer = new ProductionAuthorizer(rules, keys, clock, null, nanos::get, issuer);
        String key = key(null, null, EnumSet.of(KeyPermission.INVOKE), 10).secret();

        AccessDecision allowed = withIssuer.authorize(new CallCredentials(tokens, null, null, "POST", null,
                "Bearer good.jwt.sig", null));
        AccessDecision forged = withIssuer.authorize(new CallCredentials(tokens, null, null, "POST", null,
                "Bearer forged.jwt.sig", null));
        AccessDecision none = withIssuer.authorize(new CallCredentials(tokens, null, null, "POST", null, null, null));
        AccessDecision apiKey = withIssuer.authorize(new CallCredentials(tokens, null, null, "POST", key, null, null));

        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.principal()).isEqualTo("zoe");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.code()).isEqualTo("auth.token-invalid");
        assertThat(forged.headers()).containsKey("WWW-Authenticate");
        assertThat(none.code()).isEqualTo("auth.token-required");
        assertThat(apiKey.code()).as("an API key is not a token").isEqualTo("auth.token-required");
    }

    @Test
    void authorize_whenAnUnknownWorkflowIsCalled_asksForAKey() {
        assertThat(authorizer.authorize(call(new WorkflowRef("alice", "shop", "nothing"), null)).status())
                .isEqualTo(401);
    }

    @Test
    void authorize_whenARoutingChangeOpensOrClosesTheWorkflow_followsItAfterTheEvent() {
        assertThat(authorizer.authorize(call(OPEN, null)).allowed()).isTrue();

        route(OPEN, "v2", "apiKey", "[]");
        rules.invalidate(OPEN);

        assertThat(authorizer.authorize(call(OPEN, null)).status()).isEqualTo(401);
        assertThat(authorizer.authorize(new CallCredentials(OPEN, "v1", null, "POST", null, null, null)).allowed())
                .isTrue();
    }

    @Test
    void preflight_neverLetsACallThroughAndAnswersOnlyListedOrigins() {
        AccessDecision listed = authorizer.authorize(new CallCredentials(ORDERS, null, null, "OPTIONS", null, null,
                "https://app.example.com"));
        AccessDecision other = authorizer.authorize(new CallCredentials(ORDERS, null, null, "OPTIONS", null, null,
                "https://evil.example"));
        AccessDecision openWorkflow = authorizer.authorize(new CallCredentials(OPEN, null, null, "OPTIONS", null, null,
                "https://app.example.com"));

        assertThat(listed.outcome()).isEqualTo(AccessDecision.Outcome.PREFLIGHT);
        assertThat(listed.status()).isEqualTo(204);
        assertThat(listed.headers()).containsEntry("Access-Control-Allow-Origin", "https://app.example.com");
        assertThat(other.outcome()).isEqualTo(AccessDecision.Outcome.PREFLIGHT);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.headers()).doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(openWorkflow.allowed()).isFalse();
        assertThat(openWorkflow.status()).isEqualTo(403);
    }

    @Test
    void keyScope_whenAVersionHasNoWorkflow_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new KeyScope("alice", "shop", null, "v1", EnumSet.of(KeyPermission.INVOKE)))
                .hasMessageContaining("must name its workflow");
    }

    @Test
    void events_whenRoutingChanges_dropTheCachedRules() {
        assertThat(authorizer.authorize(call(OPEN, null)).allowed()).isTrue();
        route(OPEN, "v2", "apiKey", "[]");

        events.publish(new DomainEvent.TrafficChanged(OPEN, T0, releases.routing(OPEN), "alice", "test"));

        assertThat(authorizer.authorize(call(OPEN, null)).allowed()).isFalse();
    }
}
