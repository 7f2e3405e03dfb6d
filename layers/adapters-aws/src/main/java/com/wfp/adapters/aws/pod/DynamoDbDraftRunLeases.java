package com.wfp.adapters.aws.pod;

import com.wfp.adapters.pod.PodClient;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One draft run at a time per user's pod, across every Lambda container: a lease item in the
 * release table ({@code pk=DRAFTRUN#<user>, sk=LEASE}) put only when none is held or the held one
 * expired, and deleted by its holder alone. Draft runs share the user's production pod on AWS, so
 * this bounds what they can take from the releases it serves (a developer's among them) to one
 * execution slot. A lease a frozen or killed container never gave back expires after {@link #HOLD}.
 */
public final class DynamoDbDraftRunLeases {

    /** Longest a lease holds: a run is over by the pod client's run timeout. */
    public static final Duration HOLD = PodClient.RUN_TIMEOUT.plusSeconds(5);

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String HOLDER = "holder";
    private static final String EXPIRES_AT = "expiresAt";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoDbDraftRunLeases.class);

    /** A held lease; closing it gives it back if it is still this holder's. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbDraftRunLeases(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The user's draft-run lease, or empty while another run holds it. */
    public Optional<Lease> acquire(String user) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String holder = HexFormat.of().formatHex(bytes);
        long now = clock.millis();
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            PK, AttributeValue.fromS(partition(user)),
                            SK, AttributeValue.fromS("LEASE"),
                            HOLDER, AttributeValue.fromS(holder),
                            EXPIRES_AT, AttributeValue.fromN(Long.toString(now + HOLD.toMillis()))))
                    .conditionExpression("attribute_not_exists(#pk) OR #expiresAt < :now")
                    .expressionAttributeNames(Map.of("#pk", PK, "#expiresAt", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
        } catch (ConditionalCheckFailedException held) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("take the draft-run lease of " + user, e);
        }
        return Optional.of(() -> release(user, holder));
    }

    private void release(String user, String holder) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(PK, AttributeValue.fromS(partition(user)), SK, AttributeValue.fromS("LEASE")))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":holder", AttributeValue.fromS(holder))));
        } catch (ConditionalCheckFailedException expiredAndTaken) {
            // Another run took the lease after this one's expired: it is that run's to give back.
        } catch (SdkException e) {
            // The run has answered; its answer counts more than the lease, which expires by itself.
            LOG.warn("Could not give back the draft-run lease of {}; it expires in {}", user, HOLD, e);
        }
    }

    private DomainException unavailable(String action, SdkException e) {
        return DomainException.unavailable("draft.lease-unavailable",
                "Could not " + action + " in table '" + table + "': " + e.getMessage(),
                "Check that the control function may read and write the table and that it exists; then retry.", e);
    }

    private static String partition(String user) {
        return "DRAFTRUN#" + user;
    }
}
