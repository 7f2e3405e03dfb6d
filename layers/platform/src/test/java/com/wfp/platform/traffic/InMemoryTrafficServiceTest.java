package com.wfp.platform.traffic;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.ReleaseStore;

class InMemoryTrafficServiceTest extends TrafficServiceContract {

    @Override
    protected ReleaseStore newStore() {
        return new InMemoryReleaseStore();
    }
}
