package com.wfp.platform.notify;

import com.wfp.platform.identity.ProjectRef;

import java.time.Instant;

/**
 * A notification attempt waiting for its turn: a retry after a failed attempt, kept by a
 * {@link com.wfp.platform.port.DeliveryQueue} on hosts whose processes do not live long enough to
 * wait for it themselves (a Lambda function). The channel is named, not copied: a channel removed
 * meanwhile gets nothing, and its secret never leaves the channel store.
 *
 * @param project  the channel's project, or null for a platform-wide channel
 * @param body     the signed JSON body, exactly as the first attempt sent it
 * @param attempt  the number this attempt will have (2 for the first retry)
 * @param due      when it may be sent
 */
public record PendingDelivery(String deliveryId, ProjectRef project, String channelId, String event, String subject,
                              byte[] body, int attempt, Instant due) {

    public PendingDelivery {
        com.wfp.platform.release.InputRules.required("delivery id", deliveryId);
        com.wfp.platform.release.InputRules.required("channel id", channelId);
        com.wfp.platform.release.InputRules.required("body", body);
        com.wfp.platform.release.InputRules.required("due", due);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingDelivery p && deliveryId.equals(p.deliveryId) && channelId.equals(p.channelId)
                && attempt == p.attempt && java.util.Objects.equals(project, p.project) && event.equals(p.event)
                && subject.equals(p.subject) && java.util.Arrays.equals(body, p.body) && due.equals(p.due);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(deliveryId, channelId, attempt, due);
    }

    @Override
    public String toString() {
        return "PendingDelivery[" + deliveryId + " to " + channelId + ", attempt " + attempt + ", due " + due + "]";
    }
}
