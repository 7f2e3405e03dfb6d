package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.wfp.handlers.datapath.AuthorizerHandler;

/**
 * The REQUEST authorizer of {@code /w/{proxy+}}: keys and access rules from the table, each cached
 * at most {@code WFP_ROUTING_MAX_AGE_MS}, so a revoked key is refused everywhere within it. Each
 * refusal is written to the audit trail; allowed calls are counted per key per minute.
 */
public final class AuthorizerFunction implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponse> {

    private final AuthorizerHandler handler;

    public AuthorizerFunction() {
        this(AwsPlatform.container());
    }

    AuthorizerFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("authorizer");
        this.handler = new AuthorizerHandler(platform.authorizer(environment), platform.callAudit(environment));
    }

    @Override
    public IamPolicyResponse handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
