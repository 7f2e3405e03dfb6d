package com.wfp.adapters.local.alert;

import com.wfp.platform.port.PodCheckStore;
import com.wfp.platform.port.PodCheckStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The pod checks in {@code alerts.db} keep the contract the DynamoDB store keeps too. */
class SqlitePodCheckStoreTest extends PodCheckStoreContract {

    @TempDir
    Path dir;

    private SqliteAlertStore sqlite;

    @Override
    protected PodCheckStore newStore() {
        sqlite = new SqliteAlertStore(dir.resolve("alerts.db"), Clock.systemUTC());
        return sqlite;
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }
}
