package com.wfp.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The platform's state in DynamoDB: the one table every store of the AWS adapters shares (releases,
 * routing, deployments, rollouts, keys, people and projects, sealed project secrets, the audit
 * trail, pod addresses, publish jobs), with the layout
 * {@code DynamoDbReleaseStore.createTable} makes: {@code pk}/{@code sk} and the
 * {@code deployments-by-state} index. On-demand billing, encrypted, point-in-time recovery on. No
 * stream: nothing consumes table changes (functions learn of routing changes by the routing's
 * maximum age). Beside it, the Secrets Manager secret holding the key project secrets are sealed with.
 */
final class DataStack extends Stack {

    // The platform table's layout, as the DynamoDB adapters in layers/adapters-aws use it.
    static final String PARTITION_KEY = "pk";
    static final String SORT_KEY = "sk";
    static final String STATE_INDEX = "deployments-by-state";
    static final String STATE_KEY = "stateKey";
    static final String CREATED_ORDER = "createdOrder";
    /** The time-to-live attribute: the delivery log and pod checks expire by it (DynamoDbAlertStore). */
    static final String EXPIRES_AT = "expiresAt";

    final Table platformTable;
    /** The key project secrets are sealed with (AES-256-GCM) before they reach the table: kept apart from it. */
    final Secret secretsKey;

    DataStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        platformTable = Table.Builder.create(this, "PlatformTable")
                .partitionKey(string(PARTITION_KEY))
                .sortKey(string(SORT_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(pitr())
                .timeToLiveAttribute(EXPIRES_AT)
                .deletionProtection(false)
                // Releases, routing history, keys and audit outlive a `wfp aws destroy`.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        platformTable.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(STATE_INDEX)
                .partitionKey(string(STATE_KEY))
                .sortKey(string(CREATED_ORDER))
                .projectionType(ProjectionType.ALL)
                .build());

        // 64 hex digits: 32 random bytes. Losing it loses every project secret, so it outlives the stack.
        secretsKey = Secret.Builder.create(this, "SecretsKey")
                .description("wfp: the key project secrets are sealed with before they reach the platform table")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64).excludeUppercase(true).excludePunctuation(true).includeSpace(false)
                        .excludeCharacters("ghijklmnopqrstuvwxyz").build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        CfnOutput.Builder.create(this, "PlatformTableName").value(platformTable.getTableName())
                .description("DynamoDB table of drafts, releases, routing, deployments, rollouts, keys and pod addresses").build();
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static PointInTimeRecoverySpecification pitr() {
        return PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build();
    }
}
