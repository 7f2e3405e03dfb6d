package com.wfp.adapters.local.access;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.access.ApiKey;
import com.wfp.platform.port.KeyStore;
import com.wfp.platform.port.KeyStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteKeyStoreTest extends KeyStoreContract {

    @TempDir
    Path dir;

    private final List<SqliteDatabase> opened = new ArrayList<>();

    @Override
    protected KeyStore newStore() {
        SqliteDatabase db = new SqliteDatabase(dir.resolve("wfp.db"), Clock.systemUTC());
        opened.add(db);
        return new SqliteKeyStore(db);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteDatabase::close);
    }

    @Test
    void reopen_keepsEveryKey() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        assertThat(newStore().byHash(key.hash())).contains(key);
    }

    @Test
    void delete_isRefusedByTheDatabase() {
        ApiKey key = key("key_AAAAAAAAAAAAAAA1", "alice", "shop", T0);
        store.create(key);

        assertThatThrownBy(() -> opened.getFirst().write(c -> c.createStatement().executeUpdate("DELETE FROM api_keys")))
                .hasMessageContaining("never deleted");
        assertThat(store.byId(key.id())).isPresent();
    }
}
