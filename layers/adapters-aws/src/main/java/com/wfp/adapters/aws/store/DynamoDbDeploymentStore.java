package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentFinishedException;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.port.DeploymentStore;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.STATE_INDEX;
import static com.wfp.adapters.aws.store.StoreKeys.STATE_KEY;

/**
 * {@link DeploymentStore} of {@link DynamoDbReleaseStore}: deployment items, their idempotency
 * guards and the state index.
 */
final class DynamoDbDeploymentStore extends DynamoDbTable implements DeploymentStore {

    private final DynamoDbRoutingStore routing;

    DynamoDbDeploymentStore(DynamoDbClient dynamo, String table, Clock clock, DynamoDbRoutingStore routing) {
        super(dynamo, table, clock);
        this.routing = routing;
    }

    @Override
    public Deployment createDeployment(Deployment deployment) {
        String action = "create deployment " + deployment.id();
        long createdOrder = nextDeploymentNumber(action);
        Map<String, AttributeValue> item = StoreItems.deployment(deployment, createdOrder);
        TransactWriteItem pointer = putNew(StoreItems.deploymentPointer(deployment, createdOrder));
        if (deployment.idempotencyKey() == null) {
            List<TransactWriteItem> writes = List.of(putNew(item), pointer);
            return transactRetrying(action, () -> new Attempt<>(writes, deployment, (reasons, e) -> {
                if (reasons.conditionFailed(0)) {
                    throw deploymentExists(deployment.id(), e);
                }
                return Verdict.unexplained();
            }));
        }
        List<TransactWriteItem> writes = List.of(putNew(StoreItems.idempotencyGuard(deployment)), putNew(item), pointer);
        // A concurrent create with the same key in flight is a conflict: the next attempt finds its guard or wins.
        return transactRetrying(action, () -> new Attempt<>(writes, deployment, (reasons, e) -> {
            if (reasons.conditionFailed(0)) {
                return Verdict.answer(deploymentOfIdempotencyKey(deployment, e));
            }
            if (reasons.conditionFailed(1)) {
                throw deploymentExists(deployment.id(), e);
            }
            return Verdict.unexplained();
        }));
    }

