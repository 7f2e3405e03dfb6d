package com.wfp.platform.port;

import com.wfp.platform.secrets.StoredSecret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link SecretStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store from {@link #newStore()}.
 */
public abstract class SecretStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    protected SecretStore store;

    /** A fresh, empty store. */
    protected abstract SecretStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    protected static StoredSecret secret(String user, String project, String name, String sealed, Instant at) {
        return new StoredSecret(user, project, name, sealed, at);
    }

    @Test
    void put_thenFind_returnsTheSecretAsGiven() {
        StoredSecret crm = secret("alice", "shop", "crm", "v1.AAAA.BBBB", T0);
        store.put(crm);

        assertThat(store.find("alice", "shop", "crm")).contains(crm);
        assertThat(store.find("alice", "shop", "mail")).isEmpty();
        assertThat(store.find("alice", "other", "crm")).isEmpty();
        assertThat(store.find("bob", "shop", "crm")).isEmpty();
    }

    @Test
    void put_whenTheNameExists_replacesValueAndTime() {
        store.put(secret("alice", "shop", "crm", "v1.AAAA.BBBB", T0));
        StoredSecret newer = secret("alice", "shop", "crm", "v1.CCCC.DDDD", T0.plusSeconds(60));
        store.put(newer);

        assertThat(store.find("alice", "shop", "crm")).contains(newer);
        assertThat(store.list("alice", "shop")).containsExactly(newer);
    }

    @Test
    void list_whenOtherProjectsHaveSecrets_showsOnlyThisProjectsByName() {
        StoredSecret mail = secret("alice", "shop", "mail", "v1.A.B", T0);
        StoredSecret crm = secret("alice", "shop", "crm", "v1.C.D", T0.plusSeconds(5));
        store.put(mail);
        store.put(crm);
        store.put(secret("alice", "other", "crm", "v1.E.F", T0));
        store.put(secret("bob", "shop", "crm", "v1.G.H", T0));

        assertThat(store.list("alice", "shop")).containsExactly(crm, mail);
        assertThat(store.list("carol", "shop")).isEmpty();
    }

    @Test
    void delete_removesOnlyThatSecretAndSaysWhetherThereWasOne() {
        store.put(secret("alice", "shop", "crm", "v1.A.B", T0));
        store.put(secret("alice", "other", "crm", "v1.C.D", T0));

        assertThat(store.delete("alice", "shop", "crm")).isTrue();
        assertThat(store.delete("alice", "shop", "crm")).isFalse();
        assertThat(store.find("alice", "shop", "crm")).isEmpty();
        assertThat(store.find("alice", "other", "crm")).isPresent();
    }
}
