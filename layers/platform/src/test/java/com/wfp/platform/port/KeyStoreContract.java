package com.wfp.platform.port;

import com.wfp.platform.access.ApiKey;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link KeyStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store from {@link #newStore()}.
 */
public abstract class KeyStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    protected KeyStore store;

    /** A fresh, empty store. */
    protected abstract KeyStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    protected static ApiKey key(String id, String user, String project, Instant createdAt) {
        String secret = ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE);
        return new ApiKey(id, "ci " + id.substring(4, 8), ApiKeyFormat.Environment.LIVE, ApiKeyFormat.hash(secret),
                new KeyScope(user, project, "orders", "v1", Set.of(KeyPermission.INVOKE, KeyPermission.READ)),
                5, "alice", createdAt, createdAt.plusSeconds(3600), null, null, null);
    }

    @Test
    void create_thenByHashAndById_returnTheKeyAsGiven() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        assertThat(store.byHash(key.hash())).contains(key);
        assertThat(store.byId(key.id())).contains(key);
        assertThat(store.byHash("0".repeat(64))).isEmpty();
        assertThat(store.byId("key_AAAAAAAAAAAAAAA9")).isEmpty();
    }

    @Test
    void create_whenTheIdIsTaken_isRefusedAndKeepsTheFirst() {
        ApiKey first = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(first);

        assertThatThrownBy(() -> store.create(key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0)))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).httpStatus()).isEqualTo(409));
        assertThat(store.byId(first.id())).contains(first);
    }

    @Test
    void list_whenOtherProjectsHaveKeys_showsOnlyThisProjectsOldestFirst() {
        ApiKey later = key("key_AAAAAAAAAAAAAAA2", "alice", "shop", T0.plusSeconds(10));
        ApiKey earlier = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(later);
        store.create(earlier);
        store.create(key("key_AAAAAAAAAAAAAAA3", "alice", "other", T0));
        store.create(key("key_AAAAAAAAAAAAAAA4", "bob", "shop", T0));

        assertThat(store.list("alice", "shop")).extracting(ApiKey::id).containsExactly(earlier.id(), later.id());
    }

    @Test
    void revoke_whenRevokedTwice_keepsTheFirstTime() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        assertThat(store.revoke(key.id(), T0.plusSeconds(5))).get().extracting(ApiKey::revokedAt)
                .isEqualTo(T0.plusSeconds(5));
        assertThat(store.revoke(key.id(), T0.plusSeconds(9))).get().extracting(ApiKey::revokedAt)
                .isEqualTo(T0.plusSeconds(5));
        assertThat(store.byHash(key.hash()).orElseThrow().activeAt(T0.plusSeconds(6))).isFalse();
        assertThat(store.revoke("key_AAAAAAAAAAAAAAA9", T0)).isEmpty();
    }

    @Test
    void replace_shortensTheExpiryButNeverExtendsIt() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        ApiKey shortened = store.replace(key.id(), "key_AAAAAAAAAAAAAAA2", T0.plusSeconds(60)).orElseThrow();
        assertThat(shortened.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(shortened.replacedBy()).isEqualTo("key_AAAAAAAAAAAAAAA2");

        ApiKey kept = store.replace(key.id(), "key_AAAAAAAAAAAAAAA3", T0.plusSeconds(7200)).orElseThrow();
        assertThat(kept.expiresAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void replace_whenTheTimesDifferInFractionsOfASecond_comparesThemAsTimes() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        ApiKey kept = store.replace(key.id(), "key_AAAAAAAAAAAAAAA2", key.expiresAt().plusMillis(500)).orElseThrow();
        ApiKey shortened = store.replace(key.id(), "key_AAAAAAAAAAAAAAA2", key.expiresAt().minusMillis(500))
                .orElseThrow();

        assertThat(kept.expiresAt()).isEqualTo(key.expiresAt());
        assertThat(shortened.expiresAt()).isEqualTo(key.expiresAt().minusMillis(500));
    }

    @Test
    void recordUse_neverMovesTheLastUseBack() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        store.recordUse(List.of(key.id()), T0.plusSeconds(120));
        store.recordUse(List.of(key.id()), T0.plusSeconds(60));

        assertThat(store.byId(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(120));
    }
}
