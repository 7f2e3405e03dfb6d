package com.wfp.adapters.aws.events;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.event.DomainEventJson;
import com.wfp.platform.event.SampleEvents;
import com.wfp.workflow.error.DomainException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class EventBridgeEventBusTest {

    private final FakeEventBridge eventBridge = new FakeEventBridge();
    private final EventBridgeEventBus bus = new EventBridgeEventBus(eventBridge, "wfp-events");

    @Test
    void publish_sendsOneEntryNamingTheBusWithSourceTypeTimeAndTheEventsJson() {
        bus.publish(SampleEvents.trafficChanged());

        assertThat(eventBridge.requests()).singleElement().satisfies(request -> {
            PutEventsRequestEntry entry = request.entries().getFirst();
            assertThat(request.entries()).hasSize(1);
            assertThat(entry.eventBusName()).isEqualTo("wfp-events");
            assertThat(entry.source()).isEqualTo("wfp");
            assertThat(entry.detailType()).isEqualTo("TrafficChanged");
            assertThat(entry.detail()).isEqualTo(DomainEventJson.write(SampleEvents.trafficChanged()));
            assertThat(entry.time()).isEqualTo(SampleEvents.AT);
            assertThat(entry.resources()).isEmpty();
        });
    }

    @Test
    void publish_eachType_usesItsTypeAsDetailType() {
        SampleEvents.oneOfEach().forEach(bus::publish);

        assertThat(eventBridge.requests()).extracting(r -> r.entries().getFirst().detailType())
                .containsExactly("Published", "TrafficChanged", "RolledBack", "DeploymentFailed", "DeploymentProgress",
                        "AlertFired", "AlertResolved");
    }

    @Test
    void entrySize_countsTimeAsFourteenBytesAndTheTextsInUtf8() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("wfp").detailType("RolledBack")
                .detail("{\"why\":\"\u00fc\u20ac\"}").time(Instant.EPOCH).resources("arn:a", "arn:bc").build();

        assertThat(EventBridgeEventBus.entrySize(entry)).isEqualTo(14 + 3 + 10 + (10 + 2 + 3) + 5 + 6);
        assertThat(EventBridgeEventBus.entrySize(entry.toBuilder().time(null).resources(List.of()).build()))
                .isEqualTo(3 + 10 + 15);
    }

    @Test
    void publish_anEntryOneByteUnderTheLimit_isSent() {
        bus.publish(trafficChangedOfEntrySize(EventBridgeEventBus.MAX_ENTRY_BYTES - 1));

        assertThat(eventBridge.requests()).hasSize(1);
    }

    @Test
    void publish_anEntryOfTheLimit_failsAsTooLargeAndSendsNothing() {
        DomainEvent oversized = trafficChangedOfEntrySize(EventBridgeEventBus.MAX_ENTRY_BYTES);

        assertThatThrownBy(() -> bus.publish(oversized)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("events.too-large");
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.getMessage()).contains("TrafficChanged", Integer.toString(EventBridgeEventBus.MAX_ENTRY_BYTES),
                    "nothing was sent");
            assertThat(e.hint()).isNotBlank();
        });
        assertThat(eventBridge.requests()).isEmpty();
        assertThat(eventBridge.describes()).isZero();
    }

    @Test
    void publish_whenTheEntryFailsForATransientReason_triesAgainAndSucceeds() {
        eventBridge.thenEntryFails("ThrottlingException", "Rate exceeded")
                .thenEntryFails("InternalFailure", "Try again");

        bus.publish(SampleEvents.rolledBack());

        assertThat(eventBridge.requests()).hasSize(3);
        assertThat(eventBridge.requests()).allSatisfy(r -> assertThat(r.entries().getFirst().detail())
                .isEqualTo(DomainEventJson.write(SampleEvents.rolledBack())));
    }

    @Test
    void publish_whenTheEntryKeepsFailingForATransientReason_givesUpAfterThreeAttempts() {
        eventBridge.thenEntryFails("ThrottlingException", "Rate exceeded")
                .thenEntryFails("ThrottlingException", "Rate exceeded")
                .thenEntryFails("ThrottlingException", "Rate exceeded still");

        assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.unavailable", 503,
                "RolledBack", "wfp-events", "ThrottlingException: Rate exceeded still");
        assertThat(eventBridge.requests()).hasSize(EventBridgeEventBus.ATTEMPTS);
    }

    @Test
    void publish_whenEventBridgeRejectsTheEntry_failsAsRejectedWithoutTryingAgain() {
        eventBridge.thenEntryFails("MalformedDetail", "Detail is malformed.");

        assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.rejected", 500,
                "MalformedDetail: Detail is malformed.");
        assertThat(eventBridge.requests()).hasSize(1);
    }

    @Test
    void publish_whenTheSourceIsNotAllowed_failsAsUnavailableNamingThePermissions() {
        eventBridge.thenEntryFails("NotAuthorizedForSourceException", "Not authorized for the source.");

        DomainException e = assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.unavailable", 503,
                "refused", "NotAuthorizedForSourceException");
        assertThat(e.hint()).contains("events:PutEvents", "'wfp'");
    }

    @Test
    void publish_whenTheRequestIsThrottled_failsAsUnavailableKeepingTheCause() {
        EventBridgeException throttled = (EventBridgeException) EventBridgeException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                .statusCode(400).message("Rate exceeded").build();
        eventBridge.thenThrows(throttled);

        DomainException e = assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.unavailable", 503,
                "throttling", "wfp-events");
        assertThat(e.getCause()).isSameAs(throttled);
    }

    @Test
    void publish_whenEventBridgeCannotBeReached_failsAsUnavailableKeepingTheCause() {
        SdkClientException unreachable = SdkClientException.create("Connection refused");
        eventBridge.thenThrows(unreachable);

        DomainException e = assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.unavailable", 503,
                "could not be reached", "Connection refused");
        assertThat(e.getCause()).isSameAs(unreachable);
    }

    @Test
    void publish_whenTheBusDoesNotExist_failsNamingItAndHowToCreateItAndSendsNothing() {
        ResourceNotFoundException missing = ResourceNotFoundException.builder()
                .message("Event bus wfp-events does not exist.").statusCode(400).build();
        eventBridge.describeThrows(missing);

        DomainException e = assertFails(() -> bus.publish(SampleEvents.rolledBack()), "events.unavailable", 503,
                "'wfp-events' does not exist");
        assertThat(e.hint()).contains("EventBridgeEventBus.createBus(client, \"wfp-events\")");
        assertThat(e.getCause()).isSameAs(missing);
        assertThat(eventBridge.requests()).isEmpty();
    }

    @Test
    void publish_checksThatTheBusExistsOnceOnly() {
        SampleEvents.oneOfEach().forEach(bus::publish);

        assertThat(eventBridge.describes()).isEqualTo(1);
        assertThat(eventBridge.requests()).hasSize(SampleEvents.oneOfEach().size());
    }

    @Test
    void publish_whenEventBridgeFails_hasAlreadyDeliveredTheEventToTheListenersHere() {
        List<DomainEvent> here = new CopyOnWriteArrayList<>();
        bus.subscribe(here::add);
        eventBridge.thenThrows(SdkClientException.create("Connection refused"));

        assertThatThrownBy(() -> bus.publish(SampleEvents.rolledBack())).isInstanceOf(DomainException.class);

        assertThat(here).containsExactly(SampleEvents.rolledBack());
    }

    @Test
    void publish_whenAListenerHereThrows_countsItAndStillSends() {
        bus.subscribe(e -> {
            throw new IllegalStateException("a broken listener");
        });

        bus.publish(SampleEvents.rolledBack());

        assertThat(bus.listenerFailures()).isEqualTo(1);
        assertThat(eventBridge.requests()).hasSize(1);
    }

    @Test
    void readDelivered_anEnvelopeAsEventBridgeDeliversIt_givesTheEvent() {
        String envelope = envelope("wfp", "RolledBack", DomainEventJson.write(SampleEvents.rolledBack()));

        assertThat(EventBridgeEventBus.readDelivered(envelope)).isEqualTo(SampleEvents.rolledBack());
    }

    @Test
    void readDelivered_anEventOfAnotherSource_failsNamingTheSource() {
        String envelope = envelope("aws.ec2", "RolledBack", DomainEventJson.write(SampleEvents.rolledBack()));

        assertFails(() -> EventBridgeEventBus.readDelivered(envelope), "events.foreign-event", 400, "'aws.ec2'");
    }

    @Test
    void readDelivered_aDetailTypeOtherThanTheEventsType_fails() {
        String envelope = envelope("wfp", "Published", DomainEventJson.write(SampleEvents.rolledBack()));

        assertFails(() -> EventBridgeEventBus.readDelivered(envelope), "events.invalid-event", 400,
                "detail type 'Published'", "RolledBack event");
    }

    @Test
    void readDelivered_whatIsNotAnEnvelope_failsSayingWhatIsExpected() {
        assertFails(() -> EventBridgeEventBus.readDelivered("{\"source\":\"wfp\",\"detail\":\"{}\"}"),
                "events.invalid-event", 400, "'detail' object");
        assertFails(() -> EventBridgeEventBus.readDelivered("{\"source\":"), "events.invalid-json", 400, "not valid JSON");
        assertFails(() -> EventBridgeEventBus.readDelivered(envelope("wfp", "RolledBack", "{\"v\":1,\"type\":\"Gone\"}")),
                "events.unknown-type", 400, "\"Gone\"");
    }

    /** A traffic change whose PutEvents entry is exactly {@code bytes} long (ASCII padding in its reason). */
    private static DomainEvent trafficChangedOfEntrySize(int bytes) {
        DomainEvent.TrafficChanged base = SampleEvents.trafficChanged();
        DomainEvent.TrafficChanged empty = new DomainEvent.TrafficChanged(base.ref(), base.at(), base.routing(), base.by(), "");
        int emptySize = 14 + "wfp".length() + "TrafficChanged".length()
                + DomainEventJson.write(empty).getBytes(StandardCharsets.UTF_8).length;
        return new DomainEvent.TrafficChanged(base.ref(), base.at(), base.routing(), base.by(), "x".repeat(bytes - emptySize));
    }

    private static String envelope(String source, String detailType, String detail) {
        return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"" + detailType
                + "\",\"source\":\"" + source + "\",\"account\":\"123456789012\",\"time\":\"2026-01-15T10:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + detail + "}";
    }

    private static DomainException assertFails(ThrowingCallable call, String code, int status, String... messageParts) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(DomainException.class);
        DomainException e = (DomainException) thrown;
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains(messageParts);
        assertThat(e.hint()).isNotBlank();
        return e;
    }
}
