package com.wfp.adapters.aws.telemetry;

import com.wfp.adapters.aws.MotoServer;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.port.TelemetryStoreContract;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

import java.time.Clock;
import java.util.UUID;

/**
 * The telemetry store contract, whole, on CloudWatch Logs (moto_server, or whatever
 * {@code AWS_ENDPOINT_URL} names): a log group of its own per test, deleted after it.
 */
class CloudWatchLogsTelemetryStoreIT extends TelemetryStoreContract {

    private static final CloudWatchLogsClient LOGS = MotoServer.shared().configure(CloudWatchLogsClient.builder()).build();

    private String logGroup;

    @Override
    protected TelemetryStore newStore() {
        logGroup = "/wfp/test/telemetry-" + UUID.randomUUID();
        CloudWatchLogsTelemetryStore.createLogGroup(LOGS, logGroup, 7);
        return new CloudWatchLogsTelemetryStore(LOGS, logGroup, "route/" + UUID.randomUUID(), Clock.systemUTC());
    }

    @AfterEach
    void deleteLogGroup() {
        LOGS.deleteLogGroup(b -> b.logGroupName(logGroup));
    }
}
