package com.wfp.platform.port;

/** The in-memory fake keeps the same pod-check contract as the real stores. */
class InMemoryPodCheckStoreTest extends PodCheckStoreContract {

    @Override
    protected PodCheckStore newStore() {
        return new InMemoryAlertStore();
    }
}
