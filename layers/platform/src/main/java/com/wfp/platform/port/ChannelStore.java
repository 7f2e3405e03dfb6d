package com.wfp.platform.port;

import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;

import java.util.List;
import java.util.Optional;

/**
 * Port: the notification channels and the log of every delivery attempt. Failures are
 * {@code DomainException}s ({@code store.unavailable} when it cannot be read or written).
 */
public interface ChannelStore {

    void addChannel(WebhookChannel channel);

    /** Every channel, oldest first. */
    List<WebhookChannel> channels();

    /** Removes the channel; empty when there was none with that id. */
    Optional<WebhookChannel> removeChannel(String id);

    void recordDelivery(Delivery delivery);

    /** Delivery attempts newest first, of one channel or (null) of all, at most {@code limit}. */
    List<Delivery> deliveries(String channelId, int limit);
}
