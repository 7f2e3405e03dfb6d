package com.wfp.adapters.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.event.SampleEvents;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.EventBusContract;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EventBridgeEventBus} on moto: the listener contract, and what reaches the other
 * consumers, received as an SQS queue that a rule on the source {@code wfp} feeds.
 */
class EventBridgeEventBusIT extends EventBusContract {

    private static final EventBridgeClient EVENTS = MotoServer.shared().configure(EventBridgeClient.builder()).build();
    private static final SqsClient QUEUES = MotoServer.shared().configure(SqsClient.builder()).build();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> buses = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private EventBridgeEventBus eventBridgeBus;

    @Override
    protected EventBus newBus() {
        String name = uniqueName("wfp-events");
        EventBridgeEventBus.createBus(EVENTS, name);
        buses.add(name);
        eventBridgeBus = new EventBridgeEventBus(EVENTS, name);
        return eventBridgeBus;
    }

    @AfterEach
    void deleteBusesAndQueues() {
        for (String bus : buses) {
            for (Rule rule : EVENTS.listRules(r -> r.eventBusName(bus)).rules()) {
                List<String> targets = EVENTS.listTargetsByRule(r -> r.rule(rule.name()).eventBusName(bus)).targets()
                        .stream().map(Target::id).toList();
                if (!targets.isEmpty()) {
                    EVENTS.removeTargets(r -> r.rule(rule.name()).eventBusName(bus).ids(targets));
                }
                EVENTS.deleteRule(r -> r.name(rule.name()).eventBusName(bus));
            }
            EVENTS.deleteEventBus(r -> r.name(bus));
        }
        queues.forEach(url -> QUEUES.deleteQueue(r -> r.queueUrl(url)));
    }

    @Test
    void publish_eachType_reachesAQueueThroughARuleOnTheSourceAndDecodesBackEqual() {
        String queue = queueFedByTheSourceRule();
        List<DomainEvent> published = new ArrayList<>(SampleEvents.oneOfEach());
        published.addAll(SampleEvents.sparse());

        published.forEach(bus::publish);

        List<Message> delivered = receive(queue, published.size());
        assertThat(delivered).extracting(m -> EventBridgeEventBus.readDelivered(m.body()))
                .containsExactlyInAnyOrderElementsOf(published);
        assertThat(delivered).allSatisfy(m -> {
            JsonNode envelope = JSON.readTree(m.body());
            assertThat(envelope.path("source").asText()).isEqualTo("wfp");
            assertThat(envelope.path("resources").isArray()).isTrue();
            assertThat(envelope.path("resources")).isEmpty();
        });
    }

    @Test
    void publish_anOversizedEvent_failsClearlyAndNothingReachesTheQueue() {
        String queue = queueFedByTheSourceRule();
        DomainEvent oversized = new DomainEvent.DeploymentFailed(SampleEvents.ORDERS, SampleEvents.AT,
                SampleEvents.DEPLOYMENT, new DeploymentFailure(DeploymentStep.VALIDATE, "publish.validation-failed",
                "The workflow has 4000 errors", "Fix the errors the report lists.",
                "{\"findings\":[" + "{\"code\":\"graph.unreachable-node\",\"node\":\"n\"},".repeat(6000) + "{}]}"));
        List<DomainEvent> here = new CopyOnWriteArrayList<>();
        bus.subscribe(here::add);

        assertThatThrownBy(() -> bus.publish(oversized)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("events.too-large");
            assertThat(e.getMessage()).contains("DeploymentFailed", "nothing was sent");
        });
        bus.publish(SampleEvents.rolledBack());

        assertThat(receive(queue, 1)).extracting(m -> EventBridgeEventBus.readDelivered(m.body()))
                .containsExactly(SampleEvents.rolledBack());
        assertThat(receive(queue, 0)).isEmpty();
        assertThat(here).containsExactly(oversized, SampleEvents.rolledBack());
    }

    @Test
    void publish_toABusThatDoesNotExist_failsNamingTheBus() {
        EventBridgeEventBus missing = new EventBridgeEventBus(EVENTS, uniqueName("no-such-bus"));

        assertThatThrownBy(() -> missing.publish(SampleEvents.rolledBack()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("events.unavailable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("'" + missing.busName() + "' does not exist");
                    assertThat(e.hint()).contains("EventBridgeEventBus.createBus");
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void createBus_whenTheBusExists_returnsItsArn() {
        String arn = EventBridgeEventBus.createBus(EVENTS, eventBridgeBus.busName());

        assertThat(arn).endsWith(":event-bus/" + eventBridgeBus.busName());
    }

    /** A queue, and a rule on the test's bus that sends it every event of the source {@code wfp}. */
    private String queueFedByTheSourceRule() {
        String queueName = uniqueName("wfp-events");
        String url = QUEUES.createQueue(r -> r.queueName(queueName)).queueUrl();
        queues.add(url);
        String queueArn = QUEUES.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleArn = EVENTS.putRule(r -> r.name("all-of-wfp").eventBusName(eventBridgeBus.busName())
                .eventPattern("{\"source\":[\"" + EventBridgeEventBus.SOURCE + "\"]}")).ruleArn();
        // What a real account needs too: EventBridge may send to the queue only for this rule.
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",
                 "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, ruleArn);
        QUEUES.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        EVENTS.putTargets(r -> r.rule("all-of-wfp").eventBusName(eventBridgeBus.busName())
                .targets(Target.builder().id("queue").arn(queueArn).build()));
        return url;
    }

    /** Receives (and deletes) messages until {@code expected} arrived, or for one more second when 0. */
    private static List<Message> receive(String queue, int expected) {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 10).toNanos();
        while (System.nanoTime() < deadline && (expected == 0 || received.size() < expected)) {
            List<Message> batch = QUEUES.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message message : batch) {
                received.add(message);
                QUEUES.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        }
        return received;
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }
}
