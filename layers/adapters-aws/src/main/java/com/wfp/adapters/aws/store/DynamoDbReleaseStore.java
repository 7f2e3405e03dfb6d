package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.StaleRolloutException;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.UnknownReleaseException;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static com.wfp.adapters.aws.store.StoreKeys.CREATED_ORDER;
import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.SK;
import static com.wfp.adapters.aws.store.StoreKeys.STATE_INDEX;
import static com.wfp.adapters.aws.store.StoreKeys.STATE_KEY;

/**
 * {@link ReleaseStore} on one DynamoDB table (single-table design). Every write that must be
 * atomic is one conditional request or one {@code TransactWriteItems}; every read that must see
 * the latest write is a strongly consistent {@code GetItem}, {@code Query} or
 * {@code BatchGetItem} on the table itself. Queries follow {@code LastEvaluatedKey} to the end.
 *
 * <h2>Table layout</h2>
 * Key: {@code pk} (S, partition) and {@code sk} (S, sort); numbers in sort keys are zero-padded to
 * 19 digits; {@code <wf>} is {@code <user>#<project>#<workflow>}.
 * <pre>
 * pk                        sk                         item
 * WF#&lt;wf&gt;                   DRAFT                      the draft (replaced on save)
 * WF#&lt;wf&gt;                   SEQ                        lastSeq: the last sequence number given
 * WF#&lt;wf&gt;                   REL#&lt;seq&gt;                 a release, all fields; written once, never replaced
 * WF#&lt;wf&gt;                   VER#&lt;versionName&gt;         guard making the version name unique: releaseId, seq
 * WF#&lt;wf&gt;                   HIST#&lt;revision&gt;            a routing change: before, after, by, at, why
 * WF#&lt;wf&gt;                   ROLLOUT                    the latest rollout: version (N), state, plan, step... (replaced)
 * ROLLOUTS#ACTIVE           &lt;user&gt;#&lt;project&gt;#&lt;wf..&gt;   a copy of the rollout while it runs or pauses
 * USER#&lt;user&gt;               ROUTING#&lt;project&gt;#&lt;wf..&gt;  the routing config: revision (N) and config (JSON)
 * RELEASE#&lt;releaseId&gt;        RELEASE                    the same release again, for reads by id
 * DEPLOYMENT#&lt;deploymentId&gt;  DEPLOYMENT                 a deployment, plus stateKey and createdOrder
 * IDEMPOTENCY#&lt;user&gt;#&lt;key&gt;  IDEMPOTENCY                guard making an idempotency key unique per user
 * COUNTER#DEPLOYMENTS       COUNTER                    next: numbers deployments in creation order
 * </pre>
 * One global secondary index, {@value StoreKeys#STATE_INDEX}: partition {@code stateKey}
 * ({@code DEPLOYMENTS#<state>}), sort {@code createdOrder}, all attributes projected. Only
 * deployment items carry these attributes, so the index holds nothing else.
 *
 * <p>Each release is written twice, both copies immutable: under its workflow, where listings
 * read it in sequence order, and under its id, so that the most frequent read (by id, on every
 * traffic change and pod load) is one request rather than a pointer lookup and a second read.
 *
 * <h2>How each guarantee is kept</h2>
 * <ul>
 *   <li>{@link #createRelease}: one transaction advances {@code SEQ} from the value just read
 *       (condition on {@code lastSeq}) and puts the release, its {@code VER#} guard and its
 *       {@code RELEASE#} copy, each only if absent. A taken version name fails the guard's
 *       condition (409 {@code release.version-exists}); a concurrent publish fails the counter's,
 *       and the write is tried again with the next number. Sequence numbers have no gaps.</li>
 *   <li>Routing ({@link #compareAndSetRouting}, {@link #commitPublish}): one transaction puts the
 *       routing item on condition that its {@code revision} is the expected one (or that it does
 *       not exist yet, for revision 0), puts the {@code HIST#} item, checks that the
 *       {@code RELEASE#} item of every routed release names this workflow, and for a publish
 *       updates the deployment on condition that it is still RUNNING. Which condition failed tells which domain error to
 *       throw; a stale revision names the current one.</li>
 *   <li>{@link #createDeployment}: with an idempotency key, one transaction puts the guard and the
 *       deployment; a guard that already exists leads to the deployment it names.</li>
 *   <li>{@link #routedReleases}: one query of the user's {@code ROUTING#} items (ordered by
 *       project, then workflow, by the key), then one consistent batch read of the
 *       {@code RELEASE#} copies they name.</li>
 *   <li>{@link #compareAndSetRollout}: one transaction puts the {@code ROLLOUT} item on condition
 *       that its {@code version} is the expected one (or that it does not exist yet, for version
 *       0), and puts the copy in {@code ROLLOUTS#ACTIVE} when the rollout runs or pauses, or
 *       deletes it when it finished. {@link #activeRollouts} is then one consistent query of that
 *       small partition, however many workflows once had a rollout.</li>
 *   <li>{@link #deploymentsInState}: a query of the index, oldest first. Index reads are
 *       eventually consistent in DynamoDB (no {@code ConsistentRead} on a GSI): a change of
 *       state may take a moment to show there; {@link #deployment} is always current.</li>
 * </ul>
 *
 * <p>SDK failures become {@link DomainException}s with the cause kept: throttling, outages,
 * missing tables and refused credentials are 503 {@code store.unavailable}, undecodable items
 * 500 {@code store.corrupt}, items over DynamoDB's 400 KB limit 422 {@code store.item-too-large}.
 */
