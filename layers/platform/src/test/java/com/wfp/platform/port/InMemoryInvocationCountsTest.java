package com.wfp.platform.port;

class InMemoryInvocationCountsTest extends InvocationCountsContract {

    @Override
    protected InvocationCounts newCounts() {
        return new InMemoryInvocationCounts();
    }
}
