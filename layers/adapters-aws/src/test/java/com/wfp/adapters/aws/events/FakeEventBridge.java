package com.wfp.adapters.aws.events;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An EventBridge client that records the {@code PutEvents} requests it gets and answers them as
 * scripted (accepted, unless told otherwise), and answers {@code DescribeEventBus} as told.
 */
final class FakeEventBridge implements EventBridgeClient {

    private final List<PutEventsRequest> requests = new ArrayList<>();
    private final Deque<Supplier<PutEventsResponse>> answers = new ArrayDeque<>();
    private final AtomicInteger describes = new AtomicInteger();
    private volatile RuntimeException describeFailure;

    /** The next {@code PutEvents} fails its entry with this code. */
    FakeEventBridge thenEntryFails(String code, String message) {
        answers.add(() -> PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().errorCode(code).errorMessage(message).build()).build());
        return this;
    }

    /** The next {@code PutEvents} throws. */
    FakeEventBridge thenThrows(RuntimeException e) {
        answers.add(() -> {
            throw e;
        });
        return this;
    }

    /** Every {@code DescribeEventBus} throws this. */
    FakeEventBridge describeThrows(RuntimeException e) {
        describeFailure = e;
        return this;
    }

    synchronized List<PutEventsRequest> requests() {
        return List.copyOf(requests);
    }

    int describes() {
        return describes.get();
    }

    @Override
    public synchronized PutEventsResponse putEvents(PutEventsRequest request) {
        requests.add(request);
        Supplier<PutEventsResponse> answer = answers.poll();
        if (answer != null) {
            return answer.get();
        }
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("event-" + requests.size()).build()).build();
    }

    @Override
    public DescribeEventBusResponse describeEventBus(DescribeEventBusRequest request) {
        describes.incrementAndGet();
        RuntimeException failure = describeFailure;
        if (failure != null) {
            throw failure;
        }
        return DescribeEventBusResponse.builder().name(request.name())
                .arn("arn:aws:events:us-east-1:123456789012:event-bus/" + request.name()).build();
    }

    @Override
    public String serviceName() {
        return "events";
    }

    @Override
    public void close() {
    }
}
