package com.wfp.adapters.aws.store;

import com.wfp.platform.port.IdentityStore;
import com.wfp.platform.port.IdentityStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The identity store contract on moto's DynamoDB, in the same table layout as the release store. */
class DynamoDbIdentityStoreIT extends IdentityStoreContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected IdentityStore newStore() {
        return new DynamoDbIdentityStore(MotoTables.client(), tables.createTable());
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
