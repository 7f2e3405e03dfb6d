package com.wfp.adapters.aws.pod;

import com.wfp.platform.port.PodEndpoint;
import com.wfp.workflow.error.DomainException;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Where each user's pod listens, as the route and publish functions see it: the address the
 * registrar recorded ({@link DynamoDbPodAddresses}), cached for a short time so a production call
 * costs no table read, with the token derived for the user. A caller that could not connect calls
 * {@link #forget} and asks again: a replaced task has a new address.
 */
public final class PodAddressBook implements Function<String, PodEndpoint> {

    private record Cached(PodEndpoint endpoint, long readAtNanos) {
    }

    private final DynamoDbPodAddresses addresses;
    private final PodTokens tokens;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Cached> byUser = new ConcurrentHashMap<>();

    public PodAddressBook(DynamoDbPodAddresses addresses, PodTokens tokens, Duration maxAge, LongSupplier nanoTime) {
        this.addresses = addresses;
        this.tokens = tokens;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * @throws DomainException 503 {@code pod.not-running} when the user has no running task
     */
    @Override
    public PodEndpoint apply(String user) {
        long now = nanoTime.getAsLong();
        Cached cached = byUser.get(user);
        if (cached != null && now - cached.readAtNanos() < maxAgeNanos) {
            return cached.endpoint();
        }
        URI address = addresses.address(user).orElseThrow(() -> DomainException.unavailable("pod.not-running",
                "The production pod of " + user + " has no running task",
                "Publish again to start it, or wait a minute if it is being replaced.", null));
        PodEndpoint endpoint = new PodEndpoint(address, tokens.tokenOf(user));
        byUser.put(user, new Cached(endpoint, now));
        return endpoint;
    }

    /** Drops the cached address, so the next {@link #apply} reads the table again. */
    public void forget(String user) {
        byUser.remove(user);
    }
}
