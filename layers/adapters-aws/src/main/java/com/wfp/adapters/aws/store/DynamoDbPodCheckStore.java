package com.wfp.adapters.aws.store;

import com.wfp.platform.alert.PodCheckMinute;
import com.wfp.platform.port.PodCheckStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.SK;
import static com.wfp.adapters.aws.store.StoreKeys.key;

/**
 * The pods' scheduled health checks in the platform table: one item per user and minute
 * ({@code pk=PODCHECK#<user>}, {@code sk=MIN#<minute in epoch milliseconds, 19 digits>}) holding
 * {@code checks} and {@code upChecks}, both raised by one atomic {@code ADD}, so checks recorded at
 * once by several functions are all counted. A purge must reach every user's minutes without a
 * scan, so each user with checks has an item in {@code pk=PODCHECKS}, {@code sk=USER#<user>},
 * written with each check.
 */
public final class DynamoDbPodCheckStore implements PodCheckStore {

    static final String PARTITION_PREFIX = "PODCHECK#";
    static final String USERS_PARTITION = "PODCHECKS";
    private static final String MINUTE_PREFIX = "MIN#";
    private static final String USER_PREFIX = "USER#";
    private static final int BATCH_DELETES = 25;
    private static final int UNPROCESSED_ROUNDS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    public DynamoDbPodCheckStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.errors = new StoreErrors(table);
    }

    @Override
    public void recordPodCheck(String user, Instant at, boolean up) {
        long minute = Math.floorDiv(at.toEpochMilli(), 60_000L) * 60_000L;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(PARTITION_PREFIX + user, minuteKey(minute)))
                    .updateExpression("ADD checks :one, upChecks :up")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":up", AttributeValue.fromN(up ? "1" : "0"))));
            dynamo.updateItem(b -> b.tableName(table).key(key(USERS_PARTITION, USER_PREFIX + user))
                    .updateExpression("SET lastCheck = :at")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromN(Long.toString(minute)))));
        } catch (SdkException e) {
            throw errors.translate("record a health check of the pod of " + user, e);
        }
    }

    @Override
    public List<PodCheckMinute> podChecks(String user, Instant from, Instant to) {
        List<PodCheckMinute> minutes = new ArrayList<>();
        if (!from.isBefore(to)) {
            return minutes;
        }
        query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION_PREFIX + user),
                        ":from", AttributeValue.fromS(minuteKey(from.toEpochMilli())),
                        ":to", AttributeValue.fromS(minuteKey(to.toEpochMilli() - 1))))
                .build(), "read the health checks of the pod of " + user, item -> minutes.add(new PodCheckMinute(user,
                Instant.ofEpochMilli(Long.parseLong(item.get(SK).s().substring(MINUTE_PREFIX.length()))),
                Long.parseLong(item.get("checks").n()), Long.parseLong(item.get("upChecks").n()))));
        return minutes;
    }

    @Override
    public long purgePodChecks(Instant before) {
        List<String> users = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(USERS_PARTITION)))
                .build(), "list the users whose pods were checked",
                item -> users.add(item.get(SK).s().substring(USER_PREFIX.length())));
        long removed = 0;
        for (String user : users) {
            List<Map<String, AttributeValue>> old = new ArrayList<>();
            query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk < :before")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION_PREFIX + user),
                            ":before", AttributeValue.fromS(minuteKey(before.toEpochMilli()))))
                    .projectionExpression("#pk, #sk")
                    .build(), "find the old health checks of the pod of " + user,
                    item -> old.add(key(item.get(PK).s(), item.get(SK).s())));
            for (int i = 0; i < old.size(); i += BATCH_DELETES) {
                delete(old.subList(i, Math.min(old.size(), i + BATCH_DELETES)), user);
            }
            removed += old.size();
        }
        return removed;
    }

    private void delete(List<Map<String, AttributeValue>> keys, String user) {
        List<WriteRequest> requests = keys.stream()
                .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        try {
            for (int round = 0; round < UNPROCESSED_ROUNDS && !pending.isEmpty(); round++) {
                Map<String, List<WriteRequest>> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(batch));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    Thread.sleep(50L << round);
                }
            }
        } catch (SdkException e) {
            throw errors.translate("remove old health checks of the pod of " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.overloaded("remove old health checks of the pod of " + user, e);
        }
        if (!pending.isEmpty()) {
            throw errors.overloaded("remove old health checks of the pod of " + user, null);
        }
    }

    private void query(QueryRequest request, String action, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryRequest page = start == null ? request : request.toBuilder().exclusiveStartKey(start).build();
                QueryResponse response = dynamo.query(page);
                response.items().forEach(each);
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    /** The sort key of a minute: zero-padded so that string order is time order. */
    private static String minuteKey(long epochMillis) {
        return MINUTE_PREFIX + String.format("%019d", Math.max(0, epochMillis));
    }
}
