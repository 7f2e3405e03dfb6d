package com.wfp.adapters.aws.store;

import com.wfp.platform.alert.PodCheckMinute;
import com.wfp.platform.port.PodCheckStore;
import com.wfp.platform.port.PodCheckStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pod-check contract on moto's DynamoDB, in the platform table's layout. */
class DynamoDbPodCheckStoreIT extends PodCheckStoreContract {

    private final MotoTables tables = new MotoTables();
    private String table;

    @Override
    protected PodCheckStore newStore() {
        table = tables.createTable();
        return new DynamoDbPodCheckStore(MotoTables.client(), table);
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }

    @Test
    void purgePodChecks_overMoreThanOneBatchOfMinutes_removesThemAll() {
        for (int minute = 0; minute < 60; minute++) {
            checks.recordPodCheck("ada", T0.plusSeconds(60L * minute), minute != 7);
        }

        assertThat(checks.purgePodChecks(T0.plusSeconds(3000))).isEqualTo(50);
        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(3600))).hasSize(10)
                .first().isEqualTo(new PodCheckMinute("ada", T0.plusSeconds(3000), 1, 1));
    }
}
