package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ControlRoute;

import java.util.List;

/** Base of the functions that serve a group of control routes behind API Gateway's proxy integration. */
abstract class ControlFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ControlDispatch dispatch;

    ControlFunction(ControlDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return dispatch.handle(event, context);
    }

    /** The control routes this function serves, for the CDK app and the tests. */
    public final List<ControlRoute> routes() {
        return dispatch.routes();
    }
}
