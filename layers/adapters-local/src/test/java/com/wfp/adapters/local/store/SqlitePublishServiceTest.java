package com.wfp.adapters.local.store;

import com.wfp.platform.deployment.PublishServiceContract;
import com.wfp.platform.port.ReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqlitePublishServiceTest extends PublishServiceContract {

    @TempDir
    Path dir;

    private SqliteReleaseStore sqlite;

    @Override
    protected ReleaseStore newStore() {
        sqlite = new SqliteReleaseStore(dir.resolve("wfp.db"));
        return sqlite;
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }
}
