package com.wfp.infra;

import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.wfp.infra.Templates.json;
import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

class ApiStackTest {

    private static Template api;
    /** "METHOD /path" to the method's integration URI, as JSON. */
    private static Map<String, String> methods;

    @BeforeAll
    static void synthesize() {
        api = SynthesizedPlatform.template(SynthesizedPlatform.platform().api());
        Map<String, Map<String, Object>> resources = resources(api, "AWS::ApiGateway::Resource");
        methods = new HashMap<>();
        resources(api, "AWS::ApiGateway::Method").values().forEach(method -> {
            Map<String, Object> props = properties(method);
            String path = path(resources, props.get("ResourceId"));
            methods.put(props.get("HttpMethod") + " " + path, json(map(props.get("Integration")).get("Uri")));
        });
    }

    private static String path(Map<String, Map<String, Object>> resources, Object resourceId) {
        Map<String, Object> reference = map(resourceId);
        if (!reference.containsKey("Ref")) {
            return ""; // the API's root resource
        }
        Map<String, Object> resource = properties(resources.get((String) reference.get("Ref")));
        return path(resources, resource.get("ParentId")) + "/" + resource.get("PathPart");
    }

    @Test
    void everyControlRoute_whenSynthesized_isAMethodOnItsPathInvokingItsGroupsLiveAlias() {
        for (ControlRoute route : ControlRoutes.all()) {
            String key = route.method() + " " + route.path().template();
            assertThat(methods).as("API Gateway method for %s", key).containsKey(key);
            FunctionGroup group = FunctionGroup.serving(route);
            assertThat(methods.get(key)).as("integration of %s", key)
                    .contains("lambda:path/2015-03-31/functions/")
                    .contains(liveAlias(group));
        }
    }

    private static String liveAlias(FunctionGroup group) {
        return ":function:" + group.functionName() + ":" + FunctionsStack.LIVE_ALIAS + "/invocations";
    }

    @Test
    void api_whenSynthesized_hasNoMethodBeyondTheControlRoutesTheDataPathAndTheConsole() {
        assertThat(methods).hasSize(ControlRoutes.all().size() + 1 + 2 + 2);
    }

    @Test
    void console_whenSynthesized_isThePageAtTheStageRootAndItsFilesReadOnlyFromTheConsoleFunction() {
        assertThat(methods.get("GET ")).as("GET / of the stage").contains(liveAlias(FunctionGroup.CONSOLE));
        assertThat(methods.get("GET " + ApiStack.CONSOLE_FILES)).contains(liveAlias(FunctionGroup.CONSOLE));
        assertThat(methods.entrySet()).filteredOn(method -> method.getValue().contains(liveAlias(FunctionGroup.CONSOLE)))
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("GET ", "GET " + ApiStack.CONSOLE_FILES,
                        "GET " + ApiStack.DOCS_PAGE, "GET " + ApiStack.DOCS_FILES);
        // The console's files and the control API share the stage's origin, which the page's policy allows alone.
        assertThat(ControlRoutes.all()).noneMatch(route -> route.path().template().startsWith("/console"));
    }

    @Test
    void docsPage_whenSynthesized_isReadOnlyFromTheConsoleFunction() {
        assertThat(methods.get("GET /docs")).as("GET /docs of the stage").contains(liveAlias(FunctionGroup.CONSOLE));
        assertThat(methods.get("GET /docs/{proxy+}")).contains(liveAlias(FunctionGroup.CONSOLE));
        assertThat(methods.keySet()).filteredOn(key -> key.contains("/docs")).hasSize(2);
        assertThat(ControlRoutes.all()).noneMatch(route -> route.path().template().startsWith("/docs"));
    }

    @Test
    void dataPath_whenSynthesized_sendsEveryMethodToTheRouteFunctionsLiveAlias() {
        assertThat(methods).containsKey("ANY " + ApiStack.DATA_PATH);
        assertThat(methods.get("ANY " + ApiStack.DATA_PATH)).contains(liveAlias(FunctionGroup.ROUTE));
    }

    @Test
    void dataPath_whenSynthesized_passesTheAuthorizerFunctionFirstOnEveryCallAndControlRoutesDoNot() {
        Map<String, Map<String, Object>> authorizers = resources(api, "AWS::ApiGateway::Authorizer");
        assertThat(authorizers).hasSize(1);
        Map<String, Object> authorizer = properties(authorizers.values().iterator().next());
        assertThat(authorizer.get("Type")).isEqualTo("REQUEST");
        assertThat(authorizer.get("AuthorizerResultTtlInSeconds")).isEqualTo(0);
        assertThat(authorizer).doesNotContainKey("IdentitySource");
        assertThat(json(authorizer.get("AuthorizerUri"))).contains(liveAlias(FunctionGroup.AUTHORIZER));
        String authorizerId = authorizers.keySet().iterator().next();

        resources(api, "AWS::ApiGateway::Method").values().stream().map(Templates::properties).forEach(method -> {
            if (json(map(method.get("Integration")).get("Uri")).contains(liveAlias(FunctionGroup.ROUTE))) {
                assertThat(method.get("AuthorizationType")).isEqualTo("CUSTOM");
                assertThat(Templates.referenced(method.get("AuthorizerId"))).isEqualTo(authorizerId);
            } else {
                assertThat(method).doesNotContainKey("AuthorizerId");
            }
        });
    }

    @Test
    void controlRoutes_whenServedByGroups_sendValidationPublishAndRollbackToTheirOwnFunctions() {
        assertThat(methods.get("POST /api/v1/validate")).contains(":function:wfp-validate:live/");
        assertThat(methods.get("POST /api/v1/workflows/{user}/{project}/{workflow}/releases"))
                .contains(":function:wfp-publish:live/");
        assertThat(methods.get("GET /api/v1/deployments/{id}")).contains(":function:wfp-publish:live/");
        assertThat(methods.get("POST /api/v1/workflows/{user}/{project}/{workflow}/rollback"))
                .contains(":function:wfp-rollback:live/");
        assertThat(methods.get("GET /api/v1/workflows/{user}/{project}/{workflow}/releases"))
                .contains(":function:wfp-control-api:live/");
    }

    @Test
    void prodStage_whenSynthesized_writesAccessLogsAndThrottles() {
        Map<String, Map<String, Object>> stages = resources(api, "AWS::ApiGateway::Stage");
        assertThat(stages).hasSize(1);
        Map<String, Object> stage = properties(stages.values().iterator().next());
        assertThat(stage.get("StageName")).isEqualTo(ApiStack.STAGE);
        assertThat(map(stage.get("AccessLogSetting"))).containsKeys("DestinationArn", "Format");
        List<Object> settings = list(stage.get("MethodSettings"));
        assertThat(settings).anySatisfy(setting -> {
            assertThat(map(setting).get("ThrottlingRateLimit")).isEqualTo(ApiStack.THROTTLE_RATE);
            assertThat(map(setting).get("ThrottlingBurstLimit")).isEqualTo(ApiStack.THROTTLE_BURST);
            assertThat(map(setting).get("DataTraceEnabled")).isEqualTo(false);
        });
    }

}
