package com.wfp.adapters.aws.store;

import com.wfp.platform.port.InvocationCounts;
import com.wfp.platform.port.InvocationCountsContract;
import org.junit.jupiter.api.AfterEach;

/** The shared call counts contract on moto's DynamoDB, in the release store's table layout. */
class DynamoDbInvocationCountsIT extends InvocationCountsContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected InvocationCounts newCounts() {
        return new DynamoDbInvocationCounts(MotoTables.client(), tables.createTable());
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }
}
