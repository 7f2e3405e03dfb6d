package com.wfp.adapters.aws.store;

import com.wfp.platform.port.RolloutStore;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.StaleRolloutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.wfp.adapters.aws.store.StoreKeys.PK;

/**
 * {@link RolloutStore} of {@link DynamoDbReleaseStore}: each workflow's rollout item and its copy
 * among the active ones.
 */
final class DynamoDbRolloutStore extends DynamoDbTable implements RolloutStore {

    DynamoDbRolloutStore(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, clock);
    }

    @Override
    public RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        WorkflowRef ref = state.ref();
        RolloutState stored = state.withVersion(expectedVersion + 1);
        Put.Builder put = Put.builder().tableName(table).item(StoreItems.rollout(stored, StoreKeys.rollout(ref), "rollout"))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (expectedVersion == 0) {
            put.conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME);
        } else {
            put.conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", StoreItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected", StoreItems.n(expectedVersion)));
        }
        TransactWriteItem activeCopy = stored.status().active()
                ? TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(StoreItems.rollout(stored, StoreKeys.activeRollout(ref), "active-rollout")).build()).build()
                : TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(StoreKeys.activeRollout(ref)).build()).build();
        // Indexes matter: the cancellation reasons come back in this order.
        List<TransactWriteItem> writes = List.of(TransactWriteItem.builder().put(put.build()).build(), activeCopy);
        String action = "store the rollout of " + ref;
        return transactRetrying(action, () -> new Attempt<>(writes, stored, (reasons, e) -> {
            if (reasons.conditionFailed(0)) {
                long current = reasons.oldItem(0)
                        .map(item -> StoreItems.decode(item, () -> StoreItems.number(item, StoreItems.VERSION)))
                        .orElseGet(() -> rollout(ref).map(RolloutState::version).orElse(0L));
                throw new StaleRolloutException(ref, expectedVersion, current, e);
            }
            return Verdict.unexplained();
        }));
    }

    @Override
    public Optional<RolloutState> rollout(WorkflowRef ref) {
        return get(StoreKeys.rollout(ref), "read the rollout of " + ref).map(StoreItems::rollout);
    }

    @Override
    public List<RolloutState> activeRollouts() {
        return queryAll(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", StoreItems.s(StoreKeys.ACTIVE_ROLLOUTS)))
                .consistentRead(true)
                .build(), "list the running and paused rollouts").stream().map(StoreItems::rollout).toList();
    }
}
