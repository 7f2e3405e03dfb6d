package com.wfp.adapters.aws.pod;

import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each user's running pod tasks listen, kept in the release table (items
 * {@code pk=POD#<user>, sk=TASK#<task arn>}) by the pod-address registrar from ECS task state
 * changes, and read by whoever calls pods. This stands in for Cloud Map service discovery, whose
 * SDK artifact the platform cannot use: a table item written when a task reaches RUNNING and
 * deleted when it stops needs only DynamoDB, which every function already reads.
 */
public final class DynamoDbPodAddresses {

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String ADDRESS = "address";
    private static final String UPDATED_AT = "updatedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbPodAddresses(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Records that the user's task runs and listens at {@code address}. */
    public void running(String user, String taskArn, URI address) {
        call("record the address of " + user + "'s pod task", () -> dynamo.putItem(b -> b.tableName(table).item(Map.of(
                PK, AttributeValue.fromS(partition(user)),
                SK, AttributeValue.fromS("TASK#" + taskArn),
                ADDRESS, AttributeValue.fromS(address.toString()),
                UPDATED_AT, AttributeValue.fromN(Long.toString(clock.millis()))))));
    }

    /** Forgets a task that stopped; an unknown task is ignored. */
    public void stopped(String user, String taskArn) {
        call("forget " + user + "'s stopped pod task", () -> dynamo.deleteItem(b -> b.tableName(table).key(Map.of(
                PK, AttributeValue.fromS(partition(user)), SK, AttributeValue.fromS("TASK#" + taskArn)))));
    }

    /** The address of the user's most recently started running task, if any runs. */
    public Optional<URI> address(String user) {
        List<Map<String, AttributeValue>> items = tasks(user);
        return items.stream()
                .max(Comparator.comparingLong(item -> Long.parseLong(item.get(UPDATED_AT).n())))
                .map(item -> URI.create(item.get(ADDRESS).s()));
    }

    /** How many running tasks of the user are recorded. */
    public int runningTasks(String user) {
        return tasks(user).size();
    }

    private List<Map<String, AttributeValue>> tasks(String user) {
        QueryResponse response = call("read the address of " + user + "'s pod", () -> dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition(user))))
                .consistentRead(true)));
        return response.items();
    }

    private static String partition(String user) {
        return "POD#" + user;
    }

    private <T> T call(String action, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            throw DomainException.unavailable("pod.addresses-unavailable",
                    "Could not " + action + " in table '" + table + "': " + e.getMessage(),
                    "Check that the functions may read and write the table and that it exists; then retry.", e);
        }
    }
}
