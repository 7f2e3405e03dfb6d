package com.wfp.adapters.aws.store;

import com.wfp.platform.audit.AuditChain;
import com.wfp.platform.audit.AuditEntry;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;
import com.wfp.platform.port.AuditLog;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@link AuditLog} in the platform's DynamoDB table (the release store's, see
 * {@link DynamoDbReleaseStore#createTable}): one item per record in the partition {@value #PARTITION},
 * sorted by its zero-padded sequence number ({@code REC#0000000000000000042}). An append reads the
 * last record and writes the next under the condition that no item holds its place yet, so two
 * functions appending at once never both take a number: the loser reads again and chains after
 * the winner. The log never updates or deletes an item; the functions' roles may do so no more
 * than anyone else with table access, and the hash chain shows it when they do.
 */
public final class DynamoDbAuditLog implements AuditLog {

    /** The partition holding every record. */
    static final String PARTITION = "AUDIT";
    static final String RECORD_PREFIX = "REC#";
    /** Records read per page while searching. */
    private static final int PAGE = 200;

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** The trail in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbAuditLog(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    /** The key of the record at {@code seq}. */
    static Map<String, AttributeValue> key(long seq) {
        return StoreKeys.key(PARTITION, RECORD_PREFIX + StoreKeys.padded(seq));
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        ConditionalCheckFailedException lost = null;
        for (int attempt = 1; attempt <= DynamoDbTable.MAX_WRITE_ATTEMPTS; attempt++) {
            AuditRecord next = AuditChain.next(last(), entry);
            Map<String, AttributeValue> item = new HashMap<>(key(next.seq()));
            item.putAll(attributes(next));
            try {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", StoreKeys.PK)));
                return next;
            } catch (ConditionalCheckFailedException e) {
                // Another writer took this place first: chain after its record.
                lost = e;
                DynamoDbTable.pause(attempt);
            } catch (SdkException e) {
                throw errors.translate("append to the audit trail", e);
            }
        }
        throw errors.contention("append to the audit trail", lost);
    }

    private AuditRecord last() {
        try {
            var page = dynamo.query(request(false).limit(1).build());
            return page.items().isEmpty() ? null : record(page.items().getFirst());
        } catch (SdkException e) {
            throw errors.translate("read the last audit record", e);
        }
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        List<AuditRecord> found = new ArrayList<>();
        try {
            Iterator<Map<String, AttributeValue>> items = dynamo.queryPaginator(request(false).limit(PAGE).build())
                    .items().iterator();
            while (items.hasNext() && found.size() < query.limit()) {
                AuditRecord record = record(items.next());
                if (query.matches(record.entry())) {
                    found.add(record);
                }
            }
        } catch (SdkException e) {
            throw errors.translate("search the audit trail", e);
        }
        return found;
    }

    @Override
    public List<AuditRecord> all() {
        List<AuditRecord> all = new ArrayList<>();
        try {
            dynamo.queryPaginator(request(true).build()).items().forEach(item -> all.add(record(item)));
        } catch (SdkException e) {
            throw errors.translate("read the audit trail", e);
        }
        return all;
    }

    private QueryRequest.Builder request(boolean ascending) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", StoreKeys.PK, "#sk", StoreKeys.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION),
                        ":prefix", AttributeValue.fromS(RECORD_PREFIX)))
                .scanIndexForward(ascending);
    }

    private static Map<String, AttributeValue> attributes(AuditRecord record) {
        AuditEntry entry = record.entry();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("seq", AttributeValue.fromN(Long.toString(record.seq())));
        item.put("id", AttributeValue.fromS(record.id()));
        item.put("at", AttributeValue.fromS(entry.at().toString()));
        item.put("principal", AttributeValue.fromS(entry.principal()));
        item.put("action", AttributeValue.fromS(entry.action()));
        // DynamoDB keeps empty strings in non-key attributes.
        item.put("resource", AttributeValue.fromS(entry.resource()));
        item.put("params", AttributeValue.fromS(entry.params()));
        item.put("source", AttributeValue.fromS(entry.source()));
        item.put("outcome", AttributeValue.fromS(entry.outcome().name()));
        item.put("code", AttributeValue.fromS(entry.code()));
        item.put("previousHash", AttributeValue.fromS(record.previousHash()));
        item.put("hash", AttributeValue.fromS(record.hash()));
        return item;
    }

    private AuditRecord record(Map<String, AttributeValue> item) {
        try {
            return new AuditRecord(Long.parseLong(item.get("seq").n()), text(item, "id"), new AuditEntry(
                    Instant.parse(text(item, "at")), text(item, "principal"), text(item, "action"),
                    text(item, "resource"), text(item, "params"), text(item, "source"),
                    AuditOutcome.valueOf(text(item, "outcome")), text(item, "code")),
                    text(item, "previousHash"), text(item, "hash"));
        } catch (RuntimeException e) {
            // An item written by hand, past the log: say which, so it can be restored.
            throw new com.wfp.workflow.error.DomainException("store.corrupt", 500,
                    "The audit record " + item.get(StoreKeys.SK) + " in table " + table + " cannot be read: "
                            + e.getMessage(), "Restore the table from its point-in-time backup.", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }
}