    @Override
    public List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        String action = "list the latest deployments of " + ref;
        QueryRequest pointers = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", StoreKeys.SK))
                .expressionAttributeValues(Map.of(":pk", StoreItems.s(StoreKeys.workflowPartition(ref)),
                        ":prefix", StoreItems.s(StoreKeys.DEPLOYMENT_POINTER_PREFIX)))
                .scanIndexForward(false).consistentRead(true).limit(limit).build();
        List<DeploymentId> newestFirst = call(action, () -> dynamo.query(pointers)).items().stream()
                .map(p -> StoreItems.decode(p, () -> new DeploymentId(StoreItems.string(p, StoreItems.DEPLOYMENT_ID))))
                .toList();
        Map<DeploymentId, Deployment> found = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(newestFirst.stream().map(StoreKeys::deployment).toList(), action)) {
            Deployment d = StoreItems.deployment(item);
            found.put(d.id(), d);
        }
        return newestFirst.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The deployment an existing idempotency guard names; guard and deployment are only ever written together. */
    private Deployment deploymentOfIdempotencyKey(Deployment repeated, Throwable cause) {
        Map<String, AttributeValue> guardKey = StoreKeys.idempotencyKey(repeated.createdBy(), repeated.idempotencyKey());
        String action = "read the deployment of idempotency key " + repeated.idempotencyKey();
        Optional<DeploymentId> id = get(guardKey, action).map(guard -> StoreItems.decode(guard,
                () -> new DeploymentId(StoreItems.string(guard, StoreItems.DEPLOYMENT_ID))));
        return id.flatMap(this::deployment).orElseThrow(() -> new DomainException("store.corrupt", 500,
                "The idempotency key " + repeated.idempotencyKey() + " of " + repeated.createdBy() + " names deployment "
                        + id.map(DeploymentId::value).orElse("(none)") + ", which is not in the table",
                "The items were changed outside the platform; restore them from the table's point-in-time backup.",
                cause));
    }

    /** The next number of the table-wide deployment counter: the creation order the state index sorts by. */
    private long nextDeploymentNumber(String action) {
        Map<String, AttributeValue> updated = call(action, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(StoreKeys.deploymentCounter())
                .updateExpression("ADD #next :one")
                .expressionAttributeNames(Map.of("#next", StoreItems.NEXT))
                .expressionAttributeValues(Map.of(":one", StoreItems.n(1)))
                .returnValues(ReturnValue.UPDATED_NEW))).attributes();
        return StoreItems.decode(updated, () -> StoreItems.number(updated, StoreItems.NEXT));
    }

    private static DomainException deploymentExists(DeploymentId id, Throwable cause) {
        return new DomainException("deployment.exists", 409, "Deployment " + id + " already exists",
                "Create each deployment once with a fresh id; update it to record progress.", cause);
    }

    @Override
    public Deployment updateDeployment(Deployment deployment) {
        UpdateItemRequest request = ProgressUpdate.of(deployment).request(table);
        try {
            Map<String, AttributeValue> stored = call("update deployment " + deployment.id(),
                    () -> dynamo.updateItem(request)).attributes();
            return StoreItems.deployment(stored);
        } catch (ConditionalCheckFailedException e) {
            Optional<Deployment> stored = deployment(deployment.id()).filter(deployment::equals);
            if (stored.isPresent()) {
                return stored.get(); // the SDK retried an update whose first response was lost
            }
            throw deploymentNotChangeable(deployment.id(), e);
        }
    }

    @Override
    public Optional<Deployment> deployment(DeploymentId id) {
        return get(StoreKeys.deployment(id), "read deployment " + id).map(StoreItems::deployment);
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(STATE_INDEX)
                .keyConditionExpression("#stateKey = :stateKey")
                .expressionAttributeNames(Map.of("#stateKey", STATE_KEY))
                .expressionAttributeValues(Map.of(":stateKey", StoreItems.s(StoreKeys.stateKey(state))))
                .scanIndexForward(true)
                .build();
        return queryAll(request, "list the " + state + " deployments").stream().map(StoreItems::deployment).toList();
    }

    @Override
    public int markInterruptedDeploymentsFailed() {
        int marked = 0;
        for (Deployment listed : deploymentsInState(DeploymentState.RUNNING)) {
            // The index may lag; the item itself says whether the deployment still runs.
            Optional<Deployment> current = deployment(listed.id()).filter(d -> !d.isFinished());
            if (current.isEmpty()) {
                continue;
            }
            DeploymentStep step = current.get().currentStep();
            Deployment failed = current.get().failed(new DeploymentFailure(step, "deployment.interrupted",
                    "The platform stopped while this deployment was at step " + step,
                    "Routing was left as it was before this publish; publish again.", null), clock.instant());
            try {
                updateDeployment(failed);
                marked++;
            } catch (DeploymentFinishedException finishedMeanwhile) {
                // It finished after the query listed it as running: nothing to mark.
            }
        }
        return marked;
    }

    /**
     * The update that replaces a running deployment's progress, on condition that the deployment
     * exists and is still RUNNING; as a request of its own or as part of a transaction.
     */
    record ProgressUpdate(Map<String, AttributeValue> key, String expression, Map<String, String> names,
                                  Map<String, AttributeValue> values) {

        static final String CONDITION = "attribute_exists(#pk) AND #state = :running";

        static ProgressUpdate of(Deployment d) {
            Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#state", StoreItems.STATE));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":running", StoreItems.s(DeploymentState.RUNNING.name())));
            List<String> set = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, AttributeValue> attribute : StoreItems.progress(d).entrySet()) {
                String name = attribute.getKey().equals(StoreItems.STATE) ? "#state" : "#a" + i;
                names.put(name, attribute.getKey());
                if (attribute.getValue() == null) {
                    remove.add(name);
                } else {
                    set.add(name + " = :v" + i);
                    values.put(":v" + i, attribute.getValue());
                }
                i++;
            }
            String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
            return new ProgressUpdate(StoreKeys.deployment(d.id()), expression, names, values);
        }

        UpdateItemRequest request(String table) {
            return UpdateItemRequest.builder().tableName(table).key(key).updateExpression(expression)
                    .conditionExpression(CONDITION).expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build();
        }

        Update transactionPart(String table) {
            return Update.builder().tableName(table).key(key).updateExpression(expression)
                    .conditionExpression(CONDITION).expressionAttributeNames(names).expressionAttributeValues(values)
                    .build();
        }
    }

    @Override
    public RoutingConfig commitPublish(PublishCommit commit) {
        Deployment d = commit.deployment();
        return routing.writeRouting(d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(), commit.why(), d);
    }
}
