package com.wfp.adapters.aws.store;

import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.traffic.TrafficServiceContract;
import org.junit.jupiter.api.AfterEach;

/** The traffic operations and the random-action model against the DynamoDB release store on moto. */
class DynamoDbTrafficServiceIT extends TrafficServiceContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected ReleaseStore newStore() {
        return tables.newStore();
    }

    @Override
    protected int modelActions() {
        // Every action is a few HTTP round trips to moto; this many still covers every operation many times.
        return 100;
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
