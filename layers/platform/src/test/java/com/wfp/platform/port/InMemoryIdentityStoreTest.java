package com.wfp.platform.port;

class InMemoryIdentityStoreTest extends IdentityStoreContract {

    @Override
    protected IdentityStore newStore() {
        return new InMemoryIdentityStore();
    }
}
