package com.wfp.platform.notify;

import com.wfp.platform.port.WebhookTransport;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.net.http.GuardedHttpClient;
import com.wfp.workflow.net.http.OutboundRequest;
import com.wfp.workflow.net.http.RetryPolicy;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Posts webhooks through the workflows' own outbound client, so a webhook URL gets the same SSRF
 * guard as an {@code http.request} node: no loopback, private or link-local address unless the
 * platform was started allowing that host, no redirects, a 10 s limit. Plain {@code http://} is
 * allowed only to such an allowed host (local development); everything else must be https.
 */
public final class GuardedWebhookTransport implements WebhookTransport {

    private static final long TIMEOUT_MS = 10_000;
    private static final long MAX_RESPONSE_BYTES = 64 * 1024;

    private final GuardedHttpClient client;
    private final Set<String> allowedPrivateHosts;

    public GuardedWebhookTransport(Set<String> allowedPrivateHosts) {
        this.allowedPrivateHosts = Set.copyOf(allowedPrivateHosts);
        this.client = GuardedHttpClient.withSystemDefaults(this.allowedPrivateHosts, MAX_RESPONSE_BYTES, 0);
    }

    @Override
    public int post(URI url, Map<String, String> headers, byte[] body) {
        boolean plainAllowed = url.getHost() != null
                && allowedPrivateHosts.contains(url.getHost().toLowerCase(Locale.ROOT));
        if ("http".equalsIgnoreCase(url.getScheme()) && !plainAllowed) {
            throw DomainException.badRequest("notify.insecure-url", "Webhooks are sent over https only",
                    "Use an https:// URL (plain http is for a host the platform was started allowing).");
        }
        return client.send(new OutboundRequest("POST", url, headers, body, plainAllowed, TIMEOUT_MS,
                Set.of(com.wfp.platform.notify.WebhookSignature.HEADER)), RetryPolicy.NONE).status();
    }
}
