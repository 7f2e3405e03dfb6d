package com.wfp.adapters.aws.store;

import com.wfp.platform.port.KeyStore;
import com.wfp.platform.port.KeyStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The key store contract on moto's DynamoDB, in the same table layout as the release store. */
class DynamoDbKeyStoreIT extends KeyStoreContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected KeyStore newStore() {
        return new DynamoDbKeyStore(MotoTables.client(), tables.createTable());
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
