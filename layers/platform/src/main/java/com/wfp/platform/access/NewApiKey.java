package com.wfp.platform.access;

import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;

/**
 * A request for a new API key.
 *
 * @param name          what to call it
 * @param environment   live or test
 * @param scope         where it works
 * @param lifetime      how long it works, or null for no expiry
 * @param ratePerSecond calls per second allowed, 0 for no limit
 */
public record NewApiKey(String name, ApiKeyFormat.Environment environment, KeyScope scope, Duration lifetime,
                        int ratePerSecond) {

    /** The longest lifetime a key can be given. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    /** The highest per-key rate limit. */
    public static final int MAX_RATE = 100_000;

    public NewApiKey {
        ApiKey.name(name);
        InputRules.required("environment", environment);
        InputRules.required("scope", scope);
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0)) {
            throw DomainException.badRequest("key.invalid-expiry", "A key's lifetime must be between 1 second and "
                    + MAX_LIFETIME.toDays() + " days, got " + lifetime, "Give the expiry as 30d, 12h or 90m.");
        }
        if (ratePerSecond < 0 || ratePerSecond > MAX_RATE) {
            throw DomainException.badRequest("key.invalid-rate", "A key's rate limit must be between 1 and " + MAX_RATE
                    + " calls per second, got " + ratePerSecond, "Give the rate as N/s, or leave it out for no limit.");
        }
    }
}
