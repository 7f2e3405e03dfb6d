package com.wfp.platform.port;

class InMemoryReleaseStoreTest extends ReleaseStoreContract {

    @Override
    protected ReleaseStore newStore() {
        return new InMemoryReleaseStore();
    }
}
