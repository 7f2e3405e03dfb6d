package com.wfp.adapters.aws.store;

import com.wfp.platform.port.SecretStore;
import com.wfp.platform.secrets.StoredSecret;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SecretStore} in the platform's DynamoDB table (the release store's, see
 * {@link DynamoDbReleaseStore#createTable}): one item per secret under its project's partition
 * {@code SECRETS#<user>/<project>}, sorted by name. Items hold sealed values only; the key that
 * opens them is not in the table.
 */
public final class DynamoDbSecretStore implements SecretStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** Secrets in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbSecretStore(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    private static String partition(String user, String project) {
        return "SECRETS#" + user + "/" + project;
    }

    @Override
    public void put(StoredSecret secret) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(partition(secret.user(), secret.project()),
                secret.name()));
        item.put("user", AttributeValue.fromS(secret.user()));
        item.put("project", AttributeValue.fromS(secret.project()));
        item.put("name", AttributeValue.fromS(secret.name()));
        item.put("sealed", AttributeValue.fromS(secret.sealed()));
        item.put("updated_at", AttributeValue.fromS(secret.updatedAt().toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            throw errors.translate("set secret " + secret.name() + " of " + secret.user() + "/" + secret.project(), e);
        }
    }

    @Override
    public Optional<StoredSecret> find(String user, String project, String name) {
        try {
            var answer = dynamo.getItem(b -> b.tableName(table).key(StoreKeys.key(partition(user, project), name))
                    .consistentRead(true));
            return answer.hasItem() && !answer.item().isEmpty() ? Optional.of(secret(answer.item())) : Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("read secret " + name + " of " + user + "/" + project, e);
        }
    }

    @Override
    public List<StoredSecret> list(String user, String project) {
        List<StoredSecret> secrets = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression(StoreKeys.PK + " = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition(user, project))))
                        .exclusiveStartKey(from));
                page.items().forEach(item -> secrets.add(secret(item)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw errors.translate("list the secrets of " + user + "/" + project, e);
        }
        return secrets;
    }

    @Override
    public boolean delete(String user, String project, String name) {
        try {
            var answer = dynamo.deleteItem(b -> b.tableName(table).key(StoreKeys.key(partition(user, project), name))
                    .returnValues(ReturnValue.ALL_OLD));
            return answer.hasAttributes() && !answer.attributes().isEmpty();
        } catch (SdkException e) {
            throw errors.translate("delete secret " + name + " of " + user + "/" + project, e);
        }
    }

    private static StoredSecret secret(Map<String, AttributeValue> item) {
        return new StoredSecret(item.get("user").s(), item.get("project").s(), item.get("name").s(),
                item.get("sealed").s(), Instant.parse(item.get("updated_at").s()));
    }
}
