package com.wfp.aws;

import com.wfp.handlers.HandlerFactory;
import com.wfp.handlers.PublishabilityHandler;
import com.wfp.handlers.ValidateHandler;

import java.util.Set;

/**
 * {@code POST /api/v1/validate} and {@code POST /api/v1/publishability}: needs no table or
 * client, only {@code WFP_ADMIN_TOKEN_SHA256}, so it starts fastest of all.
 */
public final class ValidateFunction extends ControlFunction {

    public ValidateFunction() {
        this(AwsPlatform.container());
    }

    ValidateFunction(AwsPlatform platform) {
        super(new ControlDispatch(platform.environment("validate"), HandlerFactory.withoutServices(),
                Set.of(ValidateHandler.class, PublishabilityHandler.class)));
    }
}
