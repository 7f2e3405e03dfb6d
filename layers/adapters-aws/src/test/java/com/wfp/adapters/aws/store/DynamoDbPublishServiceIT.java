package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.PublishServiceContract;
import com.wfp.platform.port.ReleaseStore;
import org.junit.jupiter.api.AfterEach;

/** The publish orchestration against the DynamoDB release store on moto. */
class DynamoDbPublishServiceIT extends PublishServiceContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected ReleaseStore newStore() {
        return tables.newStore();
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
