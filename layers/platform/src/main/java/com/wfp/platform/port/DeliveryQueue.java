package com.wfp.platform.port;

import com.wfp.platform.notify.PendingDelivery;

import java.time.Instant;
import java.util.List;

/**
 * Port: notification retries waiting for their time, for hosts that cannot keep a timer running
 * between calls (on AWS a scheduled function sends what is due). Each pending delivery is handed
 * out once: two hosts taking at the same moment never both get it. Failures are
 * {@code DomainException}s ({@code store.unavailable} when it cannot be read or written).
 */
public interface DeliveryQueue {

    /** Keeps the attempt until it is due and taken. */
    void add(PendingDelivery delivery);

    /** Removes and returns up to {@code limit} attempts due at or before {@code now}, the oldest due first. */
    List<PendingDelivery> takeDue(Instant now, int limit);
}
