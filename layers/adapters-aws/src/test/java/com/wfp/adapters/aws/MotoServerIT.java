package com.wfp.adapters.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

class MotoServerIT {

    @Test
    void shared_whenStarted_answersTheAwsWireProtocol() {
        try (DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build()) {
            assertThat(dynamo.listTables().tableNames()).isNotNull();
        }
    }
}
