package com.wfp.adapters.aws.store;

import com.wfp.platform.port.DraftStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.WorkflowRef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Optional;

/**
 * {@link DraftStore} of {@link DynamoDbReleaseStore}: the draft item of each workflow.
 */
final class DynamoDbDraftStore extends DynamoDbTable implements DraftStore {

    DynamoDbDraftStore(DynamoDbClient dynamo, String table, Clock clock) {
        super(dynamo, table, clock);
    }

    @Override
    public Draft saveDraft(Draft draft) {
        call("save the draft of " + draft.ref(), () -> dynamo.putItem(b -> b.tableName(table).item(StoreItems.draft(draft))));
        return draft;
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return get(StoreKeys.draft(ref), "read the draft of " + ref).map(StoreItems::draft);
    }
}
