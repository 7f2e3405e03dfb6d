package com.wfp.adapters.local.secrets;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.SecretStore;
import com.wfp.platform.port.SecretStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteSecretStoreTest extends SecretStoreContract {

    @TempDir
    Path dir;

    private final List<SqliteDatabase> opened = new ArrayList<>();

    @Override
    protected SecretStore newStore() {
        SqliteDatabase db = new SqliteDatabase(dir.resolve("wfp.db"), Clock.systemUTC());
        opened.add(db);
        return new SqliteSecretStore(db);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteDatabase::close);
    }

    @Test
    void reopen_keepsEverySecret() {
        store.put(secret("alice", "shop", "crm", "v1.A.B", T0));

        assertThat(newStore().find("alice", "shop", "crm")).isPresent();
    }
}
