package com.wfp.adapters.local.alert;

import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.port.AlertStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteAlertStoreTest extends AlertStoreContract {

    @TempDir
    Path dir;

    private SqliteAlertStore sqlite;

    @Override
    protected Object newStore() {
        sqlite = new SqliteAlertStore(dir.resolve("alerts.db"), Clock.systemUTC());
        return sqlite;
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    @Test
    void reopen_keepsRulesAndAlerts() {
        alerts.saveRules(AlertRules.defaults(ORDERS, T0));
        sqlite.close();

        newStore();

        assertThat(sqlite.rules(ORDERS)).contains(AlertRules.defaults(ORDERS, T0));
    }
}
