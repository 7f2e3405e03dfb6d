package com.wfp.platform.port;

/** The in-memory fake keeps the same contract as the real stores. */
class InMemoryAlertStoreTest extends AlertStoreContract {

    @Override
    protected Object newStore() {
        return new InMemoryAlertStore();
    }
}
