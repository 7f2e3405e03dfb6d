package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.handlers.access.CreateKeyHandler;
import com.wfp.handlers.traffic.SetWeightsHandler;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiRequestTest {

    @Test
    void jsonObjectBody_whenAFieldIsNamedTwice_isRefusedNamingIt() {
        ApiRequest request = new ApiRequest("r", new APIGatewayProxyRequestEvent()
                .withBody("{\"why\": \"first\", \"version\": \"v1\", \"why\": \"second\"}"));

        assertThatThrownBy(request::jsonObjectBody).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("request.invalid-json");
            assertThat(e.getMessage()).contains("Duplicate field 'why'");
        });
    }

    @Test
    void keyRequest_withAnUnknownField_isRefusedNamingIt() {
        ApiRequest request = new ApiRequest("r", new APIGatewayProxyRequestEvent()
                .withBody("{\"name\": \"ci\", \"scopes\": [\"admin\"]}"));

        assertThatThrownBy(() -> ControlBodies.check(CreateKeyHandler.class, request))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("request.unknown-field");
                    assertThat(e.getMessage()).contains("scopes");
                    assertThat(e.hint()).contains("permissions", "expires");
                });
    }

    @Test
    void weightsRequest_withAWrongTypeAndAMissingField_isRefusedNamingBoth() {
        ApiRequest request = new ApiRequest("r", new APIGatewayProxyRequestEvent()
                .withBody("{\"revision\": \"3\"}"));

        assertThatThrownBy(() -> ControlBodies.check(SetWeightsHandler.class, request))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("request.invalid-field");
                    assertThat(e.getMessage()).contains("revision", "weights");
                });
    }

    @Test
    void everyRouteTakingABody_hasADocumentedSchemaAndEverySchemaNamesARoute() {
        java.util.Set<String> handlers = new java.util.HashSet<>();
        for (ControlRoute route : ControlRoutes.all()) {
            handlers.add(route.handler().getSimpleName());
            if (java.util.Set.of("POST", "PUT", "PATCH").contains(route.method())) {
                assertThat(ControlBodies.schema(route.handler())).as(route.describe()).isPresent();
            }
        }
        assertThat(ControlBodies.names()).allSatisfy(name -> assertThat(handlers).as("schema for " + name).contains(name));
    }

    @Test
    void everyRoute_hasADocumentedAnswerAndEveryDocumentedAnswerNamesARoute() {
        java.util.Set<String> handlers = new java.util.TreeSet<>();
        ControlRoutes.all().forEach(route -> handlers.add(route.handler().getSimpleName()));
        assertThat(ControlBodies.answered()).isEqualTo(handlers);
    }
}
