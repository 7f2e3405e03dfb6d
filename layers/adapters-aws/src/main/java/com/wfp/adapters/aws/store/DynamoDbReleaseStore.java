package com.wfp.adapters.aws.store;

import com.wfp.platform.port.ComposedReleaseStore;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Clock;

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
 * WF#&lt;wf&gt;                   DEPLOY#&lt;createdOrder&gt;      pointer to one of the workflow's deployments: deploymentId
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
 *   <li>{@link #createDeployment}: one transaction puts the deployment and its {@code DEPLOY#}
 *       pointer under the workflow, plus with an idempotency key the guard; a guard that already
 *       exists leads to the deployment it names.</li>
 *   <li>{@link #recentDeployments}: one consistent query of the workflow's {@code DEPLOY#}
 *       pointers, newest first and limited, then one consistent batch read of the deployments.</li>
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
 * <p>Each port is a package-private class sharing one {@link DynamoDbTable} helper (its reads,
 * queries and the one retry loop of optimistic transactions); this class builds them, and
 * {@link ComposedReleaseStore} hands each call to its port's class.
 *
 * <p>SDK failures become {@link DomainException}s with the cause kept: throttling, outages,
 * missing tables and refused credentials are 503 {@code store.unavailable}, undecodable items
 * 500 {@code store.corrupt}, items over DynamoDB's 400 KB limit 422 {@code store.item-too-large}.
 */
public final class DynamoDbReleaseStore extends ComposedReleaseStore {

    private final String table;

    /** A store on an existing table, stamping routing changes and interruptions with the system clock. */
    public DynamoDbReleaseStore(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC());
    }

    /** A store on an existing table, stamping routing changes and interruptions with {@code clock}. */
    public DynamoDbReleaseStore(DynamoDbClient dynamo, String tableName, Clock clock) {
        super(parts(dynamo, tableName, clock));
        this.table = tableName;
    }

    private static Parts parts(DynamoDbClient dynamo, String tableName, Clock clock) {
        if (dynamo == null || clock == null) {
            throw new IllegalArgumentException("A DynamoDB client and a clock are required");
        }
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A table name is required");
        }
        DynamoDbRoutingStore routings = new DynamoDbRoutingStore(dynamo, tableName, clock);
        return new Parts(new DynamoDbDraftStore(dynamo, tableName, clock), new DynamoDbReleaseCatalogue(dynamo, tableName, clock),
                routings, new DynamoDbDeploymentStore(dynamo, tableName, clock, routings),
                new DynamoDbRolloutStore(dynamo, tableName, clock));
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
}
