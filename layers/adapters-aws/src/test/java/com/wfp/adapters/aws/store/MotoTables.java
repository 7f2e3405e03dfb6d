package com.wfp.adapters.aws.store;

import com.wfp.adapters.aws.MotoServer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.utils.AttributeMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fresh release tables on the shared moto server: each test creates its own (a unique name, so
 * tests never see each other's items) and drops it afterwards.
 *
 * <p>Clients made here send one request at a time to moto. Moto applies a DynamoDB request
 * without locking, and cancels a transaction by restoring a copy of the whole table taken when
 * the transaction began, which can wipe a write another request made meanwhile. DynamoDB applies
 * each request atomically; serializing the requests gives the tests that behaviour back. The
 * store's own read-then-write steps still interleave freely between threads.
 */
final class MotoTables implements AutoCloseable {

    private static final ReentrantLock ONE_REQUEST_AT_A_TIME = new ReentrantLock();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbClient shared;

    private final List<String> created = new ArrayList<>();

    /** The client most tests share; it lives as long as the JVM. */
    static synchronized DynamoDbClient client() {
        if (shared == null) {
            shared = newClient();
        }
        return shared;
    }

    /** A client of its own, for a test that observes or delays its requests. */
    static DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return MotoServer.shared().configure(DynamoDbClient.builder())
                .httpClientBuilder(new SerializedHttpClientBuilder())
                .overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor))
                .build();
    }

    /** A table name no other test uses. */
    static String uniqueName() {
        return "releases-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
    }

    /** Creates a fresh table, dropped by {@link #close()}. */
    String createTable() {
        String name = uniqueName();
        DynamoDbReleaseStore.createTable(client(), name);
        created.add(name);
        return name;
    }

    /** A store on a fresh table. */
    DynamoDbReleaseStore newStore() {
        return new DynamoDbReleaseStore(client(), createTable());
    }

    @Override
    public void close() {
        created.forEach(name -> client().deleteTable(b -> b.tableName(name)));
        created.clear();
    }

    /** The JDK-based client, with every call holding the JVM-wide lock while moto handles it. */
    private static final class SerializedHttpClientBuilder implements SdkHttpClient.Builder<SerializedHttpClientBuilder> {

        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            SdkHttpClient delegate = UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults);
            return new SdkHttpClient() {
                @Override
                public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                    ExecutableHttpRequest prepared = delegate.prepareRequest(request);
                    return new ExecutableHttpRequest() {
                        @Override
                        public HttpExecuteResponse call() throws IOException {
                            // Moto has handled the request completely once the response status arrives.
                            ONE_REQUEST_AT_A_TIME.lock();
                            try {
                                return prepared.call();
                            } finally {
                                ONE_REQUEST_AT_A_TIME.unlock();
                            }
                        }

                        @Override
                        public void abort() {
                            prepared.abort();
                        }
                    };
                }

                @Override
                public String clientName() {
                    return delegate.clientName();
                }

                @Override
                public void close() {
                    delegate.close();
                }
            };
        }
    }
}
