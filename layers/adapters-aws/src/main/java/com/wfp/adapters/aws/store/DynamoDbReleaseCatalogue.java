package com.wfp.adapters.aws.store;

import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link ReleaseCatalogue} of {@link DynamoDbReleaseStore}: releases, their version-name guards
 * and the copies by id.
 */
final class DynamoDbReleaseCatalogue extends DynamoDbTable implements ReleaseCatalogue {

    DynamoDbReleaseCatalogue(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, clock);
    }

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
}
