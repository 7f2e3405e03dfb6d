package com.wfp.handlers;

import com.wfp.platform.access.ApiKeyService;

import java.util.Objects;

/**
 * The domain services the key handlers call, built once by the host and handed to each handler's
 * constructor by {@link HandlerFactory}.
 *
 * @param keys creates, lists, revokes and rotates API keys
 */
public record AccessServices(ApiKeyService keys) {

    public AccessServices {
        Objects.requireNonNull(keys, "keys");
    }
}
