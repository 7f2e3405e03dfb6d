package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.UnknownReleaseException;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link RoutingStore} of {@link DynamoDbReleaseStore}: routing items and their history; the
 * publish commit writes through it.
 */
final class DynamoDbRoutingStore extends DynamoDbTable implements RoutingStore {

    DynamoDbRoutingStore(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, clock);
    }

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return get(StoreKeys.routing(ref), "read the routing of " + ref).map(StoreItems::routing)
                .orElseGet(() -> RoutingConfig.empty(ref));
    }

    @Override
    public List<RoutingConfig> routings(String user, String project) {
        return queryPartition(StoreKeys.userPartition(user), StoreKeys.ROUTING_PREFIX + project + "#", false,
                "list the routings of " + user + "/" + project).stream().map(StoreItems::routing)
                .sorted(Comparator.comparing(routing -> routing.ref().workflow())).toList();
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return writeRouting(ref, expectedRevision, newRouting, by, why, null);
    }

    /**
     * The routing compare-and-set, with the deployment's progress in the same transaction when
     * {@code publishing} is given. The current routing is read first: it is the "before" of the
     * history entry, and the condition on its revision guarantees it is still the current one
     * when the transaction commits.
     */
    RoutingConfig writeRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                               String why, Deployment publishing) {
        newRouting.requireOf(ref);
        List<ReleaseId> routed = newRouting.referencedReleases().stream().sorted(Comparator.comparing(ReleaseId::value)).toList();
        // Indexes matter: the cancellation reasons come back in this order.
        int routingWrite = 0;
        int historyWrite = 1;
        int deploymentWrite = 2;
        int firstReleaseCheck = publishing == null ? 2 : 3;
        if (firstReleaseCheck + routed.size() > MAX_TRANSACTION_ITEMS) {
            throw DomainException.unprocessable("routing.too-many-releases",
                    "The routing of " + ref + " names " + routed.size() + " releases; at most "
                            + (MAX_TRANSACTION_ITEMS - firstReleaseCheck) + " fit in one change",
                    "Remove releases staged at 0% that are no longer needed, then apply the change again.");
        }
        String action = "change the routing of " + ref;
        return transactRetrying(action, () -> {
            RoutingConfig current = routing(ref);
            if (current.revision() != expectedRevision) {
                throw new StaleRoutingException(ref, expectedRevision, current.revision());
            }
            RoutingConfig stored = newRouting.withRevision(expectedRevision + 1);
            RoutingChange change = new RoutingChange(ref, stored.revision(), current, stored, by, clock.instant(), why);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(putRouting(stored, expectedRevision));
            writes.add(putNew(StoreItems.routingChange(change)));
            if (publishing != null) {
                writes.add(TransactWriteItem.builder().update(DynamoDbDeploymentStore.ProgressUpdate.of(publishing).transactionPart(table)).build());
            }
            routed.forEach(id -> writes.add(releaseBelongsTo(id, ref)));
            return new Attempt<>(writes, stored, (reasons, e) -> {
                if (reasons.conditionFailed(routingWrite)) {
                    long now = reasons.oldItem(routingWrite)
                            .map(item -> StoreItems.decode(item, () -> StoreItems.number(item, StoreItems.REVISION)))
                            .orElseGet(() -> routing(ref).revision());
                    if (now != expectedRevision) {
                        throw new StaleRoutingException(ref, expectedRevision, now, e);
                    }
                }
                for (int i = 0; i < routed.size(); i++) {
                    if (reasons.conditionFailed(firstReleaseCheck + i)) {
                        throw new UnknownReleaseException(routed.get(i), ref, e);
                    }
                }
                if (publishing != null && reasons.conditionFailed(deploymentWrite)) {
                    throw deploymentNotChangeable(publishing.id(), e);
                }
                if (reasons.conditionFailed(historyWrite)) {
                    throw new DomainException("store.corrupt", 500,
                            "The routing history of " + ref + " already has revision " + stored.revision()
                                    + " while the routing is at revision " + expectedRevision,
                            "The routing items were changed outside the platform; restore them from the table's"
                                    + " point-in-time backup.", e);
                }
                // The revision checked out after all: a change came and went meanwhile.
                return reasons.conditionFailed(routingWrite) ? Verdict.retry() : Verdict.unexplained();
            });
        });
    }

    private TransactWriteItem putRouting(RoutingConfig stored, long expectedRevision) {
        Put.Builder put = Put.builder().tableName(table).item(StoreItems.routing(stored))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (expectedRevision == 0) {
            put.conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME);
        } else {
            put.conditionExpression("#revision = :expected")
                    .expressionAttributeNames(Map.of("#revision", StoreItems.REVISION))
                    .expressionAttributeValues(Map.of(":expected", StoreItems.n(expectedRevision)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** Fails the transaction unless the release exists and belongs to {@code ref}; releases never move. */
    private TransactWriteItem releaseBelongsTo(ReleaseId id, WorkflowRef ref) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table)
                .key(StoreKeys.releaseId(id))
                .conditionExpression("#user = :user AND #project = :project AND #workflow = :workflow")
                .expressionAttributeNames(Map.of("#user", StoreItems.USER, "#project", StoreItems.PROJECT,
                        "#workflow", StoreItems.WORKFLOW))
                .expressionAttributeValues(Map.of(":user", StoreItems.s(ref.user()), ":project", StoreItems.s(ref.project()),
                        ":workflow", StoreItems.s(ref.workflow())))
                .build()).build();
    }

    @Override
    public List<RoutingChange> routingHistory(WorkflowRef ref) {
        return queryPartition(StoreKeys.workflowPartition(ref), StoreKeys.HISTORY_PREFIX, true,
                "read the routing history of " + ref).stream().map(StoreItems::routingChange).toList();
    }
}
