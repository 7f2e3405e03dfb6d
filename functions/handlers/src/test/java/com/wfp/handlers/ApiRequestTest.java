package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
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

        assertThatThrownBy(() -> KeyJson.newKey(request.jsonObjectBody(), "ada", "shop"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("scopes");
                });
    }
}
