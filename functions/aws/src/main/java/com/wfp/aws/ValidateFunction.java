package com.wfp.aws;

import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.publishing.PublishabilityHandler;
import com.wfp.handlers.publishing.ValidateHandler;

import java.util.Set;

/**
 * {@code POST /api/v1/validate} and {@code POST /api/v1/publishability}: reads only who calls
 * (tokens in the table, {@code WFP_ADMIN_TOKEN_SHA256}) and writes the audit record.
 */
public final class ValidateFunction extends ControlFunction {

    public ValidateFunction() {
        this(AwsPlatform.container());
    }

    ValidateFunction(AwsPlatform platform) {
        this(platform, platform.environment("validate"));
    }

    private ValidateFunction(AwsPlatform platform, FunctionEnvironment environment) {
        super(ControlDispatch.of(platform, environment, HandlerServices.none(),
                Set.of(ValidateHandler.class, PublishabilityHandler.class)));
    }
}
