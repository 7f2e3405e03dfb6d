package com.wfp.platform.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryAlertStore;
import com.wfp.platform.port.WebhookTransport;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifierTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private record Posted(URI url, Map<String, String> headers, byte[] body) {
    }

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final WebhookTransport transport = (url, headers, body) -> {
        posted.add(new Posted(url, headers, body));
        if (failuresLeft.getAndDecrement() > 0) {
            throw new DomainException("http.connect-failed", 502, "could not connect", "");
        }
        return 204;
    };
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Notifier notifier = new Notifier(store, transport, executor, Clock.systemUTC(),
            List.of(Duration.ofMillis(10), Duration.ofMillis(20)));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void onEvent_alertFired_postsASignedPayloadEachReceiverCanVerify() throws Exception {
        WebhookChannel channel = notifier.addWebhook("https://hooks.example.com/wfp");
        Alert alert = new Alert("alr_000000000001", ORDERS, AlertKind.ERROR_RATE, new ReleaseId("rel-v2"), "v2",
                "error rate 40% is above 5%", T0, null, null);

        notifier.onEvent(new DomainEvent.AlertFired(ORDERS, T0, alert));

        await(() -> store.deliveries(null, null, 10).size() == 1);
        Posted post = posted.getFirst();
        assertThat(post.url()).isEqualTo(URI.create("https://hooks.example.com/wfp"));
        assertThat(post.headers()).containsEntry("Wfp-Event", "alert.fired");
        assertThat(WebhookSignature.verify(channel.secret(), post.headers().get(WebhookSignature.HEADER), post.body(),
                Instant.now().getEpochSecond(), 60)).isTrue();
        assertThat(WebhookSignature.verify("whsec_other", post.headers().get(WebhookSignature.HEADER), post.body(),
                Instant.now().getEpochSecond(), 60)).isFalse();
        assertThat(WebhookSignature.verify(channel.secret(), post.headers().get(WebhookSignature.HEADER), post.body(),
                Instant.now().getEpochSecond() + 3600, 60)).as("a replay an hour later").isFalse();
        JsonNode body = new ObjectMapper().readTree(post.body());
        assertThat(body.path("event").asText()).isEqualTo("alert.fired");
        assertThat(body.path("workflow").asText()).isEqualTo("ada/shop/orders");
        assertThat(body.path("alert").path("version").asText()).isEqualTo("v2");
        assertThat(body.path("deliveryId").asText()).isEqualTo(post.headers().get("Wfp-Delivery"));
    }

    @Test
    void onEvent_whenTheReceiverFails_retriesWithBackoffAndLogsEveryAttempt() {
        WebhookChannel channel = notifier.addWebhook("https://hooks.example.com/wfp");
        failuresLeft.set(2);

        notifier.onEvent(new DomainEvent.DeploymentFailed(ORDERS, T0, new DeploymentId("dep-1"),
                new DeploymentFailure(DeploymentStep.HEALTH_CHECK, "publish.dry-run-failed", "answered 502", "fix it", null)));

        await(() -> store.deliveries(null, null, 10).size() == 3);
        List<Delivery> log = store.deliveries(null, channel.id(), 10);
        assertThat(log).extracting(Delivery::attempt).containsExactly(3, 2, 1);
        assertThat(log).extracting(Delivery::delivered).containsExactly(true, false, false);
        assertThat(log.getLast().error()).contains("could not connect");
        assertThat(log).extracting(Delivery::deliveryId).containsOnly(log.getFirst().deliveryId());
        assertThat(new String(posted.getLast().body())).contains("\"step\":\"health_check\"");
    }

    @Test
    void onEvent_whenEveryAttemptFails_givesUpAfterTheLastBackoff() throws Exception {
        notifier.addWebhook("https://hooks.example.com/wfp");
        failuresLeft.set(100);

        notifier.onEvent(new DomainEvent.DeploymentFailed(ORDERS, T0, new DeploymentId("dep-1"),
                new DeploymentFailure(DeploymentStep.LOAD, "pod.load-failed", "refused", null, null)));

        await(() -> store.deliveries(null, null, 10).size() == 3);
        Thread.sleep(100);
        assertThat(posted).hasSize(3);
    }

    @Test
    void onEvent_reachesTheEventsProjectAndPlatformChannels_neverAnotherProjects() throws Exception {
        WebhookChannel shop = notifier.addWebhook(new com.wfp.platform.identity.ProjectRef("ada", "shop"),
                "https://hooks.example.com/shop");
        WebhookChannel other = notifier.addWebhook(new com.wfp.platform.identity.ProjectRef("eve", "other"),
                "https://hooks.example.com/other");
        WebhookChannel platform = notifier.addWebhook("https://hooks.example.com/all");

        notifier.onEvent(new DomainEvent.DeploymentFailed(ORDERS, T0, new DeploymentId("dep-1"),
                new DeploymentFailure(DeploymentStep.HEALTH_CHECK, "pod.health-check-failed", "answered 502", "fix it", null)));

        await(() -> posted.size() == 2);
        Thread.sleep(50);
        assertThat(posted).extracting(p -> p.url().getPath()).containsExactlyInAnyOrder("/shop", "/all");
        com.wfp.platform.identity.ProjectRef ada = new com.wfp.platform.identity.ProjectRef("ada", "shop");
        await(() -> store.deliveries(ada, null, 10).size() == 1);
        assertThat(store.deliveries(ada, null, 10)).extracting(Delivery::channelId).containsExactly(shop.id());
        assertThat(store.deliveries(null, null, 10)).extracting(Delivery::channelId).containsExactly(platform.id());
        assertThat(notifier.deliveries(new com.wfp.platform.identity.ProjectRef("eve", "other"), 10)).isEmpty();
        assertThatThrownBy(() -> notifier.remove(ada, other.id())).isInstanceOf(DomainException.class)
                .hasMessageContaining("No channel");
        assertThat(notifier.channels(new com.wfp.platform.identity.ProjectRef("eve", "other"))).containsExactly(other);
    }

    @Test
    void addWebhook_withCredentialsOrAnotherScheme_isRefusedSayingWhy() {
        assertThatThrownBy(() -> notifier.addWebhook("https://user:pw@hooks.example.com/"))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> notifier.addWebhook("file:///etc/passwd")).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> notifier.addWebhook("x".repeat(3000))).isInstanceOf(DomainException.class);
        assertThat(store.channels(null)).isEmpty();
    }

    @Test
    void onEvent_withAQueue_sendsTheFirstAttemptAtOnce_andEachRetryOnlyOnceDue() {
        List<PendingDelivery> queued = new CopyOnWriteArrayList<>();
        com.wfp.platform.port.DeliveryQueue queue = new com.wfp.platform.port.DeliveryQueue() {
            @Override
            public void add(PendingDelivery delivery) {
                queued.add(delivery);
            }

            @Override
            public List<PendingDelivery> takeDue(Instant now, int limit) {
                List<PendingDelivery> due = queued.stream().filter(p -> !p.due().isAfter(now)).limit(limit).toList();
                queued.removeAll(due);
                return due;
            }
        };
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(T0);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Notifier lambda = new Notifier(store, transport, queue, clock, List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)));
        lambda.addWebhook("https://hooks.example.com/wfp");
        failuresLeft.set(2);

        lambda.onEvent(new DomainEvent.DeploymentFailed(ORDERS, T0, new DeploymentId("dep_1"),
                new DeploymentFailure(DeploymentStep.LOAD, "pod.load-failed", "the pod refused it", "fix it", null)));

        assertThat(posted).as("the first attempt, in the caller's thread").hasSize(1);
        assertThat(queued).singleElement().satisfies(p -> {
            assertThat(p.attempt()).isEqualTo(2);
            assertThat(p.due()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(lambda.sendDue(10)).as("not due yet").isZero();
        now.set(T0.plusSeconds(31));
        assertThat(lambda.sendDue(10)).isEqualTo(1);
        assertThat(queued).singleElement().satisfies(p -> assertThat(p.due()).isEqualTo(T0.plusSeconds(31 + 120)));
        now.set(T0.plusSeconds(200));
        assertThat(lambda.sendDue(10)).isEqualTo(1);
        assertThat(queued).isEmpty();
        assertThat(posted).hasSize(3);
        assertThat(posted).extracting(p -> new String(p.body(), java.nio.charset.StandardCharsets.UTF_8))
                .as("every attempt sends the same body").containsOnly(new String(posted.getFirst().body(),
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store.deliveries(null, null, 10)).extracting(Delivery::attempt, Delivery::delivered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, true), org.assertj.core.groups.Tuple.tuple(2, false),
                        org.assertj.core.groups.Tuple.tuple(1, false));
    }

    private static void await(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within 5 s");
            }
            Thread.onSpinWait();
        }
    }
}
