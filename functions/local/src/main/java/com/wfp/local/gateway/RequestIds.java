package com.wfp.local.gateway;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for the gateway's requests, in UUID form. A request id names a call in logs and answers and
 * guards nothing, so it comes from the calling thread's own generator: {@link UUID#randomUUID()}
 * would take the JDK's one shared secure generator, a lock every call on the data path waits on.
 */
final class RequestIds {

    private RequestIds() {
    }

    /** A fresh version-4-shaped UUID string. */
    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
