package com.wfp.adapters.aws.store;

import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Set;

/**
 * Turns DynamoDB SDK failures into the domain's {@link DomainException}s, keeping the cause.
 * Failed conditions are not handled here: what they mean (a stale revision, a taken version
 * name...) depends on the write, so each write maps its own before falling back to
 * {@link #translate} or {@link #cancelled}.
 */
final class StoreErrors {

    /** Error codes DynamoDB answers when it sheds load; the SDK has already retried them. */
    private static final Set<String> OVERLOAD_CODES = Set.of("ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "ThrottlingException", "LimitExceededException", "ThrottlingError",
            "ProvisionedThroughputExceeded", "InternalServerError", "ServiceUnavailable");
    /** Error codes of missing or refused credentials and permissions. */
    private static final Set<String> ACCESS_CODES = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "InvalidSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException");

    private final String table;

    StoreErrors(String table) {
        this.table = table;
    }

    /**
     * The domain error for a failed call.
     *
     * @param action what the store was doing, such as "read the routing of alice/shop/orders"
     */
    DomainException translate(String action, SdkException e) {
        if (e instanceof TransactionCanceledException cancelled) {
            return cancelled(action, cancelled);
        }
        if (e instanceof ResourceNotFoundException) {
            return missingTable(e);
        }
        if (e instanceof DynamoDbException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? e.getMessage() : service.awsErrorDetails().errorMessage();
            if (service.isThrottlingException() || service.statusCode() >= 500 || OVERLOAD_CODES.contains(code)) {
                return overloaded(action, e);
            }
            if (service.statusCode() == 403 || ACCESS_CODES.contains(code)) {
                return DomainException.unavailable("store.unavailable",
                        "DynamoDB refused to let the platform " + action + " in table '" + table + "': " + message,
                        "Give the platform's role dynamodb:GetItem, Query, PutItem, UpdateItem, BatchGetItem and"
                                + " TransactWriteItems on the table and its indexes, and check its credentials.", e);
            }
            if ("ValidationException".equals(code) && message != null && message.contains("Item size")) {
                return itemTooLarge(action, e);
            }
            return rejected(action, message, e);
        }
        if (e instanceof SdkClientException) {
            return DomainException.unavailable("store.unavailable",
                    "DynamoDB could not be reached to " + action + ": " + e.getMessage(),
                    "Check the network path, region and endpoint of DynamoDB and the platform's AWS credentials;"
                            + " then retry.", e);
        }
        return DomainException.unavailable("store.unavailable", "DynamoDB failed to " + action + ": " + e.getMessage(),
                "Retry in a few seconds; if it keeps failing, check the AWS Health Dashboard for DynamoDB.", e);
    }

    /**
     * The domain error for a cancelled transaction whose reasons the caller did not map: a
     * missing table, throttling, an oversized item, or contention that outlasted the retries.
     */
    DomainException cancelled(String action, TransactionCanceledException e) {
        for (CancellationReason reason : e.cancellationReasons()) {
            String code = reason.code() == null ? "" : reason.code();
            String message = reason.message() == null ? "" : reason.message();
            if (code.contains("ResourceNotFound")) {
                return missingTable(e);
            }
            if (OVERLOAD_CODES.contains(code)) {
                return overloaded(action, e);
            }
            if (code.equals("TransactionConflict")) {
                return contention(action, e);
            }
            if (message.contains("Item size")) {
                return itemTooLarge(action, e);
            }
        }
        return rejected(action, e.getMessage(), e);
    }

    /** Other writers kept winning every attempt of an optimistic write. */
    DomainException contention(String action, Throwable cause) {
        return DomainException.unavailable("store.unavailable",
                "Could not " + action + ": other writers changed the same items at every attempt",
                "Retry in a moment; this clears as soon as the concurrent writes finish.", cause);
    }

    DomainException missingTable(Throwable cause) {
        return DomainException.unavailable("store.unavailable",
                "The DynamoDB table '" + table + "' does not exist in this account and region",
                "Create it with DynamoDbReleaseStore.createTable(client, \"" + table + "\") or deploy the infrastructure"
                        + " stack that defines it, or point the platform at the right table name and region.", cause);
    }

    DomainException overloaded(String action, Throwable cause) {
        return DomainException.unavailable("store.unavailable",
                "DynamoDB is throttling or temporarily unavailable and could not " + action + " in table '" + table + "'",
                "Retry in a few seconds. If it persists, check the table's throttling metrics and account limits.", cause);
    }

    private DomainException itemTooLarge(String action, Throwable cause) {
        return new DomainException("store.item-too-large", 422,
                "Could not " + action + ": the item exceeds DynamoDB's 400 KB item size limit",
                "Keep the workflow definition, release notes and validation report together under about 350 KB;"
                        + " split a very large workflow into smaller ones.", cause);
    }

    private DomainException rejected(String action, String message, Throwable cause) {
        return new DomainException("store.rejected", 500,
                "DynamoDB rejected the request to " + action + " in table '" + table + "': " + message,
                "Check that the table has the key schema and the '" + StoreKeys.STATE_INDEX + "' index that"
                        + " DynamoDbReleaseStore.createTable defines.", cause);
    }
}
