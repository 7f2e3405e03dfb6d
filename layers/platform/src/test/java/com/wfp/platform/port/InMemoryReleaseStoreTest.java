package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;

class InMemoryReleaseStoreTest extends ReleaseStoreContract {

    @Override
    protected ReleaseStore newStore() {
        return new InMemoryReleaseStore();
    }

    @Override
    protected void dropStoredLayout(WorkflowRef ref) {
        ((InMemoryReleaseStore) store).dropLayout(ref);
    }
}
