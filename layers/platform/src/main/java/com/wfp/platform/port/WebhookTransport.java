package com.wfp.platform.port;

import java.net.URI;
import java.util.Map;

/**
 * Port: posts one signed notification to a webhook and says how the receiver answered. The
 * adapter applies the host's outbound rules (no private addresses unless allowed) and a timeout.
 */
@FunctionalInterface
public interface WebhookTransport {

    /**
     * @return the receiver's HTTP status
     * @throws com.wfp.workflow.error.DomainException when the receiver could not be reached or the
     *         URL is not allowed; the message says which
     */
    int post(URI url, Map<String, String> headers, byte[] body);
}
