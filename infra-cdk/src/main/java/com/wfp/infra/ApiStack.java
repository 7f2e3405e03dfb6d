package com.wfp.infra;

import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.Function;
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
 * the API cannot disagree) and the data path {@code /w/{proxy+}} to the route function behind the
 * production authorizer. Every method invokes a function's {@value FunctionsStack#LIVE_ALIAS}
 * alias, named by its fixed function name: the functions' stack comes after this one (their
 * environment holds this API's URL) and grants the invoke permissions.
 */
final class ApiStack extends Stack {

    static final String STAGE = "prod";
    /** The production data path, in front of every production URL. */
    static final String DATA_PATH = "/w/{proxy+}";
    /** Steady requests per second and burst across the stage; API Gateway answers 429 beyond them. */
    static final int THROTTLE_RATE = 200;
    static final int THROTTLE_BURST = 400;

    /** The console's files below its page at the stage's root. */
    static final String CONSOLE_FILES = "/console/{proxy+}";
    /** The readable API documentation page (its own folder, redirected to with the slash) and its files. */
    static final String DOCS_PAGE = "/docs";
    static final String DOCS_FILES = "/docs/{proxy+}";

    final RestApi api;
    /** The groups whose live alias this API invokes. */
    final Map<FunctionGroup, IFunction> targets = new EnumMap<>(FunctionGroup.class);

    ApiStack(Construct scope, String id, StackProps props) {
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

        // API Gateway creates the stage's execution log group itself, without retention, unless it exists.
        LogGroup executionLogs = LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName("API-Gateway-Execution-Logs_" + api.getRestApiId() + "/" + STAGE)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api.getDeploymentStage().getNode().addDependency(executionLogs);

        Map<FunctionGroup, LambdaIntegration> integrations = new EnumMap<>(FunctionGroup.class);
        for (ControlRoute route : ControlRoutes.all()) {
            FunctionGroup group = FunctionGroup.serving(route);
            api.getRoot().resourceForPath(route.path().template())
                    .addMethod(route.method(), integrations.computeIfAbsent(group, this::integration));
        }

        RequestAuthorizer authorizer = RequestAuthorizer.Builder.create(this, "ProductionAuthorizer")
                .handler(target(FunctionGroup.AUTHORIZER))
                // Every call is decided afresh: the answer depends on the key, the path and the routing.
                .identitySources(List.of())
                .resultsCacheTtl(Duration.seconds(0))
                .build();
        // Without caching no identity source is needed; an empty one would be refused by API Gateway.
        ((CfnAuthorizer) authorizer.getNode().getDefaultChild()).addPropertyDeletionOverride("IdentitySource");
        api.getRoot().resourceForPath(DATA_PATH).addMethod("ANY", integration(FunctionGroup.ROUTE),
                MethodOptions.builder().authorizer(authorizer).authorizationType(AuthorizationType.CUSTOM).build());

        // The web console: its page at the stage's root and its files, from the console function. The
        // page calls the API relative to where it was served, so it works below the stage's path.
        LambdaIntegration console = integration(FunctionGroup.CONSOLE);
        api.getRoot().addMethod("GET", console);
        api.getRoot().resourceForPath(CONSOLE_FILES).addMethod("GET", console);
        // The API documentation page, from the same function: the documents it shows stay behind the admin token.
        api.getRoot().resourceForPath(DOCS_PAGE).addMethod("GET", console);
        api.getRoot().resourceForPath(DOCS_FILES).addMethod("GET", console);
        CfnOutput.Builder.create(this, "ConsoleUrl").value(api.getUrl())
                .description("The web console (sign in with a person's token or the admin token)")
                .build();

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl())
                .description("Base URL of the control API (" + ControlRoutes.API_PREFIX + ") and the production URLs (/w/...)")
                .build();
    }

    /** The public address production URLs are built on: the stage's URL without a trailing slash. */
    String publicBaseUrl() {
        return "https://" + api.getRestApiId() + ".execute-api." + getRegion() + "." + getUrlSuffix() + "/" + STAGE;
    }

    private LambdaIntegration integration(FunctionGroup group) {
        return new LambdaIntegration(target(group), LambdaIntegrationOptions.builder()
                .proxy(true)
                .allowTestInvoke(false)
                .build());
    }

    private IFunction target(FunctionGroup group) {
        return targets.computeIfAbsent(group, g -> Function.fromFunctionAttributes(this, g.id + "Live",
                FunctionAttributes.builder()
                        .functionArn(formatArn(ArnComponents.builder()
                                .service("lambda").resource("function")
                                .resourceName(g.functionName() + ":" + FunctionsStack.LIVE_ALIAS)
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))
                        // The function does not exist yet when this stack deploys: its stack grants the invokes.
                        .skipPermissions(true)
                        .build()));
    }
}
