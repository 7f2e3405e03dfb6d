package com.wfp.adapters.local.pod;

import com.wfp.platform.port.PodManager;
import com.wfp.platform.port.PodManagerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The pod manager contract on the local platform: pods as child JVMs. */
class LocalPodManagerContractIT extends PodManagerContract {

    @TempDir
    Path dataDir;

    private LocalPodManager pods;

    @BeforeEach
    void setUp() {
        pods = new LocalPodManager(PodTesting.settings(dataDir), new InMemoryPodLogSink(10));
    }

    @AfterEach
    void tearDown() {
        pods.close();
    }

    @Override
    protected PodManager pods() {
        return pods;
    }

    @Override
    protected String user() {
        return "ada";
    }
}
