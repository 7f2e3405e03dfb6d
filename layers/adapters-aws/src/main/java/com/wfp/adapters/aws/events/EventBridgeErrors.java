package com.wfp.adapters.aws.events;

import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.util.Set;

/**
 * Turns EventBridge failures, whole requests and single failed entries alike, into the domain's
 * {@link DomainException}s, keeping the cause. Everything that a retry or an operator can fix is
 * 503 {@code events.unavailable}; a request EventBridge refuses as malformed is 500
 * {@code events.rejected}, a defect of the platform.
 */
final class EventBridgeErrors {

    /** Codes EventBridge answers when it sheds load or fails inside; worth another attempt. */
    static final Set<String> TRANSIENT_CODES = Set.of("ThrottlingException", "Throttling", "LimitExceededException",
            "InternalException", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
            "ConcurrentModificationException");
    /** Codes of missing or refused credentials and permissions. */
    private static final Set<String> ACCESS_CODES = Set.of("AccessDeniedException", "AccessDenied",
            "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException", "UnrecognizedClientException",
            "InvalidSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException", "KMSAccessDeniedException");

    private final String bus;

    EventBridgeErrors(String bus) {
        this.bus = bus;
    }

    /**
     * The domain error for a failed call.
     *
     * @param action what the bus was doing, such as "publish a TrafficChanged event"
     */
    DomainException translate(String action, SdkException e) {
        if (e instanceof ResourceNotFoundException) {
            return missingBus(e);
        }
        if (e instanceof EventBridgeException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? e.getMessage() : service.awsErrorDetails().errorMessage();
            if (service.isThrottlingException() || service.statusCode() >= 500 || TRANSIENT_CODES.contains(code)) {
                return overloaded(action, code + ": " + message, e);
            }
            if (service.statusCode() == 403 || ACCESS_CODES.contains(code)) {
                return refused(action, message, e);
            }
            return rejected(action, code + ": " + message, e);
        }
        if (e instanceof SdkClientException) {
            return DomainException.unavailable("events.unavailable",
                    "EventBridge could not be reached to " + action + " on bus '" + bus + "': " + e.getMessage(),
                    "Check the network path, region and endpoint of EventBridge and the platform's AWS credentials;"
                            + " then retry.", e);
        }
        return DomainException.unavailable("events.unavailable",
                "EventBridge failed to " + action + " on bus '" + bus + "': " + e.getMessage(),
                "Retry in a few seconds; if it keeps failing, check the AWS Health Dashboard for EventBridge.", e);
    }

    /** The domain error for an entry EventBridge did not accept although the request succeeded. */
    DomainException failedEntry(String action, PutEventsResultEntry entry) {
        String code = entry == null || entry.errorCode() == null ? "(no code)" : entry.errorCode();
        String message = entry == null || entry.errorMessage() == null ? "(no message)" : entry.errorMessage();
        String answer = code + ": " + message;
        if (code.contains("ResourceNotFound")) {
            return missingBus(null);
        }
        if (TRANSIENT_CODES.contains(code)) {
            return overloaded(action, answer, null);
        }
        if (ACCESS_CODES.contains(code)) {
            return refused(action, answer, null);
        }
        return rejected(action, answer, null);
    }

    /** True when another attempt may succeed where this entry failed. */
    static boolean isTransient(PutEventsResultEntry entry) {
        return entry != null && entry.errorCode() != null && TRANSIENT_CODES.contains(entry.errorCode());
    }

    DomainException missingBus(Throwable cause) {
        return DomainException.unavailable("events.unavailable",
                "The EventBridge bus '" + bus + "' does not exist in this account and region",
                "Create it with EventBridgeEventBus.createBus(client, \"" + bus + "\") or deploy the infrastructure"
                        + " stack that defines it, or point the platform at the right bus name and region.", cause);
    }

    private DomainException overloaded(String action, String answer, Throwable cause) {
        return DomainException.unavailable("events.unavailable",
                "EventBridge is throttling or temporarily unavailable and could not " + action + " on bus '" + bus
                        + "' (" + answer + ")",
                "Retry in a few seconds. If it persists, check the account's PutEvents quota and the AWS Health"
                        + " Dashboard for EventBridge.", cause);
    }

    private DomainException refused(String action, String answer, Throwable cause) {
        return DomainException.unavailable("events.unavailable",
                "EventBridge refused to let the platform " + action + " on bus '" + bus + "': " + answer,
                "Give the platform's role events:PutEvents and events:DescribeEventBus on the bus, allow the source '"
                        + EventBridgeEventBus.SOURCE + "' in the bus policy, and check its credentials.", cause);
    }

    private DomainException rejected(String action, String answer, Throwable cause) {
        return new DomainException("events.rejected", 500,
                "EventBridge rejected the request to " + action + " on bus '" + bus + "': " + answer,
                "This is a defect of the platform's event adapter; report the message. The event was not sent.",
                cause);
    }
}
