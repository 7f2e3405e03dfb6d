package com.wfp.adapters.aws.store;

import com.wfp.platform.port.AuditLog;
import com.wfp.platform.port.AuditLogContract;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The audit log contract on moto's DynamoDB, in the same table layout as the release store,
 * tampering with the items as someone holding write access to the table would.
 */
class DynamoDbAuditLogIT extends AuditLogContract {

    private final MotoTables tables = new MotoTables();
    private String table;

    @Override
    protected AuditLog newLog() {
        table = tables.createTable();
        return new DynamoDbAuditLog(MotoTables.client(), table);
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }

    private Map<String, AttributeValue> stored(long seq) {
        return MotoTables.client().getItem(b -> b.tableName(table).key(DynamoDbAuditLog.key(seq)).consistentRead(true))
                .item();
    }

    @Override
    protected void editStoredRecord(long seq) {
        MotoTables.client().updateItem(b -> b.tableName(table).key(DynamoDbAuditLog.key(seq))
                .updateExpression("SET outcome = :o, code = :c")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("ALLOWED"), ":c", AttributeValue.fromS("200"))));
    }

    @Override
    protected void deleteStoredRecord(long seq) {
        MotoTables.client().deleteItem(b -> b.tableName(table).key(DynamoDbAuditLog.key(seq)));
    }

    @Override
    protected void swapStoredRecords(long first, long second) {
        Map<String, AttributeValue> a = new HashMap<>(stored(first));
        Map<String, AttributeValue> b = new HashMap<>(stored(second));
        // Each record moves to the other's place, with everything it holds.
        a.putAll(DynamoDbAuditLog.key(second));
        b.putAll(DynamoDbAuditLog.key(first));
        MotoTables.client().putItem(r -> r.tableName(table).item(a));
        MotoTables.client().putItem(r -> r.tableName(table).item(b));
    }
}
