package com.wfp.platform.access;

/**
 * A key just created: the only moment its secret exists outside the caller's hands.
 *
 * @param key    the stored key
 * @param secret the key itself, to show once and never store
 */
public record CreatedApiKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "CreatedApiKey[key=" + key + ", secret=" + ApiKeyFormat.hint(secret) + "]";
    }
}
