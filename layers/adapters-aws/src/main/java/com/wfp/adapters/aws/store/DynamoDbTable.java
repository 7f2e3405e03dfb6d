package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFinishedException;
import com.wfp.platform.deployment.DeploymentNotFoundException;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.SK;

/**
 * The one DynamoDB table every store port of {@link DynamoDbReleaseStore} lives in, and the
 * requests they share: consistent reads, paged queries, batch reads, and optimistic transactions
 * tried again while other writers win ({@link #transactRetrying}). SDK failures are translated
 * here, keeping the cause.
 */
abstract class DynamoDbTable {

    /** Most items one {@code TransactWriteItems} may hold. */
    static final int MAX_TRANSACTION_ITEMS = 100;
    /** How often an optimistic write is tried while other writers keep changing the same items. */
    static final int MAX_WRITE_ATTEMPTS = 40;
    /** Keys per {@code BatchGetItem} request. */
    static final int BATCH_GET_KEYS = 100;

    static final String NOT_EXISTS = "attribute_not_exists(#pk)";
    static final Map<String, String> PK_NAME = Map.of("#pk", PK);

    final DynamoDbClient dynamo;
    final String table;
    final Clock clock;
    final StoreErrors errors;

    DynamoDbTable(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.errors = new StoreErrors(table);
    }

    /** Why a deployment's progress could not be stored: it is unknown, or it already finished. */
    DomainException deploymentNotChangeable(DeploymentId id, Throwable cause) {
        Optional<Deployment> current = get(StoreKeys.deployment(id), "read deployment " + id)
                .map(StoreItems::deployment);
        if (current.isEmpty()) {
            return new DeploymentNotFoundException(id, cause);
        }
        if (current.get().isFinished()) {
            return new DeploymentFinishedException(current.get(), cause);
        }
        return errors.contention("update deployment " + id, cause);
    }

    /**
     * Runs an optimistic transaction until it commits: each attempt is built afresh (so it sees
     * what the writer that beat it wrote), and a cancelled one is judged by the attempt itself,
     * which throws the refusal the cancellation means, answers, or asks for another try. Gives up
     * with {@code store.unavailable} after {@link #MAX_WRITE_ATTEMPTS} lost races.
     */
    <T> T transactRetrying(String action, Supplier<Attempt<T>> nextAttempt) {
        TransactionCanceledException lastConflict = null;
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            Attempt<T> next = nextAttempt.get();
            try {
                transact(next.writes(), action);
                return next.applied();
            } catch (TransactionCanceledException e) {
                Reasons reasons = new Reasons(e);
                Verdict<T> verdict = next.judge().judge(reasons, e);
                if (verdict.answered()) {
                    return verdict.answer();
                }
                if (!verdict.tryAgain() && !reasons.conflict()) {
                    throw errors.cancelled(action, e);
                }
                lastConflict = e;
                pause(attempt);
            }
        }
        throw errors.contention(action, lastConflict);
    }

    /** One attempt at a transaction: its writes, what it returns once applied, what a cancellation means. */
    record Attempt<T>(List<TransactWriteItem> writes, T applied, CancellationJudge<T> judge) {
    }

    @FunctionalInterface
    interface CancellationJudge<T> {
        /** Throws the refusal this cancellation means, or says what to do instead. */
        Verdict<T> judge(Reasons reasons, TransactionCanceledException e);
    }

    /** What a cancelled attempt comes to when it is not a refusal. */
    record Verdict<T>(boolean answered, T answer, boolean tryAgain) {

        /** The cancellation answers the call (an idempotent repeat found what it created before). */
        static <T> Verdict<T> answer(T answer) {
            return new Verdict<>(true, answer, false);
        }

        /** Another writer came first: try again. */
        static <T> Verdict<T> retry() {
            return new Verdict<>(false, null, true);
        }

        /** No condition explains it: try again when a write conflicted, otherwise it is a failure. */
        static <T> Verdict<T> unexplained() {
            return new Verdict<>(false, null, false);
        }
    }

    /** Why a transaction was cancelled, write by write, in the order the writes were given. */
    record Reasons(List<CancellationReason> reasons) {

        Reasons(TransactionCanceledException e) {
            this(e.hasCancellationReasons() ? e.cancellationReasons() : List.of());
        }

        boolean conditionFailed(int write) {
            return write < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(write).code());
        }

        /** True when another transaction was changing one of the items at the same moment. */
        boolean conflict() {
            return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
        }

        /** The item as it was when its condition failed, when DynamoDB returned it. */
        Optional<Map<String, AttributeValue>> oldItem(int write) {
            return write < reasons.size() && reasons.get(write).hasItem() && !reasons.get(write).item().isEmpty()
                    ? Optional.of(reasons.get(write).item()) : Optional.empty();
        }
    }

    TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME).build()).build();
    }

    /**
     * Runs one transaction. Its token makes the SDK's own retries of it idempotent: a retry after
     * a lost response finds the transaction applied instead of failing on its own conditions.
     */
    void transact(List<TransactWriteItem> writes, String action) {
        String token = UUID.randomUUID().toString();
        call(action, () -> dynamo.transactWriteItems(b -> b.transactItems(writes).clientRequestToken(token)));
    }

    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, String action) {
        Map<String, AttributeValue> item = call(action, () -> dynamo.getItem(b -> b.tableName(table).key(key)
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Every item of the partition whose sort key starts with {@code prefix}, in key order or reversed. */
    List<Map<String, AttributeValue>> queryPartition(String partition, String prefix, boolean descending,
                                                             String action) {
        return queryAll(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", StoreItems.s(partition), ":prefix", StoreItems.s(prefix)))
                .scanIndexForward(!descending)
                .consistentRead(true)
                .build(), action);
    }

    /** Every page of the query: the paginator follows {@code LastEvaluatedKey} until there is none. */
    List<Map<String, AttributeValue>> queryAll(QueryRequest request, String action) {
        return call(action, () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            dynamo.queryPaginator(request).items().forEach(items::add);
            return items;
        });
    }

    /** The items with these keys that exist, in no particular order; unprocessed keys are asked for again. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, String action) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_KEYS) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_KEYS))).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_WRITE_ATTEMPTS) {
                    throw errors.contention(action, null);
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = call(action, () -> dynamo.batchGetItem(b -> b.requestItems(request)));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
        return found;
    }

    /**
     * Runs one SDK call, translating its failures. Failed conditions pass through untouched:
     * only the caller knows what they mean.
     */
    <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException conditional) {
            throw conditional;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    /** A short random wait before trying an optimistic write again, so racing writers spread out. */
    static void pause(int attempt) {
        long maxMillis = Math.min(50, 1L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("store.unavailable", "Interrupted while waiting to retry a write",
                    "Retry the request.", e);
        }
    }
}
