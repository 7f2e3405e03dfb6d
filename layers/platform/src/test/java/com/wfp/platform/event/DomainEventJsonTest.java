package com.wfp.platform.event;

import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainEventJsonTest {

    private static final String HEAD = "{\"v\":1,\"type\":\"%s\",\"ref\":{\"user\":\"alice\",\"project\":\"shop\","
            + "\"workflow\":\"order-intake\"},\"at\":\"2026-01-15T10:00:00.123456789Z\",";
    private static final String ROLLED_BACK = HEAD.formatted("RolledBack")
            + "\"fromRelease\":\"rel-5f0c2a9e81b34d7a6c1e0f92\",\"toRelease\":\"rel-0a1b2c3d4e5f60718293a4b5\",\"by\":\"bob\"}";

    static Stream<DomainEvent> everyEvent() {
        return Stream.concat(SampleEvents.oneOfEach().stream(), SampleEvents.sparse().stream());
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void read_ofWrite_givesAnEqualEvent(DomainEvent event) {
        String json = DomainEventJson.write(event);

        assertThat(DomainEventJson.read(json)).isEqualTo(event);
        assertThat(json).doesNotContain("\n").startsWith("{\"v\":1,\"type\":\"" + DomainEventJson.type(event) + "\"");
    }

    @Test
    void type_coversEveryKindOfEventUnderItsJavaName() {
        List<String> kinds = Arrays.stream(DomainEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();

        assertThat(DomainEventJson.TYPES).containsExactlyElementsOf(kinds);
        assertThat(SampleEvents.oneOfEach()).extracting(DomainEventJson::type).containsExactlyElementsOf(kinds);
    }

    @Test
    void write_usesTheDocumentedFieldNamesAndValueForms() {
        assertThat(DomainEventJson.write(SampleEvents.published())).isEqualTo(HEAD.formatted("Published")
                + "\"deploymentId\":\"dep-9a1c0e5b7f2d4c3a8e6b1d0f\",\"releaseId\":\"rel-5f0c2a9e81b34d7a6c1e0f92\","
                + "\"versionName\":\"v1.2.0\",\"strategy\":\"canary:10\",\"routingRevision\":7}");
        assertThat(DomainEventJson.write(SampleEvents.trafficChanged())).isEqualTo(HEAD.formatted("TrafficChanged")
                + "\"routing\":{\"ref\":{\"user\":\"alice\",\"project\":\"shop\",\"workflow\":\"order-intake\"},"
                + "\"revision\":7,\"weights\":[{\"releaseId\":\"rel-5f0c2a9e81b34d7a6c1e0f92\",\"weight\":10},"
                + "{\"releaseId\":\"rel-0a1b2c3d4e5f60718293a4b5\",\"weight\":90}],\"stickiness\":\"header:x-customer-id\","
                + "\"shadow\":{\"releaseId\":\"rel-0a1b2c3d4e5f60718293a4b5\",\"percent\":5},"
                + "\"layout\":[{\"releaseId\":\"rel-0a1b2c3d4e5f60718293a4b5\",\"start\":0,\"end\":90},"
                + "{\"releaseId\":\"rel-5f0c2a9e81b34d7a6c1e0f92\",\"start\":90,\"end\":100}]},\"by\":\"alice\","
                + "\"why\":\"publish v1.2.0 (canary:10) \u2014 \\\"quoted\\\", \u00fcml\u00e4uts\\nand a second line\"}");
        assertThat(DomainEventJson.write(SampleEvents.rolledBack())).isEqualTo(ROLLED_BACK);
        assertThat(DomainEventJson.write(SampleEvents.deploymentFailed())).isEqualTo(HEAD.formatted("DeploymentFailed")
                + "\"deploymentId\":\"dep-9a1c0e5b7f2d4c3a8e6b1d0f\",\"failure\":{\"step\":\"VALIDATE\","
                + "\"code\":\"publish.validation-failed\",\"message\":\"The workflow has 1 error\","
                + "\"hint\":\"Fix the errors the report lists.\","
                + "\"details\":\"{\\\"valid\\\":false,\\\"findings\\\":[{\\\"code\\\":\\\"graph.cycle\\\",\\\"node\\\":\\\"a\\\"}]}\"}}");
        assertThat(DomainEventJson.write(SampleEvents.deploymentProgress())).isEqualTo(HEAD.formatted("DeploymentProgress")
                + "\"deploymentId\":\"dep-9a1c0e5b7f2d4c3a8e6b1d0f\",\"step\":\"HEALTH_CHECK\",\"outcome\":\"RUNNING\","
                + "\"percentDone\":72,\"etaMs\":1250}");
    }

    @Test
    void write_optionalFieldsLeftOut_writesThemAsNull() {
        assertThat(DomainEventJson.write(SampleEvents.sparse().get(1)))
                .contains("\"fromRelease\":null,\"toRelease\":\"rel-0a1b2c3d4e5f60718293a4b5\"");
    }

    @Test
    void read_withFieldsItDoesNotKnow_ignoresThem() {
        String json = ROLLED_BACK.replace("\"by\":\"bob\"", "\"by\":\"bob\",\"reason\":{\"later\":true}");

        assertThat(DomainEventJson.read(json)).isEqualTo(SampleEvents.rolledBack());
    }

    @Test
    void read_routingWithAFieldItDoesNotKnow_ignoresIt() {
        String json = DomainEventJson.write(SampleEvents.trafficChanged()).replace("\"revision\":7,", "\"revision\":7,\"region\":\"eu\",");

        assertThat(DomainEventJson.read(json)).isEqualTo(SampleEvents.trafficChanged());
    }

    @Test
    void read_routingWithoutALayout_derivesTheDefaultLayout() {
        String json = DomainEventJson.write(SampleEvents.trafficChanged()).replaceAll(",\"layout\":\\[[^\\]]*\\]", "");
        RoutingConfig written = SampleEvents.trafficChanged().routing();

        DomainEvent.TrafficChanged read = (DomainEvent.TrafficChanged) DomainEventJson.read(json);

        assertThat(json).doesNotContain("layout");
        assertThat(read.routing()).isEqualTo(new RoutingConfig(written.ref(), written.revision(), written.weights(),
                written.stickiness(), written.shadow()));
        assertThat(read.routing().layout()).isNotEqualTo(written.layout());
    }

    @Test
    void read_aRoutingWhoseLayoutDoesNotMatchItsWeights_failsNamingTheRule() {
        String json = DomainEventJson.write(SampleEvents.trafficChanged()).replace("\"end\":90}", "\"end\":80}");

        assertFails(() -> DomainEventJson.read(json), "events.invalid-event", "routing", "owns 80");
    }

    @Test
    void read_anUnknownType_failsNamingItAndTheKnownTypes() {
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("RolledBack", "WorkflowDeleted")),
                "events.unknown-type", "\"WorkflowDeleted\"", "Published, TrafficChanged, RolledBack");
    }

    @Test
    void read_withoutAType_failsNamingTheMissingType() {
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("\"type\":\"RolledBack\",", "")),
                "events.unknown-type", "type (none)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":1,\"type\":", "not json", "{\"v\":1 \"type\":\"RolledBack\"}"})
    void read_textThatIsNotJson_failsAsInvalidJson(String text) {
        assertFails(() -> DomainEventJson.read(text), "events.invalid-json", "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"RolledBack\"", "null", ""})
    void read_jsonThatIsNotAnObject_failsAsInvalidJson(String text) {
        assertFails(() -> DomainEventJson.read(text), "events.invalid-json", "must be a JSON object");
    }

    @Test
    void read_null_failsAsInvalidJson() {
        assertFails(() -> DomainEventJson.read(null), "events.invalid-json", "got nothing");
    }

    @Test
    void read_anotherVersion_failsNamingBothVersions() {
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("\"v\":1", "\"v\":2")),
                "events.unsupported-version", "version 2", "reads version 1");
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("\"v\":1,", "")),
                "events.unsupported-version", "version (none)");
    }

    @Test
    void read_aRequiredFieldMissing_failsNamingTheField() {
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace(",\"toRelease\":\"rel-0a1b2c3d4e5f60718293a4b5\"", "")),
                "events.invalid-event", "The RolledBack event has no 'toRelease'");
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("\"user\":\"alice\",", "")),
                "events.invalid-event", "no 'ref.user'");
        assertFails(() -> DomainEventJson.read(DomainEventJson.write(SampleEvents.deploymentFailed())
                        .replace("\"code\":\"publish.validation-failed\",", "")),
                "events.invalid-event", "The DeploymentFailed event has no 'failure.code'");
    }

    @Test
    void read_anInvalidId_failsNamingTheFieldAndKeepsTheDomainError() {
        assertThatThrownBy(() -> DomainEventJson.read(ROLLED_BACK.replace("rel-0a1b2c3d4e5f60718293a4b5", "rel 1")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("events.invalid-event");
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'toRelease'", "'rel 1' is not a release id");
                    assertThat(e.getCause()).isInstanceOfSatisfying(DomainException.class,
                            cause -> assertThat(cause.code()).isEqualTo("input.invalid-release-id"));
                });
    }

    @Test
    void read_aRoutingThatBreaksItsRules_failsNamingTheRoutingAndTheRule() {
        String json = DomainEventJson.write(SampleEvents.trafficChanged()).replace("\"weight\":90", "\"weight\":80");

        assertFails(() -> DomainEventJson.read(json), "events.invalid-event", "'routing'", "add up to 90%");
    }

    @Test
    void read_anUnknownStepOrOutcome_failsListingTheKnownOnes() {
        String json = DomainEventJson.write(SampleEvents.deploymentProgress());

        assertFails(() -> DomainEventJson.read(json.replace("HEALTH_CHECK", "health_check")),
                "events.invalid-event", "'step'", "'health_check'", "VALIDATE, SNAPSHOT");
        assertFails(() -> DomainEventJson.read(json.replace("RUNNING", "PAUSED")),
                "events.invalid-event", "'outcome'", "RUNNING, SUCCEEDED, FAILED");
    }

    @Test
    void read_aFieldOfTheWrongKind_failsNamingTheField() {
        String json = DomainEventJson.write(SampleEvents.deploymentProgress());

        assertFails(() -> DomainEventJson.read(json.replace("\"percentDone\":72", "\"percentDone\":\"72\"")),
                "events.invalid-event", "'percentDone'", "whole number");
        assertFails(() -> DomainEventJson.read(json.replace("\"percentDone\":72", "\"percentDone\":7.5")),
                "events.invalid-event", "'percentDone'", "whole number");
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("\"by\":\"bob\"", "\"by\":7")),
                "events.invalid-event", "'by'", "must be a string");
    }

    @Test
    void read_aTimeThatIsNotAnInstant_failsNamingTheField() {
        assertFails(() -> DomainEventJson.read(ROLLED_BACK.replace("2026-01-15T10:00:00.123456789Z", "yesterday")),
                "events.invalid-event", "'at'", "yesterday");
    }

    @Test
    void write_anEventWithoutARequiredField_failsNamingIt() {
        DomainEvent incomplete = new DomainEvent.RolledBack(SampleEvents.ORDERS, SampleEvents.AT, null, null, "bob");

        assertThatThrownBy(() -> DomainEventJson.write(incomplete))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("events.incomplete-event");
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("RolledBack", "'toRelease'");
                });
    }

    private static void assertFails(ThrowingCallable call, String code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains(messageParts);
            assertThat(e.hint()).isNotBlank();
        });
    }
}
