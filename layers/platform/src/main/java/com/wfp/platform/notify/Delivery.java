package com.wfp.platform.notify;

import com.wfp.platform.identity.ProjectRef;

import java.time.Instant;

/**
 * One attempt to deliver a notification to a channel, as the delivery log keeps it.
 *
 * @param deliveryId the notification's id (the same on every attempt, sent as {@code Wfp-Delivery})
 * @param event      {@code alert.fired}, {@code alert.resolved}, {@code deployment.published} or
 *                   {@code deployment.failed}
 * @param subject    the workflow it is about
 * @param attempt    1 for the first attempt
 * @param status     the receiver's HTTP status, or 0 when it did not answer
 * @param error      why the attempt failed, or empty
 * @param delivered  whether the receiver answered 2xx
 * @param project    the project of the channel it went to, or null for a platform-wide channel
 */
public record Delivery(String deliveryId, String channelId, String event, String subject, int attempt, int status,
                       String error, Instant at, boolean delivered, ProjectRef project) {

    /** An attempt to a platform-wide channel. */
    public Delivery(String deliveryId, String channelId, String event, String subject, int attempt, int status,
                    String error, Instant at, boolean delivered) {
        this(deliveryId, channelId, event, subject, attempt, status, error, at, delivered, null);
    }

    public Delivery {
        error = error == null ? "" : error;
    }
}
