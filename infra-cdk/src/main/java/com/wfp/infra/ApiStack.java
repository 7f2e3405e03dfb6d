package com.wfp.infra;

import com.wfp.handlers.ControlRoute;
import com.wfp.handlers.ControlRoutes;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's REST API: one {@value #STAGE} stage with access logs and throttling, every
 * control route of {@link ControlRoutes} as a resource and method (generated, so the table and
 * the API cannot disagree) and the data path {@code /w/{proxy+}} to the route function. Every
 * method invokes a function's {@value FunctionsStack#LIVE_ALIAS} alias.
 */
final class ApiStack extends Stack {

    static final String STAGE = "prod";
    /** The production data path, in front of every production URL. */
    static final String DATA_PATH = "/w/{proxy+}";
    /** Steady requests per second and burst across the stage; API Gateway answers 429 beyond them. */
    static final int THROTTLE_RATE = 200;
    static final int THROTTLE_BURST = 400;

    final RestApi api;

    ApiStack(Construct scope, String id, StackProps props, FunctionsStack functions) {
        super(scope, id, props);

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName("wfp")
                .description("wfp control API and production URLs")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // API Gateway writes access logs through the account's CloudWatch role.
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .throttlingRateLimit(THROTTLE_RATE)
                        .throttlingBurstLimit(THROTTLE_BURST)
                        .metricsEnabled(true)
                        // Execution logs would copy request and response bodies; errors only.
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .build())
                .build();

        Map<FunctionGroup, LambdaIntegration> integrations = new EnumMap<>(FunctionGroup.class);
        for (FunctionGroup group : FunctionGroup.values()) {
            // Imported here so the invoke permissions live in this stack: the functions' stack
            // then needs nothing from this one, and the two stacks do not depend on each other both ways.
            IFunction target = software.amazon.awscdk.services.lambda.Function.fromFunctionAttributes(
                    this, group.id + "Live", FunctionAttributes.builder()
                            .functionArn(functions.live.get(group).getFunctionArn())
                            .sameEnvironment(true)
                            .build());
            integrations.put(group, new LambdaIntegration(target, LambdaIntegrationOptions.builder()
                    .proxy(true)
                    // One permission per function for the whole API, not one per method (policy size).
                    .scopePermissionToMethod(false)
                    .allowTestInvoke(false)
                    .build()));
        }

        for (ControlRoute route : ControlRoutes.all()) {
            IResource resource = api.getRoot().resourceForPath(route.path().template());
            resource.addMethod(route.method(), integrations.get(FunctionGroup.serving(route)));
        }
        api.getRoot().resourceForPath(DATA_PATH).addMethod("ANY", integrations.get(FunctionGroup.ROUTE));

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl())
                .description("Base URL of the control API (" + ControlRoutes.API_PREFIX + ") and the production URLs (/w/...)")
                .build();
    }
}
