package com.wfp.handlers;

import com.wfp.adapters.pod.PodClient;

import com.wfp.adapters.aws.pod.CloudMapPodEndpoints;
import com.wfp.adapters.aws.pod.PodTokens;
import com.wfp.adapters.aws.store.DynamoDbKeyStore;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.platform.access.ProductionAuthorizer;
import com.wfp.platform.access.WorkflowAccessRules;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.traffic.ProductionRouter;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Wires the route function's real adapters on AWS from its environment, which the CDK stack sets:
 * the DynamoDB table of releases and routing, where pods listen, and the secret their tokens
 * derive from. Nothing here is read per request.
 *
 * <ul>
 *   <li>{@value #TABLE}: the DynamoDB table name (required)</li>
 *   <li>{@value #POD_URL_TEMPLATE}: pods' base URL with {@code {user}}, such as
 *       {@code http://pod-{user}.wfp.internal:8080} (required)</li>
 *   <li>{@value #POD_TOKEN_SECRET}: the secret pod tokens derive from, 32+ characters (required)</li>
 *   <li>{@value #ROUTING_MAX_AGE_MS}: how long a cached routing serves before it is read again,
 *       default {@value #DEFAULT_ROUTING_MAX_AGE_MS} ms: the bound on how long a rollback takes to
 *       reach every warm function</li>
 * </ul>
 */
final class AwsRouting {

    static final String TABLE = "WFP_TABLE";
    static final String POD_URL_TEMPLATE = "WFP_POD_URL_TEMPLATE";
    static final String POD_TOKEN_SECRET = "WFP_POD_TOKEN_SECRET";
    static final String ROUTING_MAX_AGE_MS = "WFP_ROUTING_MAX_AGE_MS";
    static final long DEFAULT_ROUTING_MAX_AGE_MS = 250;
    /** Mirrored copies are awaited this long: a frozen Lambda would lose them. */
    static final Duration SHADOW_WAIT = Duration.ofSeconds(5);

    private AwsRouting() {
    }

    /** The router of a Lambda container: the SDK finds the region and credentials in the Lambda environment. */
    static ProductionRouter fromEnvironment() {
        return router(System.getenv(), DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    /** The production authorizer of a Lambda container, reading the same table as the route function. */
    static ProductionAuthorizer authorizerFromEnvironment() {
        return authorizer(System.getenv(), DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
    }

    /**
     * Keys and access rules from the table. No events reach a Lambda in process, so the routing's
     * maximum age also bounds how long a warm authorizer trusts a cached key or rule: a revoked
     * key is refused everywhere within it.
     */
    static ProductionAuthorizer authorizer(Map<String, String> environment, DynamoDbClient dynamo) {
        String table = required(environment, TABLE, "the DynamoDB table that holds releases, routing and keys");
        Duration maxAge = Duration.ofMillis(maxAgeMillis(environment));
        DynamoDbReleaseStore store = new DynamoDbReleaseStore(dynamo, table);
        WorkflowAccessRules rules = new WorkflowAccessRules(store, store, null, maxAge, System::nanoTime);
        return new ProductionAuthorizer(rules, new DynamoDbKeyStore(dynamo, table), Clock.systemUTC(), maxAge,
                System::nanoTime);
    }

    static ProductionRouter router(Map<String, String> environment, DynamoDbClient dynamo) {
        ReleaseStore store = new DynamoDbReleaseStore(dynamo, required(environment, TABLE,
                "the DynamoDB table that holds releases and routing"));
        CloudMapPodEndpoints endpoints = new CloudMapPodEndpoints(
                required(environment, POD_URL_TEMPLATE, "where pods listen, such as http://pod-{user}.wfp.internal:8080"),
                new PodTokens(required(environment, POD_TOKEN_SECRET, "the secret the pods' tokens derive from")));
        PodClient pods = new PodClient();
        RoutingCache routing = RoutingCache.refreshedByAge(store, store, Duration.ofMillis(maxAgeMillis(environment)));
        return new ProductionRouter(routing, store, pods.invoker(endpoints), pods.loader(endpoints),
                new EmfForwardedCalls(System.out, Clock.systemUTC()));
    }

    private static long maxAgeMillis(Map<String, String> environment) {
        String text = environment.get(ROUTING_MAX_AGE_MS);
        if (text == null || text.isBlank()) {
            return DEFAULT_ROUTING_MAX_AGE_MS;
        }
        try {
            long millis = Long.parseLong(text.strip());
            if (millis >= 1 && millis <= 60_000) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below.
        }
        throw misconfigured(ROUTING_MAX_AGE_MS + " is '" + text + "', not a number of milliseconds from 1 to 60000",
                "Set " + ROUTING_MAX_AGE_MS + " to, say, 250, or remove it for the default.");
    }

    private static String required(Map<String, String> environment, String name, String what) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw misconfigured("The route function has no " + name + " (" + what + ")",
                    "Deploy it with the CDK stack, which sets " + name + ", or set it in the function's configuration.");
        }
        return value.strip();
    }

    private static DomainException misconfigured(String message, String hint) {
        return new DomainException("config.missing", 500, message, hint);
    }
}
