package com.wfp.adapters.aws.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The publishes handed from the publish function to the deploy worker, one item each
 * ({@code pk=DEPLOYJOB#<id>, sk=JOB}) in the release table: the command (with its definition) is
 * too large for an asynchronous invoke's payload, so the invoke carries only the deployment id.
 * The worker deletes the item once the publish has finished.
 */
public final class DynamoDbDeploymentJobs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String COMMAND = "command";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeploymentJobs(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Stores the command of deployment {@code id}. */
    public void put(DeploymentId id, PublishCommand command) {
        call("store the publish " + id + " for the deploy worker", () -> dynamo.putItem(b -> b.tableName(table).item(Map.of(
                PK, AttributeValue.fromS(partition(id)), SK, AttributeValue.fromS("JOB"),
                COMMAND, AttributeValue.fromS(toJson(command))))));
    }

    /** The command of deployment {@code id}, unless it was never stored or is already done. */
    public Optional<PublishCommand> command(DeploymentId id) {
        Map<String, AttributeValue> item = call("read the publish " + id, () -> dynamo.getItem(b -> b.tableName(table)
                .key(key(id)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromJson(item.get(COMMAND).s()));
    }

    /** Removes the command of a finished publish. */
    public void done(DeploymentId id) {
        call("remove the finished publish " + id, () -> dynamo.deleteItem(b -> b.tableName(table).key(key(id))));
    }

    static String toJson(PublishCommand command) {
        ObjectNode json = JSON.createObjectNode();
        json.put("user", command.ref().user());
        json.put("project", command.ref().project());
        json.put("workflow", command.ref().workflow());
        json.put("definition", command.definitionJson());
        json.put("version", command.versionName());
        json.put("notes", command.notes());
        json.put("strategy", command.strategy().text());
        json.put("by", command.by());
        json.put("idempotencyKey", command.idempotencyKey());
        return json.toString();
    }

    static PublishCommand fromJson(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            return new PublishCommand(new WorkflowRef(json.path("user").asText(), json.path("project").asText(),
                    json.path("workflow").asText()), json.path("definition").asText(), json.path("version").asText(),
                    json.path("notes").isNull() ? null : json.path("notes").asText(),
                    PublishStrategy.parse(json.path("strategy").asText()), json.path("by").asText(),
                    json.path("idempotencyKey").isNull() ? null : json.path("idempotencyKey").asText());
        } catch (IOException e) {
            throw new DomainException("store.corrupt", 500, "A stored publish is not JSON: " + e.getMessage(),
                    "Publish again; the stored job can be deleted.", e);
        }
    }

    private static Map<String, AttributeValue> key(DeploymentId id) {
        return Map.of(PK, AttributeValue.fromS(partition(id)), SK, AttributeValue.fromS("JOB"));
    }

    private static String partition(DeploymentId id) {
        return "DEPLOYJOB#" + id.value();
    }

    private <T> T call(String action, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            throw DomainException.unavailable("publish.handoff-failed",
                    "Could not " + action + " in table '" + table + "': " + e.getMessage(),
                    "Check that the publish functions may read and write the table; then publish again.", e);
        }
    }
}
