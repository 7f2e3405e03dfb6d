package com.wfp.platform.port;

class InMemorySecretStoreTest extends SecretStoreContract {

    @Override
    protected SecretStore newStore() {
        return new InMemorySecretStore();
    }
}
