package com.wfp.adapters.aws.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.port.ReleaseStoreContract;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The release store contract, and what is particular to DynamoDB, against moto. */
class DynamoDbReleaseStoreIT extends ReleaseStoreContract {

    private final MotoTables tables = new MotoTables();

    @Override
    protected ReleaseStore newStore() {
        return tables.newStore();
    }

    @Override
    protected void dropStoredLayout(WorkflowRef ref) {
        Map<String, AttributeValue> item = new HashMap<>(MotoTables.client()
                .getItem(b -> b.tableName(tableName()).key(StoreKeys.routing(ref)).consistentRead(true)).item());
        try {
            ObjectNode config = (ObjectNode) new ObjectMapper().readTree(item.get("config").s());
            assertThat(config.remove("layout")).as("the stored layout").isNotNull();
            item.put("config", AttributeValue.fromS(config.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        MotoTables.client().putItem(b -> b.tableName(tableName()).item(item));
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }

    private String tableName() {
        return ((DynamoDbReleaseStore) store).tableName();
    }

    // ---- failures ----

    @Test
    void calls_whenTheTableIsMissing_failWith503NamingTheTableAndHowToCreateIt() {
        ReleaseStore missing = new DynamoDbReleaseStore(MotoTables.client(), "no-such-table");
        List<ThrowingCallable> calls = List.of(
                () -> missing.routing(ORDERS),
                () -> missing.createRelease(newRelease(ORDERS, "v1.0.0")),
                () -> missing.releases(ORDERS),
                () -> missing.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1")),
                () -> missing.deploymentsInState(DeploymentState.RUNNING),
                () -> missing.rollout(ORDERS),
                () -> missing.activeRollouts(),
                () -> missing.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0));

        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo("store.unavailable");
                assertThat(e.httpStatus()).isEqualTo(503);
                assertThat(e.getMessage()).contains("'no-such-table'").contains("does not exist");
                assertThat(e.hint()).contains("DynamoDbReleaseStore.createTable(client, \"no-such-table\")");
                assertThat(e.getCause()).isNotNull();
            });
        }
    }

    @Test
    void calls_whenDynamoDbIsUnreachable_failWith503StoreUnavailableKeepingTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = MotoServer.shared().configure(DynamoDbClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            ReleaseStore offline = new DynamoDbReleaseStore(unreachable, tableName());

            assertThatThrownBy(() -> offline.draft(ORDERS)).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo("store.unavailable");
                assertThat(e.httpStatus()).isEqualTo(503);
                assertThat(e.getMessage()).contains("could not be reached").contains("read the draft of " + ORDERS);
                assertThat(e.hint()).contains("retry");
                assertThat(e.getCause()).isNotNull();
            });
        }
    }

    @Test
    void createRelease_whenTheItemExceedsTheDynamoDbItemLimit_failsWith422AndStoresNothing() {
        NewRelease huge = NewRelease.of(ORDERS, "v1.0.0", "", "{\"padding\":\"" + "x".repeat(420_000) + "\"}", "{}", "alice",
                T0);

        assertThatThrownBy(() -> store.createRelease(huge)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("store.item-too-large");
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.hint()).contains("350 KB");
        });
        assertThat(store.releases(ORDERS)).isEmpty();
        assertThat(store.releaseByVersion(ORDERS, "v1.0.0")).isEmpty();
        assertThat(publish(ORDERS, "v1.0.0").seq()).isEqualTo(1);
    }

    // ---- concurrency ----

    @Test
    void compareAndSetRouting_whenTwoThreadsRaceFromTheSameRevision_exactlyOneWinsAndTheOtherGets409() throws Exception {
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        TransactionsMeet meet = new TransactionsMeet(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DynamoDbClient racingClient = MotoTables.newClient(meet)) {
            ReleaseStore racing = new DynamoDbReleaseStore(racingClient, tableName());
            List<Future<Object>> outcomes = new ArrayList<>();
            for (Release target : List.of(v1, v2)) {
                outcomes.add(pool.submit(() -> {
                    try {
                        return racing.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                                .withWeights(List.of(new RouteWeight(target.id(), 100))), "alice", "race");
                    } catch (DomainException e) {
                        return e;
                    }
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(meet.met()).as("both transactions were sent after both threads read revision 0").isTrue();
            assertThat(results).filteredOn(RoutingConfig.class::isInstance).singleElement()
                    .satisfies(won -> assertThat(store.routing(ORDERS)).isEqualTo(won));
            assertThat(results).filteredOn(DomainException.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(DomainException.class, lost -> {
                        assertThat(lost.code()).isEqualTo("routing.stale-revision");
                        assertThat(lost.httpStatus()).isEqualTo(409);
                        assertThat(lost.getMessage()).contains("revision 1");
                    });
            assertThat(store.routing(ORDERS).revision()).isEqualTo(1);
            assertThat(store.routingHistory(ORDERS)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- pagination and table ----

    @Test
    void releases_whenTheyFillMoreThanOneQueryPage_returnsEveryReleaseNewestFirst() {
        // 40 releases of 30 KB: more than the 1 MB a query page holds, in few enough writes to stay quick on moto.
        String padding = "x".repeat(30_000);
        int count = 40;
        for (int i = 1; i <= count; i++) {
            store.createRelease(NewRelease.of(ORDERS, "v1." + i + ".0", "", "{\"padding\":\"" + padding + "\",\"v\":" + i + "}",
                    "{}", "alice", T0));
        }
        QueryCounter queries = new QueryCounter();

        List<Release> releases;
        try (DynamoDbClient counted = MotoTables.newClient(queries)) {
            releases = new DynamoDbReleaseStore(counted, tableName()).releases(ORDERS);
        }

        assertThat(releases.stream().mapToInt(r -> r.definition().length()).sum()).isGreaterThan(1_048_576);
        assertThat(queries.count()).as("query pages read").isGreaterThan(1);
        assertThat(releases).extracting(Release::seq).containsExactlyElementsOf(
                LongStream.iterate(count, seq -> seq >= 1, seq -> seq - 1).boxed().toList());
        assertThat(releases.getFirst().versionName()).isEqualTo("v1." + count + ".0");
    }

    @Test
    void createTable_whenTheTableExists_leavesItAndItsItemsAlone() {
        Release v1 = publish(ORDERS, "v1.0.0");

        DynamoDbReleaseStore.createTable(MotoTables.client(), tableName());

        assertThat(store.release(v1.id())).contains(v1);
    }

    /** Holds each of the first {@code parties} transactions until all of them are about to be sent. */
    private static final class TransactionsMeet implements ExecutionInterceptor {

        private final CountDownLatch arrived;

        TransactionsMeet(int parties) {
            this.arrived = new CountDownLatch(parties);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                arrived.countDown();
                try {
                    arrived.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        boolean met() {
            return arrived.getCount() == 0;
        }
    }

    /** Counts the Query requests a client sends. */
    private static final class QueryCounter implements ExecutionInterceptor {

        private final AtomicInteger queries = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("Query".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                queries.incrementAndGet();
            }
        }

        int count() {
            return queries.get();
        }
    }
}
