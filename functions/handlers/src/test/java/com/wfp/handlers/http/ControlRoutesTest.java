package com.wfp.handlers.http;

import com.wfp.handlers.publishing.ValidateHandler;
import com.wfp.platform.port.PodFleet;
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
            assertThat(HandlerFactory.withoutServices().create(route.handler())).isNotNull();
            assertThat(route.handler().getConstructors()).as("constructors of %s", route.handler())
                    .anyMatch(c -> c.getParameterCount() == 0
                            || c.getParameterCount() == 1 && (c.getParameterTypes()[0] == ControlServices.class
                            || c.getParameterTypes()[0] == TrafficServices.class
                            || c.getParameterTypes()[0] == AccessServices.class
                            || c.getParameterTypes()[0] == IdentityServices.class
                            || c.getParameterTypes()[0] == PodFleet.class
                            || c.getParameterTypes()[0] == com.wfp.platform.telemetry.TelemetryQueries.class
                            || c.getParameterTypes()[0] == com.wfp.platform.alert.AlertMonitor.class
                            || c.getParameterTypes()[0] == com.wfp.platform.notify.Notifier.class
                            || c.getParameterTypes()[0] == com.wfp.platform.secrets.ProjectSecrets.class
                            || c.getParameterTypes()[0] == com.wfp.platform.release.ProjectWorkflows.class));
        }
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
