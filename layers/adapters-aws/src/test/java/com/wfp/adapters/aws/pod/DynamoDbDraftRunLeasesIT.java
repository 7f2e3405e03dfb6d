package com.wfp.adapters.aws.pod;

import com.wfp.platform.testing.SettableClock;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The draft-run leases on moto's DynamoDB: one run per user's pod at a time, across containers. */
class DynamoDbDraftRunLeasesIT {

    private final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    private final String table = "wfp-leases-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T22:00:00Z"));
    private DynamoDbDraftRunLeases leases;
    /** Another container's view of the same table. */
    private DynamoDbDraftRunLeases elsewhere;

    @BeforeEach
    void setUp() {
        DynamoDbReleaseStore.createTable(dynamo, table);
        leases = new DynamoDbDraftRunLeases(dynamo, table, clock);
        elsewhere = new DynamoDbDraftRunLeases(dynamo, table, clock);
    }

    @AfterEach
    void tearDown() {
        dynamo.deleteTable(b -> b.tableName(table));
    }

    @Test
    void acquire_whileAnotherRunHoldsTheUsersLease_isRefusedUntilItIsGivenBack() {
        Optional<DynamoDbDraftRunLeases.Lease> first = leases.acquire("ada");
        assertThat(first).isPresent();

        assertThat(elsewhere.acquire("ada")).isEmpty();
        assertThat(elsewhere.acquire("bob")).as("another user's pod is not held").isPresent();

        first.get().close();
        assertThat(elsewhere.acquire("ada")).isPresent();
    }

    @Test
    void acquire_afterTheHeldLeaseExpired_succeedsAndTheOldHolderCannotGiveAwayTheNewOne() {
        DynamoDbDraftRunLeases.Lease stale = leases.acquire("ada").orElseThrow();
        clock.advance(DynamoDbDraftRunLeases.HOLD.plusMillis(1));

        assertThat(elsewhere.acquire("ada")).as("a lease a lost container never gave back").isPresent();
        stale.close();

        assertThat(leases.acquire("ada")).as("the new holder's lease stays held").isEmpty();
    }
}
