package com.wfp.aws;

import com.wfp.adapters.pod.LoadRequest;
import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.PodEndpoint;

import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.pod.DynamoDbPodAddresses;
import com.wfp.adapters.aws.pod.PodTokens;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.model.CanonicalJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the route function meets on AWS, on this machine: a DynamoDB table on moto_server with
 * two releases of {@code ada/shop/greeting} (v1.0.0 at 100%, v1.1.0 staged at 0%), and ada's pod,
 * a real pod server holding v1.0.0 only, registered in the table at its loopback address as the registrar records a
 * running Fargate task. Closing it stops the pod and deletes the table.
 */
final class AwsRouteFixture implements AutoCloseable {

    static final WorkflowRef GREETING = new WorkflowRef("ada", "shop", "greeting");
    static final String SECRET = "route-it-secret-0123456789abcdef0123";
    static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/wfp/0123456789abcdef";

    static {
        // The SDK clients the functions build read region and credentials from here inside the test JVM.
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    final String table = "wfp-route-" + UUID.randomUUID();
    final DynamoDbReleaseStore store;
    final PodServer pod;
    final Release v1;
    final Release v2;

    AwsRouteFixture() throws IOException, InterruptedException {
        DynamoDbReleaseStore.createTable(dynamo, table);
        store = new DynamoDbReleaseStore(dynamo, table);
        v1 = store.createRelease(release("v1.0.0", "Hello"));
        v2 = store.createRelease(release("v1.1.0", "Welcome"));
        store.compareAndSetRouting(GREETING, 0, RoutingConfig.empty(GREETING).withWeights(List.of(
                new RouteWeight(v1.id(), 100), new RouteWeight(v2.id(), 0))), "ada", "first publish");

        String token = new PodTokens(SECRET).tokenOf("ada");
        pod = new PodServer(PodSettings.defaults(token), new WorkflowEngine(EngineSettings.defaults(),
                name -> Optional.empty()), new LineSink() {
            @Override
            public void write(String line) {
            }

            @Override
            public void flush() {
            }
        }).start();
        try (PodClient client = new PodClient()) {
            client.load(new PodEndpoint(pod.uri(), token), "pod of ada", v1.id().value(), LoadRequest.of(v1));
        }
        new DynamoDbPodAddresses(dynamo, table, Clock.systemUTC()).running("ada", TASK_ARN,
                java.net.URI.create("http://127.0.0.1:" + pod.port()));
    }

    /** The key project secrets are sealed with, given to the functions directly (the stack names a secret instead). */
    static final String SECRETS_KEY = com.wfp.workflow.secrets.SecretStoreKey.generate();

    /** The route function's environment, as the CDK stack would set it, pointed at moto_server. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put(AwsPlatform.TABLE, table);
        environment.put(AwsPlatform.POD_TOKEN_SECRET, SECRET);
        environment.put(AwsPlatform.ROUTING_MAX_AGE_MS, "100");
        environment.put(AwsPlatform.SECRETS_KEY, SECRETS_KEY);
        environment.put(AwsClients.ENDPOINT_URL, MotoServer.shared().endpoint().toString());
        return environment;
    }

    private static NewRelease release(String version, String word) throws IOException {
        String sample = Files.readString(Path.of(System.getProperty("basedir", "."))
                .resolve("../../samples/workflows/valid/greeting.json")).replace("'Hello, '", "'" + word + ", '");
        String canonical = CanonicalJson.of(new ObjectMapper().readTree(sample));
        return NewRelease.of(GREETING, version, "", canonical, "{\"valid\":true,\"findings\":[]}", "ada",
                Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Override
    public void close() {
        pod.stop();
        dynamo.deleteTable(b -> b.tableName(table));
        dynamo.close();
    }
}
