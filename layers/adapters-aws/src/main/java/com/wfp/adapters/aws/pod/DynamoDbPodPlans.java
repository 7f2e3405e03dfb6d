package com.wfp.adapters.aws.pod;

import com.wfp.platform.pod.PodPlan;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/**
 * Each user's pod plan on AWS, one item per user ({@code pk=PODPLAN#<user>, sk=PLAN}) in the
 * platform table. {@link EcsPodManager} sizes a new task from it.
 */
public final class DynamoDbPodPlans {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPodPlans(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The user's saved plan, if any. */
    public Optional<PodPlan> plan(String user) {
        Map<String, AttributeValue> item = call("read the pod plan of " + user,
                () -> dynamo.getItem(b -> b.tableName(table).key(key(user)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PodPlan(number(item, "heapMb"), number(item, "cpus"), number(item, "maxConcurrency"),
                number(item, "queueSize")));
    }

    /** The user's plan, or the platform's defaults when none is saved. */
    public PodPlan planOrDefaults(String user) {
        return plan(user).orElse(PodPlan.defaults());
    }

    public void save(String user, PodPlan plan) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(user));
        item.put("heapMb", AttributeValue.fromN(Integer.toString(plan.heapMb())));
        item.put("cpus", AttributeValue.fromN(Integer.toString(plan.cpus())));
        item.put("maxConcurrency", AttributeValue.fromN(Integer.toString(plan.maxConcurrency())));
        item.put("queueSize", AttributeValue.fromN(Integer.toString(plan.queueSize())));
        call("save the pod plan of " + user, () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    private static Map<String, AttributeValue> key(String user) {
        return Map.of("pk", AttributeValue.fromS("PODPLAN#" + user), "sk", AttributeValue.fromS("PLAN"));
    }

    private <T> T call(String action, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            throw DomainException.unavailable("pod.plans-unavailable",
                    "Could not " + action + " in table '" + table + "': " + e.getMessage(),
                    "Check that the function may read and write the table; then retry.", e);
        }
    }
}
