package com.wfp.platform.deployment;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.ReleaseStore;

class PublishServiceTest extends PublishServiceContract {

    @Override
    protected ReleaseStore newStore() {
        return new InMemoryReleaseStore();
    }
}
