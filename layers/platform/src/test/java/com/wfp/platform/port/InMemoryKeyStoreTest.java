package com.wfp.platform.port;

class InMemoryKeyStoreTest extends KeyStoreContract {

    @Override
    protected KeyStore newStore() {
        return new InMemoryKeyStore();
    }
}
