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

    @Test
    void migration_fromTheSchemaBeforeProjects_keepsEveryChannelAndDeliveryAsPlatformWide() throws Exception {
        Path old = dir.resolve("old-alerts.db");
        com.wfp.adapters.local.sqlite.SqliteDatabase before =
                new com.wfp.adapters.local.sqlite.SqliteDatabase(old, Clock.systemUTC(), true);
        before.migrate("alerts", SqliteAlertStore.MIGRATIONS.subList(0, 2));
        before.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO channels (id, url, secret, created_at) "
                        + "VALUES ('ch_old', 'https://hooks.example.com/old', 'whsec_old', 1000)");
                s.execute("INSERT INTO deliveries (delivery_id, channel_id, event, subject, attempt, status, error, at, "
                        + "delivered) VALUES ('dlv_old', 'ch_old', 'alert.fired', 'ada/shop/orders', 1, 204, '', 2000, 1)");
            }
            return null;
        });
        before.close();

        try (SqliteAlertStore migrated = new SqliteAlertStore(old, Clock.systemUTC())) {
            assertThat(migrated.channels(null)).singleElement().satisfies(channel -> {
                assertThat(channel.id()).isEqualTo("ch_old");
                assertThat(channel.project()).isNull();
                assertThat(channel.secret()).isEqualTo("whsec_old");
            });
            assertThat(migrated.deliveries(null, null, 10)).extracting(com.wfp.platform.notify.Delivery::deliveryId)
                    .containsExactly("dlv_old");
            assertThat(migrated.channels(new com.wfp.platform.identity.ProjectRef("ada", "shop"))).isEmpty();
        }
    }
}
