package com.wfp.platform.port;

import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;

import java.util.List;
import java.util.Optional;

/**
 * Port: the notification channels and the log of every delivery attempt. A channel belongs to
 * one project (it gets that project's events) or, with no project, to the platform (it gets
 * every project's events; only the administrator sees it). Every read and removal names the
 * scope, so one project's channels and deliveries never appear in another's answers. Failures are
 * {@code DomainException}s ({@code store.unavailable} when it cannot be read or written).
 */
public interface ChannelStore {

    void addChannel(WebhookChannel channel);

    /** The channels of one scope, oldest first: the project's, or (null) the platform-wide ones. */
    List<WebhookChannel> channels(ProjectRef scope);

    /** Removes the channel when it is in that scope; empty when the scope has no channel with that id. */
    Optional<WebhookChannel> removeChannel(ProjectRef scope, String id);

    void recordDelivery(Delivery delivery);

    /**
     * Delivery attempts to the channels of one scope (null: the platform-wide ones), newest first,
     * of one channel or (null) of all, at most {@code limit}.
     */
    List<Delivery> deliveries(ProjectRef scope, String channelId, int limit);
}
