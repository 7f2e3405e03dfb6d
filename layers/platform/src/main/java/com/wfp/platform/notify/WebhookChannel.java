package com.wfp.platform.notify;

import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * A webhook that alerts and deployments' ends are posted to, signed with its own secret.
 *
 * @param id      {@code ch_} and 16 letters and digits
 * @param project the project whose events it gets, or null for a platform-wide channel (every project's)
 * @param secret  the HMAC-SHA256 key of the signature; shown once, when the channel is added
 */
public record WebhookChannel(String id, ProjectRef project, URI url, String secret, Instant createdAt) {

    /** The longest URL a channel takes. */
    public static final int MAX_URL = 2000;

    /** A platform-wide channel. */
    public WebhookChannel(String id, URI url, String secret, Instant createdAt) {
        this(id, null, url, secret, createdAt);
    }

    public WebhookChannel {
        InputRules.required("id", id);
        InputRules.required("url", url);
        InputRules.required("secret", secret);
        InputRules.required("created at", createdAt);
    }

    /** The channel without its secret, as lists show it. */
    public String maskedSecret() {
        return secret.substring(0, Math.min(10, secret.length())) + "...";
    }

    /**
     * A webhook URL as a user typed it: absolute {@code https://} (or {@code http://} to a host
     * the platform was told to allow), no credentials in it.
     *
     * @throws DomainException 400 {@code notify.invalid-url} saying what to fix
     */
    public static URI parseUrl(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_URL) {
            throw invalid("A webhook URL of " + (text == null ? 0 : text.length()) + " characters",
                    "Give the URL the receiver listens on, such as https://hooks.example.com/wfp (at most "
                            + MAX_URL + " characters).");
        }
        URI url;
        try {
            url = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("'" + abbreviate(text) + "' is not a URL", "Give an absolute URL such as https://hooks.example.com/wfp.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw invalid("'" + abbreviate(text) + "' is not an http(s) URL with a host",
                    "Give an absolute URL such as https://hooks.example.com/wfp.");
        }
        if (url.getUserInfo() != null) {
            throw invalid("The webhook URL carries credentials", "Remove user:password@ from it: the signature header "
                    + "proves the sender, and a URL with credentials would be shown in lists.");
        }
        return url;
    }

    private static DomainException invalid(String message, String hint) {
        return DomainException.badRequest("notify.invalid-url", message, hint);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
