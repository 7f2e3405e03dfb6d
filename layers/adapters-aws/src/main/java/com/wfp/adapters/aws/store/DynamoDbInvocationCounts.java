package com.wfp.adapters.aws.store;

import com.wfp.platform.port.InvocationCounts;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared {@link InvocationCounts} in the platform's DynamoDB table (the release store's, see
 * {@link DynamoDbReleaseStore#createTable}): one item per principal and minute in the partition
 * {@value #PARTITION}, sorted by the minute ({@code 2026-12-05T10:15:00Z#key_...}). Each container
 * adds with an atomic {@code ADD}; a count is taken with a {@code DeleteItem} that returns what it
 * removed, so exactly one sweeper gets it, and an addition after that creates a new item. Only
 * counts not yet written to the trail are kept, so a sweep reads no more than the last minutes.
 */
public final class DynamoDbInvocationCounts implements InvocationCounts {

    /** The partition holding the counts (outside the audit trail's, whose items no function may change). */
    public static final String PARTITION = "INVOCATIONS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** The counts in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbInvocationCounts(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    private static Map<String, AttributeValue> key(String principal, Instant minute) {
        return StoreKeys.key(PARTITION, minute + "#" + principal);
    }

    @Override
    public void add(String principal, Instant minute, long calls) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(principal, minute))
                    .updateExpression("ADD calls :n SET principal = :p, #minute = :m")
                    .expressionAttributeNames(Map.of("#minute", "minute"))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(calls)),
                            ":p", AttributeValue.fromS(principal), ":m", AttributeValue.fromS(minute.toString()))));
        } catch (SdkException e) {
            throw errors.translate("add to the call count of " + principal, e);
        }
    }

    @Override
    public List<MinuteCount> before(Instant minute, int limit) {
        try {
            return dynamo.query(b -> b.tableName(table).consistentRead(true).limit(limit)
                            .keyConditionExpression("#pk = :pk AND #sk < :sk")
                            .expressionAttributeNames(Map.of("#pk", StoreKeys.PK, "#sk", StoreKeys.SK))
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION),
                                    ":sk", AttributeValue.fromS(minute.toString()))))
                    .items().stream().map(DynamoDbInvocationCounts::count).toList();
        } catch (SdkException e) {
            throw errors.translate("read the call counts", e);
        }
    }

    @Override
    public Optional<MinuteCount> take(String principal, Instant minute) {
        try {
            Map<String, AttributeValue> removed = dynamo.deleteItem(b -> b.tableName(table).key(key(principal, minute))
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", StoreKeys.PK))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return removed == null || removed.isEmpty() ? Optional.empty() : Optional.of(count(removed));
        } catch (ConditionalCheckFailedException takenByAnother) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("take the call count of " + principal, e);
        }
    }

    private static MinuteCount count(Map<String, AttributeValue> item) {
        return new MinuteCount(item.get("principal").s(), Instant.parse(item.get("minute").s()),
                Long.parseLong(item.get("calls").n()));
    }
}
