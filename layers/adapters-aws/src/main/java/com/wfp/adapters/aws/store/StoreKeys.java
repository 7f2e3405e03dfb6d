package com.wfp.adapters.aws.store;

import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The key of every item kind in the release table (layout in {@link DynamoDbReleaseStore}).
 *
 * <p>Parts are joined with {@code #}, which no slug, version name or id contains, and which sorts
 * below every character they may contain: a query over {@code ROUTING#} items therefore returns
 * them ordered by project, then workflow. Numbers in sort keys are zero-padded to 19 digits so
 * that string order is numeric order.
 */
final class StoreKeys {

    /** Partition key attribute of the table. */
    static final String PK = "pk";
    /** Sort key attribute of the table. */
    static final String SK = "sk";
    /** Partition key of {@link #STATE_INDEX}: {@code DEPLOYMENTS#<state>} on deployment items only. */
    static final String STATE_KEY = "stateKey";
    /** Sort key of {@link #STATE_INDEX}: the zero-padded creation number of the deployment. */
    static final String CREATED_ORDER = "createdOrder";
    /** The one global secondary index: deployments by state, oldest first. */
    static final String STATE_INDEX = "deployments-by-state";

    static final String DRAFT = "DRAFT";
    static final String RELEASE_PREFIX = "REL#";
    static final String VERSION_PREFIX = "VER#";
    static final String HISTORY_PREFIX = "HIST#";
    static final String ROUTING_PREFIX = "ROUTING#";
    static final String LAST_SEQ = "SEQ";
    static final String ROLLOUT = "ROLLOUT";
    static final String DEPLOYMENT_POINTER_PREFIX = "DEPLOY#";
    /** Partition of the copies of the running and paused rollouts, one item per workflow. */
    static final String ACTIVE_ROLLOUTS = "ROLLOUTS#ACTIVE";

    private StoreKeys() {
    }

    static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PK, AttributeValue.fromS(partition), SK, AttributeValue.fromS(sort));
    }

    /** Partition of everything that belongs to one workflow: draft, releases, version names, history. */
    static String workflowPartition(WorkflowRef ref) {
        return "WF#" + ref.user() + "#" + ref.project() + "#" + ref.workflow();
    }

    static Map<String, AttributeValue> draft(WorkflowRef ref) {
        return key(workflowPartition(ref), DRAFT);
    }

    /** The counter item holding the workflow's last assigned sequence number. */
    static Map<String, AttributeValue> lastSeq(WorkflowRef ref) {
        return key(workflowPartition(ref), LAST_SEQ);
    }

    static Map<String, AttributeValue> release(WorkflowRef ref, long seq) {
        return key(workflowPartition(ref), RELEASE_PREFIX + padded(seq));
    }

    /** The guard item that makes a version name unique within its workflow. */
    static Map<String, AttributeValue> versionName(WorkflowRef ref, String versionName) {
        return key(workflowPartition(ref), VERSION_PREFIX + versionName);
    }

    static Map<String, AttributeValue> routingChange(WorkflowRef ref, long revision) {
        return key(workflowPartition(ref), HISTORY_PREFIX + padded(revision));
    }

    /** Partition of one user's routing configs, so that all of them are one consistent query. */
    static String userPartition(String user) {
        return "USER#" + user;
    }

    static Map<String, AttributeValue> routing(WorkflowRef ref) {
        return key(userPartition(ref.user()), ROUTING_PREFIX + ref.project() + "#" + ref.workflow());
    }

    /** The workflow's latest rollout, running or finished. */
    static Map<String, AttributeValue> rollout(WorkflowRef ref) {
        return key(workflowPartition(ref), ROLLOUT);
    }

    /**
     * The copy of a running or paused rollout in {@link #ACTIVE_ROLLOUTS}; its sort key orders the
     * copies by user, project, then workflow.
     */
    static Map<String, AttributeValue> activeRollout(WorkflowRef ref) {
        return key(ACTIVE_ROLLOUTS, ref.user() + "#" + ref.project() + "#" + ref.workflow());
    }

    /** The copy of a release under its id. */
    static Map<String, AttributeValue> releaseId(ReleaseId id) {
        return key("RELEASE#" + id.value(), "RELEASE");
    }

    static Map<String, AttributeValue> deployment(DeploymentId id) {
        return key("DEPLOYMENT#" + id.value(), "DEPLOYMENT");
    }

    /** The pointer under the workflow to its deployment numbered {@code createdOrder}, for listing them newest first. */
    static Map<String, AttributeValue> deploymentPointer(WorkflowRef ref, long createdOrder) {
        return key(workflowPartition(ref), DEPLOYMENT_POINTER_PREFIX + padded(createdOrder));
    }

    /** The guard item that makes an idempotency key unique per user; the key may contain any character. */
    static Map<String, AttributeValue> idempotencyKey(String user, String idempotencyKey) {
        return key("IDEMPOTENCY#" + user + "#" + idempotencyKey, "IDEMPOTENCY");
    }

    /** The table-wide counter that numbers deployments in creation order. */
    static Map<String, AttributeValue> deploymentCounter() {
        return key("COUNTER#DEPLOYMENTS", "COUNTER");
    }

    static String stateKey(DeploymentState state) {
        return "DEPLOYMENTS#" + state.name();
    }

    static String padded(long number) {
        return String.format("%019d", number);
    }
}
