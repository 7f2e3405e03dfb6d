package com.wfp.infra;

import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesized data stack created by CloudFormation on moto_server, and the release store
 * working on the table it made: the template is something CloudFormation accepts, not only
 * something the tests read. The stack and the table it keeps on deletion are removed afterwards.
 */
class DataStackIT {

    private static final String STACK = "wfp-data-it-" + ProcessHandle.current().pid();

    private static CloudFormationClient cloudFormation;
    private static DynamoDbClient dynamo;
    private static String table;

    @BeforeAll
    static void createStack() {
        Map<String, Object> template = new LinkedHashMap<>(
                SynthesizedPlatform.template(SynthesizedPlatform.platform().data()).toJSON());
        // The bootstrap version check reads CDK's SSM parameter, which only a bootstrapped account has.
        template.remove("Parameters");
        template.remove("Rules");
        cloudFormation = MotoServer.shared().configure(CloudFormationClient.builder()).build();
        dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
        cloudFormation.createStack(b -> b.stackName(STACK).templateBody(Templates.json(template)));
        cloudFormation.waiter().waitUntilStackCreateComplete(b -> b.stackName(STACK));
        table = cloudFormation.describeStacks(b -> b.stackName(STACK)).stacks().get(0).outputs().stream()
                .filter(output -> output.outputKey().equals("PlatformTableName"))
                .map(Output::outputValue).findFirst().orElseThrow();
    }

    @AfterAll
    static void deleteStack() {
        if (cloudFormation == null) {
            return;
        }
        cloudFormation.deleteStack(b -> b.stackName(STACK));
        cloudFormation.waiter().waitUntilStackDeleteComplete(b -> b.stackName(STACK));
        if (table != null && dynamo.listTables().tableNames().contains(table)) {
            // Kept by the stack on purpose (releases outlive a destroy); a test leaves nothing behind.
            dynamo.deleteTable(b -> b.tableName(table));
        }
        cloudFormation.close();
        dynamo.close();
    }

    @Test
    void platformTable_createdFromTheTemplate_hasTheKeysAndIndexAndEncryption() {
        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        assertThat(description.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(description.globalSecondaryIndexes()).singleElement()
                .satisfies(index -> assertThat(index.indexName()).isEqualTo(DataStack.STATE_INDEX));
        assertThat(description.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void releaseStore_onTheTableFromTheTemplate_savesAndReadsAndQueriesTheIndex() {
        DynamoDbReleaseStore store = new DynamoDbReleaseStore(dynamo, table);
        WorkflowRef ref = new WorkflowRef("ada", "shop", "checkout");
        String definition = "{\"format\":1}";
        Draft draft = new Draft(ref, definition, "0".repeat(64), "ada", Instant.now().truncatedTo(ChronoUnit.MILLIS));

        store.saveDraft(draft);

        assertThat(store.draft(ref)).hasValueSatisfying(saved -> assertThat(saved.definition()).isEqualTo(definition));
        assertThat(store.deploymentsInState(DeploymentState.RUNNING)).isEmpty();
    }
}
