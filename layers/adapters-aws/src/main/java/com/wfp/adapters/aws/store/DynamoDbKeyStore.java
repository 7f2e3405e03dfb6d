package com.wfp.adapters.aws.store;

import com.wfp.platform.access.ApiKey;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.port.KeyStore;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link KeyStore} in the platform's DynamoDB table (the release store's, see
 * {@link DynamoDbReleaseStore#createTable}). Three items per key, written in one transaction:
 * the key under {@code KEY#<sha256>} (what the authorizer reads, one GetItem), a pointer from
 * its id ({@code KEYID#<id>}) and a row in its project's list ({@code KEYS#<user>/<project>},
 * sorted by creation). Only the hash of a key is ever written.
 */
public final class DynamoDbKeyStore implements KeyStore {

    /** Fixed width, so that times compare as strings in condition expressions. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ITEM = "KEY";

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** Keys in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbKeyStore(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    @Override
    public void create(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key("KEY#" + key.hash(), ITEM));
        item.putAll(attributes(key));
        Map<String, AttributeValue> pointer = new HashMap<>(StoreKeys.key("KEYID#" + key.id(), ITEM));
        pointer.put("hash", AttributeValue.fromS(key.hash()));
        Map<String, AttributeValue> row = new HashMap<>(StoreKeys.key(
                "KEYS#" + key.scope().user() + "/" + key.scope().project(),
                TIME.format(key.createdAt()) + "#" + key.id()));
        row.put("hash", AttributeValue.fromS(key.hash()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(put(item), put(pointer), put(row)));
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().map(CancellationReason::code).anyMatch("ConditionalCheckFailed"::equals)) {
                throw new DomainException("store.constraint", 409, "API key " + key.id() + " exists already",
                        "Create the key again: it gets a new id and secret.", e);
            }
            throw errors.translate("create API key " + key.id(), e);
        } catch (SdkException e) {
            throw errors.translate("create API key " + key.id(), e);
        }
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + StoreKeys.PK + ")").build()).build();
    }

    @Override
    public Optional<ApiKey> byHash(String hash) {
        Map<String, AttributeValue> item = get("KEY#" + hash, "read an API key");
        return item == null ? Optional.empty() : Optional.of(key(item));
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return hashOf(id).flatMap(this::byHash);
    }

    @Override
    public List<ApiKey> list(String user, String project) {
        List<ApiKey> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression(StoreKeys.PK + " = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("KEYS#" + user + "/" + project)))
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> row : page.items()) {
                    byHash(row.get("hash").s()).ifPresent(keys::add);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw errors.translate("list the API keys of " + user + "/" + project, e);
        }
        return keys;
    }

    @Override
    public Optional<ApiKey> revoke(String id, Instant at) {
        Optional<String> hash = hashOf(id);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(update(hash.get(), "SET revoked_at = if_not_exists(revoked_at, :at)", null,
                Map.of(":at", AttributeValue.fromS(TIME.format(at))), "revoke API key " + id));
    }

    @Override
    public Optional<ApiKey> replace(String id, String replacedBy, Instant expiresAt) {
        Optional<String> hash = hashOf(id);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> values = Map.of(":r", AttributeValue.fromS(replacedBy),
                ":e", AttributeValue.fromS(TIME.format(expiresAt)));
        try {
            return Optional.of(update(hash.get(), "SET replaced_by = :r, expires_at = :e",
                    "attribute_not_exists(expires_at) OR expires_at > :e", values, "rotate API key " + id));
        } catch (ConditionalCheckFailedException expiresSooner) {
            return Optional.of(update(hash.get(), "SET replaced_by = :r", null, Map.of(":r", values.get(":r")),
                    "rotate API key " + id));
        }
    }

    @Override
    public void recordUse(List<String> ids, Instant at) {
        for (String id : ids) {
            Optional<String> hash = hashOf(id);
            if (hash.isEmpty()) {
                continue;
            }
            try {
                update(hash.get(), "SET last_used_at = :at", "attribute_not_exists(last_used_at) OR last_used_at < :at",
                        Map.of(":at", AttributeValue.fromS(TIME.format(at))), "record the use of API key " + id);
            } catch (ConditionalCheckFailedException alreadyLater) {
                // A later use is recorded already.
            }
        }
    }

    private ApiKey update(String hash, String expression, String condition, Map<String, AttributeValue> values,
                          String action) {
        try {
            return key(dynamo.updateItem(b -> b.tableName(table).key(StoreKeys.key("KEY#" + hash, ITEM))
                    .updateExpression(expression)
                    .conditionExpression(condition == null ? "attribute_exists(" + StoreKeys.PK + ")"
                            : "attribute_exists(" + StoreKeys.PK + ") AND (" + condition + ")")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private Optional<String> hashOf(String id) {
        Map<String, AttributeValue> pointer = get("KEYID#" + id, "read API key " + id);
        return pointer == null ? Optional.empty() : Optional.of(pointer.get("hash").s());
    }

    private Map<String, AttributeValue> get(String partition, String action) {
        try {
            var answer = dynamo.getItem(b -> b.tableName(table).key(StoreKeys.key(partition, ITEM)).consistentRead(true));
            return answer.hasItem() && !answer.item().isEmpty() ? answer.item() : null;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private static Map<String, AttributeValue> attributes(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>();
        KeyScope scope = key.scope();
        item.put("id", AttributeValue.fromS(key.id()));
        item.put("name", AttributeValue.fromS(key.name()));
        item.put("environment", AttributeValue.fromS(key.environment().name()));
        item.put("hash", AttributeValue.fromS(key.hash()));
        item.put("user_slug", AttributeValue.fromS(scope.user()));
        item.put("project_slug", AttributeValue.fromS(scope.project()));
        putIfPresent(item, "workflow_slug", scope.workflow());
        putIfPresent(item, "version_name", scope.version());
        item.put("permissions", AttributeValue.fromS(scope.permissions().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","))));
        item.put("rate_per_second", AttributeValue.fromN(Integer.toString(key.ratePerSecond())));
        item.put("created_by", AttributeValue.fromS(key.createdBy()));
        item.put("created_at", AttributeValue.fromS(TIME.format(key.createdAt())));
        putIfPresent(item, "expires_at", key.expiresAt() == null ? null : TIME.format(key.expiresAt()));
        putIfPresent(item, "revoked_at", key.revokedAt() == null ? null : TIME.format(key.revokedAt()));
        putIfPresent(item, "last_used_at", key.lastUsedAt() == null ? null : TIME.format(key.lastUsedAt()));
        putIfPresent(item, "replaced_by", key.replacedBy());
        return item;
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private ApiKey key(Map<String, AttributeValue> item) {
        try {
            Set<KeyPermission> permissions = EnumSet.noneOf(KeyPermission.class);
            for (String p : item.get("permissions").s().split(",")) {
                if (!p.isBlank()) {
                    permissions.add(KeyPermission.valueOf(p.toUpperCase(Locale.ROOT)));
                }
            }
            return new ApiKey(item.get("id").s(), item.get("name").s(),
                    ApiKeyFormat.Environment.valueOf(item.get("environment").s()), item.get("hash").s(),
                    new KeyScope(item.get("user_slug").s(), item.get("project_slug").s(), text(item, "workflow_slug"),
                            text(item, "version_name"), permissions),
                    Integer.parseInt(item.get("rate_per_second").n()), item.get("created_by").s(),
                    Instant.parse(item.get("created_at").s()), instant(item, "expires_at"), instant(item, "revoked_at"),
                    instant(item, "last_used_at"), text(item, "replaced_by"));
        } catch (RuntimeException e) {
            throw new DomainException("store.corrupt", 500, "An API key item in table '" + table
                    + "' cannot be read: " + e.getMessage(), "Restore the table from a backup.", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
