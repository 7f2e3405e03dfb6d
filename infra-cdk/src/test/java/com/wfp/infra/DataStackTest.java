package com.wfp.infra;

import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static com.wfp.infra.Templates.json;
import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

class DataStackTest {

    private static Template data;

    @BeforeAll
    static void synthesize() {
        data = SynthesizedPlatform.template(SynthesizedPlatform.platform().data());
    }

    @Test
    void platformTable_whenSynthesized_isEncryptedOnDemandWithPointInTimeRecovery() {
        Map<String, Map<String, Object>> tables = resources(data, "AWS::DynamoDB::Table");
        assertThat(tables).hasSize(1);
        assertThat(tables.values()).allSatisfy(table -> {
            Map<String, Object> props = properties(table);
            assertThat(map(props.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"))
                    .isEqualTo(true);
            assertThat(map(props.get("SSESpecification")).get("SSEEnabled")).isEqualTo(true);
            assertThat(props.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            // The alert store's delivery log and pod checks carry the attribute they expire by.
            assertThat(map(props.get("TimeToLiveSpecification"))).containsEntry("AttributeName",
                    com.wfp.adapters.aws.store.DynamoDbAlertStore.EXPIRES_AT).containsEntry("Enabled", true);
        });
    }

    @Test
    void secretsKey_whenSynthesized_isGeneratedAsAKeyOf32BytesAndOutlivesTheStack() {
        Map<String, Map<String, Object>> secrets = resources(data, "AWS::SecretsManager::Secret");
        assertThat(secrets).hasSize(1);
        Map<String, Object> secret = secrets.values().iterator().next();
        assertThat(secret.get("DeletionPolicy")).isEqualTo("Retain");
        Map<String, Object> generated = map(properties(secret).get("GenerateSecretString"));
        assertThat(generated.get("PasswordLength")).isEqualTo(64);
        // What is left of the alphabet is the hex digits, which SecretStoreKey.fromText reads as 32 bytes.
        assertThat(generated.get("ExcludeUppercase")).isEqualTo(true);
        assertThat(generated.get("ExcludePunctuation")).isEqualTo(true);
        assertThat((String) generated.get("ExcludeCharacters")).isEqualTo("ghijklmnopqrstuvwxyz");
    }

    @Test
    void platformTable_whenComparedWithTheReleaseStore_hasTheKeysAndIndexTheStoreCreates() {
        CreateTableRequest store = tableTheStoreCreates();
        Map<String, Object> table = properties(resources(data, "AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> e.getKey().startsWith("PlatformTable")).findFirst().orElseThrow().getValue());

        assertThat(keys(table.get("KeySchema"))).isEqualTo(store.keySchema().stream()
                .collect(Collectors.toMap(k -> k.attributeName(), k -> k.keyTypeAsString())));
        assertThat(list(table.get("AttributeDefinitions")).stream().map(Templates::map)
                .collect(Collectors.toMap(a -> (String) a.get("AttributeName"), a -> (String) a.get("AttributeType"))))
                .isEqualTo(store.attributeDefinitions().stream()
                        .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString())));
        var storeIndex = store.globalSecondaryIndexes().get(0);
        assertThat(list(table.get("GlobalSecondaryIndexes"))).singleElement().satisfies(index -> {
            assertThat(map(index).get("IndexName")).isEqualTo(storeIndex.indexName());
            assertThat(keys(map(index).get("KeySchema"))).isEqualTo(storeIndex.keySchema().stream()
                    .collect(Collectors.toMap(k -> k.attributeName(), k -> k.keyTypeAsString())));
            assertThat(json(map(index).get("Projection"))).contains(storeIndex.projection().projectionTypeAsString());
        });
    }

    private static Map<String, String> keys(Object keySchema) {
        return list(keySchema).stream().map(Templates::map)
                .collect(Collectors.toMap(k -> (String) k.get("AttributeName"), k -> (String) k.get("KeyType")));
    }

    /**
     * The table {@code DynamoDbReleaseStore.createTable} asks DynamoDB for, caught by a client
     * that records the request and reports the table active, so the template is checked against
     * the adapter itself rather than a copy of its layout.
     */
    private static CreateTableRequest tableTheStoreCreates() {
        AtomicReference<CreateTableRequest> created = new AtomicReference<>();
        InvocationHandler recorder = (proxy, method, args) -> {
            switch (method.getName()) {
                case "createTable" -> {
                    if (args[0] instanceof CreateTableRequest request) {
                        created.set(request);
                        return null;
                    }
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                case "describeTable" -> {
                    if (args[0] instanceof java.util.function.Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    return DescribeTableResponse.builder().table(t -> t.tableStatus(TableStatus.ACTIVE)).build();
                }
                case "serviceName" -> {
                    return "dynamodb";
                }
                case "close" -> {
                    return null;
                }
                default -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                }
            }
        };
        DynamoDbClient client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, recorder);
        DynamoDbReleaseStore.createTable(client, "wfp-test");
        assertThat(created.get()).as("the store's CreateTable request").isNotNull();
        return created.get();
    }
}
