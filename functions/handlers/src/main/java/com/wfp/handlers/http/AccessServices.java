package com.wfp.handlers.http;

import com.wfp.platform.access.ApiKeyService;
import com.wfp.platform.audit.AuditTrail;

import java.util.Objects;

/**
 * The domain services the key handlers call, built once by the host and handed to each handler's
 * constructor by {@link HandlerServices}.
 *
 * @param keys  creates, lists, revokes and rotates API keys
 * @param audit the audit trail, searched and verified by the audit routes
 */
public record AccessServices(ApiKeyService keys, AuditTrail audit) {

    public AccessServices {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(audit, "audit");
    }
}