public final class DynamoDbReleaseStore implements ReleaseStore {

    /** Most items one {@code TransactWriteItems} may hold. */
    static final int MAX_TRANSACTION_ITEMS = 100;
    /** How often an optimistic write is tried while other writers keep changing the same items. */
    static final int MAX_WRITE_ATTEMPTS = 40;
    /** Keys per {@code BatchGetItem} request. */
    private static final int BATCH_GET_KEYS = 100;

    private static final String NOT_EXISTS = "attribute_not_exists(#pk)";
    private static final Map<String, String> PK_NAME = Map.of("#pk", PK);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final StoreErrors errors;

    /** A store on an existing table, stamping routing changes and interruptions with the system clock. */
    public DynamoDbReleaseStore(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC());
    }

    /** A store on an existing table, stamping routing changes and interruptions with {@code clock}. */
    public DynamoDbReleaseStore(DynamoDbClient dynamo, String tableName, Clock clock) {
        if (dynamo == null || clock == null) {
            throw new IllegalArgumentException("A DynamoDB client and a clock are required");
        }
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A table name is required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.clock = clock;
        this.errors = new StoreErrors(tableName);
    }

    /**
     * Creates the table with the layout this store expects (on-demand billing, the
     * {@value StoreKeys#STATE_INDEX} index) and waits until it is active. A table of that name
     * that already exists is left as it is.
     */
    public static void createTable(DynamoDbClient dynamo, String tableName) {
        StoreErrors errors = new StoreErrors(tableName);
        try {
            dynamo.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(STATE_KEY),
                            stringAttribute(CREATED_ORDER))
                    .keySchema(keyPart(PK, KeyType.HASH), keyPart(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(STATE_INDEX)
                            .keySchema(keyPart(STATE_KEY, KeyType.HASH), keyPart(CREATED_ORDER, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException alreadyThere) {
            // Creating is idempotent so that infrastructure code and tests can call it unconditionally.
        } catch (SdkException e) {
            throw errors.translate("create table '" + tableName + "'", e);
        }
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo).build()) {
            waiter.waitUntilTableExists(b -> b.tableName(tableName));
        } catch (SdkException e) {
            throw errors.translate("wait for table '" + tableName + "' to become active", e);
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyPart(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The table this store reads and writes. */
    public String tableName() {
        return table;
    }

    // ---- drafts ----

    @Override
    public Draft saveDraft(Draft draft) {
        call("save the draft of " + draft.ref(), () -> dynamo.putItem(b -> b.tableName(table).item(StoreItems.draft(draft))));
        return draft;
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return get(StoreKeys.draft(ref), "read the draft of " + ref).map(StoreItems::draft);
    }

    // ---- releases ----

    @Override
    public Release createRelease(NewRelease request) {
        WorkflowRef ref = request.ref();
        String action = "create release " + request.versionName() + " of " + ref;
        return transactRetrying(action, () -> {
            long lastSeq = get(StoreKeys.lastSeq(ref), action)
                    .map(item -> StoreItems.decode(item, () -> StoreItems.number(item, StoreItems.LAST_SEQ)))
                    .orElse(0L);
            Release release = request.toRelease(ReleaseId.newId(), lastSeq + 1);
            // Indexes matter: the cancellation reasons come back in this order.
            List<TransactWriteItem> writes = List.of(
                    advanceLastSeq(ref, lastSeq, release.seq()),
                    putNew(StoreItems.release(release)),
                    putNew(StoreItems.versionName(release)),
                    putNew(StoreItems.releaseById(release)));
            return new Attempt<>(writes, release, (reasons, e) -> {
                if (reasons.conditionFailed(2)) {
                    throw versionExists(ref, request.versionName(), e);
                }
                boolean anotherPublishCameFirst = reasons.conditionFailed(0) || reasons.conditionFailed(1);
                boolean idTaken = reasons.conditionFailed(3);
                return anotherPublishCameFirst || idTaken ? Verdict.retry() : Verdict.unexplained();
            });
        });
    }

    private TransactWriteItem advanceLastSeq(WorkflowRef ref, long lastSeq, long seq) {
        Put.Builder put = Put.builder().tableName(table).item(StoreItems.lastSeq(ref, seq));
        if (lastSeq == 0) {
            put.conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME);
        } else {
            put.conditionExpression("#lastSeq = :lastSeq")
                    .expressionAttributeNames(Map.of("#lastSeq", StoreItems.LAST_SEQ))
                    .expressionAttributeValues(Map.of(":lastSeq", StoreItems.n(lastSeq)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private DomainException versionExists(WorkflowRef ref, String versionName, Throwable cause) {
        List<String> namesNewestFirst = queryPartition(StoreKeys.workflowPartition(ref), StoreKeys.VERSION_PREFIX, false,
                "list the version names of " + ref).stream()
                .sorted(Comparator.comparingLong((Map<String, AttributeValue> item) ->
                        StoreItems.decode(item, () -> StoreItems.number(item, StoreItems.SEQ))).reversed())
                .map(item -> StoreItems.decode(item, () -> StoreItems.string(item, StoreItems.VERSION_NAME)))
                .toList();
        return new VersionExistsException(ref, versionName, namesNewestFirst, cause);
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        return get(StoreKeys.releaseId(id), "read release " + id).map(StoreItems::release);
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return queryPartition(StoreKeys.workflowPartition(ref), StoreKeys.RELEASE_PREFIX, true, "list the releases of " + ref)
                .stream().map(StoreItems::release).toList();
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        String action = "read release " + versionName + " of " + ref;
        return get(StoreKeys.versionName(ref, versionName), action)
                .flatMap(guard -> get(StoreItems.pointedRelease(guard), action))
                .map(StoreItems::release);
    }

    @Override
    public List<Release> routedReleases(String user) {
        String action = "list the routed releases of " + user;
        List<RoutingConfig> configs = queryPartition(StoreKeys.userPartition(user), StoreKeys.ROUTING_PREFIX, false, action)
                .stream().map(StoreItems::routing).toList();
        Set<ReleaseId> ids = new LinkedHashSet<>();
        configs.forEach(config -> ids.addAll(config.referencedReleases()));
        Map<ReleaseId, Release> byId = batchGet(ids.stream().map(StoreKeys::releaseId).toList(), action)
                .stream().map(StoreItems::release)
                .collect(Collectors.toMap(Release::id, Function.identity()));
        List<Release> routed = new ArrayList<>();
        for (RoutingConfig config : configs) {
            config.referencedReleases().stream()
                    .map(id -> Optional.ofNullable(byId.get(id)).orElseThrow(() -> missingRoutedRelease(config, id)))
                    .sorted(Comparator.comparingLong(Release::seq).reversed())
                    .forEach(routed::add);
        }
        return routed;
    }

    private static DomainException missingRoutedRelease(RoutingConfig config, ReleaseId id) {
        return new DomainException("store.corrupt", 500,
                "The routing of " + config.ref() + " names release " + id + ", which is not in the table",
                "The release items were changed outside the platform; restore them from the table's point-in-time"
                        + " backup, or route only listed releases.");
    }

    // ---- routing ----

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return get(StoreKeys.routing(ref), "read the routing of " + ref).map(StoreItems::routing)
                .orElseGet(() -> RoutingConfig.empty(ref));
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return writeRouting(ref, expectedRevision, newRouting, by, why, null);
    }

    @Override
    public RoutingConfig commitPublish(PublishCommit commit) {
        Deployment d = commit.deployment();
        return writeRouting(d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(), commit.why(), d);
    }

    /**
     * The routing compare-and-set, with the deployment's progress in the same transaction when
     * {@code publishing} is given. The current routing is read first: it is the "before" of the
     * history entry, and the condition on its revision guarantees it is still the current one
     * when the transaction commits.
     */
    private RoutingConfig writeRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
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
                writes.add(TransactWriteItem.builder().update(ProgressUpdate.of(publishing).transactionPart(table)).build());
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

    // ---- deployments ----

    @Override
    public Deployment createDeployment(Deployment deployment) {
        String action = "create deployment " + deployment.id();
        Map<String, AttributeValue> item = StoreItems.deployment(deployment, nextDeploymentNumber(action));
        if (deployment.idempotencyKey() == null) {
            try {
                call(action, () -> dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME)));
                return deployment;
            } catch (ConditionalCheckFailedException e) {
                if (deployment(deployment.id()).filter(deployment::equals).isPresent()) {
                    return deployment; // the SDK retried a put whose first response was lost
                }
                throw deploymentExists(deployment.id(), e);
            }
        }
        List<TransactWriteItem> writes = List.of(putNew(StoreItems.idempotencyGuard(deployment)), putNew(item));
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

    /** Why a deployment's progress could not be stored: it is unknown, or it already finished. */
    private DomainException deploymentNotChangeable(DeploymentId id, Throwable cause) {
        Optional<Deployment> current = deployment(id);
        if (current.isEmpty()) {
            return new DomainException("deployment.not-found", 404, "No deployment " + id,
                    "Use the id returned by publish.", cause);
        }
        if (current.get().isFinished()) {
            return new DomainException("deployment.finished", 409,
                    "Deployment " + id + " already finished as " + current.get().state(),
                    "A finished deployment never changes; publish again to start a new one.", cause);
        }
        return errors.contention("update deployment " + id, cause);
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
            } catch (DomainException finishedMeanwhile) {
                if (!finishedMeanwhile.code().equals("deployment.finished")) {
                    throw finishedMeanwhile;
                }
            }
        }
        return marked;
    }

    /**
     * The update that replaces a running deployment's progress, on condition that the deployment
     * exists and is still RUNNING; as a request of its own or as part of a transaction.
     */
    private record ProgressUpdate(Map<String, AttributeValue> key, String expression, Map<String, String> names,
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

    // ---- rollouts ----

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

    // ---- requests ----

    /**
     * Runs an optimistic transaction until it commits: each attempt is built afresh (so it sees
     * what the writer that beat it wrote), and a cancelled one is judged by the attempt itself,
     * which throws the refusal the cancellation means, answers, or asks for another try. Gives up
     * with {@code store.unavailable} after {@link #MAX_WRITE_ATTEMPTS} lost races.
     */
    private <T> T transactRetrying(String action, Supplier<Attempt<T>> nextAttempt) {
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
    private record Attempt<T>(List<TransactWriteItem> writes, T applied, CancellationJudge<T> judge) {
    }

    @FunctionalInterface
    private interface CancellationJudge<T> {
        /** Throws the refusal this cancellation means, or says what to do instead. */
        Verdict<T> judge(Reasons reasons, TransactionCanceledException e);
    }

    /** What a cancelled attempt comes to when it is not a refusal. */
    private record Verdict<T>(boolean answered, T answer, boolean tryAgain) {

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
    private record Reasons(List<CancellationReason> reasons) {

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

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(NOT_EXISTS).expressionAttributeNames(PK_NAME).build()).build();
    }

    /**
     * Runs one transaction. Its token makes the SDK's own retries of it idempotent: a retry after
     * a lost response finds the transaction applied instead of failing on its own conditions.
     */
    private void transact(List<TransactWriteItem> writes, String action) {
        String token = UUID.randomUUID().toString();
        call(action, () -> dynamo.transactWriteItems(b -> b.transactItems(writes).clientRequestToken(token)));
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, String action) {
        Map<String, AttributeValue> item = call(action, () -> dynamo.getItem(b -> b.tableName(table).key(key)
                .consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Every item of the partition whose sort key starts with {@code prefix}, in key order or reversed. */
    private List<Map<String, AttributeValue>> queryPartition(String partition, String prefix, boolean descending,
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
    private List<Map<String, AttributeValue>> queryAll(QueryRequest request, String action) {
        return call(action, () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            dynamo.queryPaginator(request).items().forEach(items::add);
            return items;
        });
    }

    /** The items with these keys that exist, in no particular order; unprocessed keys are asked for again. */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, String action) {
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
    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException conditional) {
            throw conditional;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    /** A short random wait before trying an optimistic write again, so racing writers spread out. */
    private static void pause(int attempt) {
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
