package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.publishing.PublishHandler;
import com.wfp.handlers.publishing.ValidateHandler;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlRoutesTest {

    @Test
    void resolve_whenMethodAndPathMatch_findsTheRoute() {
        RouteMatch match = ControlRoutes.resolve("POST", "/api/v1/validate");

        assertThat(match).isInstanceOfSatisfying(RouteMatch.Found.class,
                found -> assertThat(found.route().handler()).isEqualTo(ValidateHandler.class));
    }

    @Test
    void resolve_whenPathHasNoRoute_isNotFound() {
        assertThat(ControlRoutes.resolve("GET", "/api/v1/nothing-here")).isEqualTo(new RouteMatch.NotFound("/api/v1/nothing-here"));
        assertThat(ControlRoutes.resolve("POST", "/api/v1/validate/")).isInstanceOf(RouteMatch.NotFound.class);
    }

    @Test
    void resolve_whenMethodIsWrong_listsTheAllowedMethods() {
        assertThat(ControlRoutes.resolve("GET", "/api/v1/validate"))
                .isEqualTo(new RouteMatch.MethodNotAllowed("/api/v1/validate", List.of("POST")));
    }

    @Test
    void all_everyRoute_isUniqueUnderThePrefixWithAnInstantiableHandler() {
        Set<String> seen = new HashSet<>();
        for (ControlRoute route : ControlRoutes.all()) {
            assertThat(route.path().template()).startsWith(ControlRoutes.API_PREFIX + "/");
            assertThat(seen.add(route.describe())).as("duplicate %s", route.describe()).isTrue();
            assertThat(route.summary()).isNotBlank();
            assertThat(route.newHandler(HandlerServices.none())).as(route.describe()).isNotNull();
        }
    }

    @Test
    void newHandler_whenTheHostLacksTheService_buildsAStandInAnswering503() {
        ControlRoute publish = ControlRoutes.resolve("POST", "/api/v1/workflows/ada/shop/greeting/releases")
                instanceof RouteMatch.Found found ? found.route() : null;

        ApiHandler standIn = publish.newHandler(HandlerServices.none());

        assertThat(standIn).isNotInstanceOf(PublishHandler.class);
        APIGatewayProxyResponseEvent answer = standIn.handleRequest(ProxyEvents.load("publish-release.json"), null);
        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(ProxyEvents.body(answer).path("error").path("code").asText())
                .isEqualTo("platform.services-unavailable");
        assertThat(ProxyEvents.body(answer).path("error").path("message").asText())
                .contains("PublishHandler", "ControlServices");
    }

    @Test
    void newHandler_whenTheHostHasTheService_buildsTheRoutesHandler() {
        try (InMemoryPlatform platform = new InMemoryPlatform()) {
            for (ControlRoute route : ControlRoutes.all()) {
                if (route.handler() == PublishHandler.class || route.handler() == ValidateHandler.class) {
                    assertThat(route.newHandler(HandlerServices.none().withControl(platform.services)))
                            .isInstanceOf(route.handler());
                }
            }
        }
    }

    @Test
    void newHandler_whenTheFactoryBuildsAnotherClass_isRefused() {
        ControlRoute wrong = new ControlRoute("GET", PathTemplate.of("/api/v1/wrong"), PublishHandler.class,
                services -> new ValidateHandler(), ControlRoute.Access.ADMIN, "a route naming the wrong class");

        assertThatThrownBy(() -> wrong.newHandler(HandlerServices.none()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PublishHandler");
    }

    @Test
    void all_onlyHealth_isPublic() {
        assertThat(ControlRoutes.all().stream()
                .filter(r -> r.access() == ControlRoute.Access.PUBLIC)
                .map(ControlRoute::describe))
                .containsExactly("GET /api/v1/health");
    }

    @Test
    void match_whenTemplateHasParameters_fillsThemBySegment() {
        PathTemplate template = PathTemplate.of("/api/v1/workflows/{workflow}/releases/{version}");

        assertThat(template.match("/api/v1/workflows/order-intake/releases/v3"))
                .contains(Map.of("workflow", "order-intake", "version", "v3"));
        assertThat(template.match("/api/v1/workflows//releases/v3")).isEmpty();
        assertThat(template.match("/api/v1/workflows/order-intake/releases")).isEmpty();
        assertThat(template.match("/api/v1/workflows/order-intake/drafts/v3")).isEmpty();
        assertThat(template.parameterNames()).containsExactly("workflow", "version");
    }

    @Test
    void of_whenParameterIsPartOfASegment_isRejected() {
        assertThatThrownBy(() -> PathTemplate.of("/api/v1/x-{id}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.of("api/v1")).isInstanceOf(IllegalArgumentException.class);
    }
}
