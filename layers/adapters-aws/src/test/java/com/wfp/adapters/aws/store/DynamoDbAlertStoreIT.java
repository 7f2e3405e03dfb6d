package com.wfp.adapters.aws.store;

import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.PendingDelivery;
import com.wfp.platform.port.AlertStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert and channel store contract on moto's DynamoDB, in the platform table's layout, and
 * the notification retry queue beside it.
 */
class DynamoDbAlertStoreIT extends AlertStoreContract {

    private final MotoTables tables = new MotoTables();
    private DynamoDbAlertStore store;

    @Override
    protected Object newStore() {
        store = new DynamoDbAlertStore(MotoTables.client(), tables.createTable());
        return store;
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }

    @Test
    void takeDue_handsOutOnlyDueRetries_andEachOnce() {
        ProjectRef shop = new ProjectRef("ada", "shop");
        PendingDelivery due = new PendingDelivery("dlv_1", shop, "ch_a", "alert.fired", "ada/shop/orders",
                "{\"event\":\"alert.fired\"}".getBytes(StandardCharsets.UTF_8), 2, T0.plusSeconds(1));
        PendingDelivery later = new PendingDelivery("dlv_2", null, "ch_b", "deployment.failed", "ada/shop/orders",
                new byte[]{1, 2}, 4, T0.plusSeconds(120));
        store.add(later);
        store.add(due);

        List<PendingDelivery> first = store.takeDue(T0.plusSeconds(5), 10);

        assertThat(first).containsExactly(due);
        assertThat(store.takeDue(T0.plusSeconds(5), 10)).isEmpty();
        assertThat(store.takeDue(T0.plusSeconds(600), 10)).containsExactly(later);
        assertThat(store.takeDue(T0.plusSeconds(600), 10)).isEmpty();
    }
}
