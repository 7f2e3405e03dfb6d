package com.wfp.adapters.local.traffic;

import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.traffic.TrafficServiceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The traffic operations and the random-action model against the SQLite release store. */
class SqliteTrafficServiceTest extends TrafficServiceContract {

    @TempDir
    Path dir;

    private SqliteReleaseStore sqlite;

    @Override
    protected ReleaseStore newStore() {
        sqlite = new SqliteReleaseStore(dir.resolve("wfp.db"));
        return sqlite;
    }

    @Override
    protected int modelActions() {
        // Every action is a transaction on disk; this many still covers every operation many times.
        return 250;
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }
}
