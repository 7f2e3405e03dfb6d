package com.wfp.handlers.http;

import com.wfp.platform.identity.IdentityService;

import java.util.Objects;

/**
 * The domain services the people, project, member and token handlers call, built once by the
 * host and handed to each handler's constructor by {@link HandlerServices}.
 *
 * @param identity people, tokens, projects and members
 */
public record IdentityServices(IdentityService identity) {

    public IdentityServices {
        Objects.requireNonNull(identity, "identity");
    }
}
