package com.wfp.adapters.aws.store;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK failures that moto cannot be made to produce, translated. */
class StoreErrorsTest {

    private final StoreErrors errors = new StoreErrors("wfp-releases");

    private static DynamoDbException serviceError(int status, String code, String message) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build();
    }

    @Test
    void translate_whenDynamoDbThrottles_is503StoreUnavailableWithARetryHint() {
        DynamoDbException throttled = serviceError(400, "ProvisionedThroughputExceededException", "Rate exceeded");

        DomainException e = errors.translate("read the routing of alice/shop/orders", throttled);

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.getMessage()).contains("throttling").contains("read the routing of alice/shop/orders")
                .contains("wfp-releases");
        assertThat(e.hint()).contains("Retry");
        assertThat(e.getCause()).isSameAs(throttled);
    }

    @Test
    void translate_whenDynamoDbFailsInternally_is503StoreUnavailable() {
        DomainException e = errors.translate("list releases", serviceError(500, "InternalServerError", "boom"));

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.httpStatus()).isEqualTo(503);
    }

    @Test
    void translate_whenTheTableIsMissing_namesTheTableAndHowToCreateIt() {
        DomainException e = errors.translate("list releases",
                ResourceNotFoundException.builder().message("Requested resource not found").build());

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.getMessage()).contains("'wfp-releases'");
        assertThat(e.hint()).contains("createTable(client, \"wfp-releases\")");
    }

    @Test
    void translate_whenAccessIsDenied_is503WithAPermissionsHint() {
        DomainException e = errors.translate("list releases",
                serviceError(400, "AccessDeniedException", "not authorized to perform: dynamodb:Query"));

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.getMessage()).contains("dynamodb:Query");
        assertThat(e.hint()).contains("TransactWriteItems");
    }

    @Test
    void translate_whenTheEndpointIsUnreachable_is503StoreUnavailable() {
        DomainException e = errors.translate("list releases",
                SdkClientException.create("Unable to execute HTTP request: Connection refused"));

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.getMessage()).contains("could not be reached");
    }

    @Test
    void translate_whenTheRequestIsInvalid_is500StoreRejectedPointingAtTheTableLayout() {
        DomainException e = errors.translate("list deployments",
                serviceError(400, "ValidationException", "The table does not have the specified index"));

        assertThat(e.code()).isEqualTo("store.rejected");
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.hint()).contains(StoreKeys.STATE_INDEX);
    }

    @Test
    void cancelled_whenAWriteWasThrottled_is503StoreUnavailable() {
        DomainException e = errors.cancelled("create release", cancelled(
                CancellationReason.builder().code("None").build(),
                CancellationReason.builder().code("ThrottlingError").message("Throughput exceeds the limit").build()));

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.httpStatus()).isEqualTo(503);
    }

    @Test
    void cancelled_whenAnItemIsTooLarge_is422ItemTooLarge() {
        DomainException e = errors.cancelled("create release", cancelled(
                CancellationReason.builder().code("ValidationError")
                        .message("Item size has exceeded the maximum allowed size").build()));

        assertThat(e.code()).isEqualTo("store.item-too-large");
        assertThat(e.httpStatus()).isEqualTo(422);
    }

    @Test
    void cancelled_whenConflictsOutlastedTheRetries_is503WithARetryHint() {
        DomainException e = errors.cancelled("create release", cancelled(
                CancellationReason.builder().code("TransactionConflict").build()));

        assertThat(e.code()).isEqualTo("store.unavailable");
        assertThat(e.hint()).contains("Retry");
    }

    private static TransactionCanceledException cancelled(CancellationReason... reasons) {
        return TransactionCanceledException.builder().message("Transaction cancelled").cancellationReasons(reasons).build();
    }
}
