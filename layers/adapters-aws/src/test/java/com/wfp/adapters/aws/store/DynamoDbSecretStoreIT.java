package com.wfp.adapters.aws.store;

import com.wfp.platform.port.SecretStore;
import com.wfp.platform.port.SecretStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The secret store contract on moto's DynamoDB, in the same table layout as the release store. */
class DynamoDbSecretStoreIT extends SecretStoreContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected SecretStore newStore() {
        return new DynamoDbSecretStore(MotoTables.client(), tables.createTable());
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
