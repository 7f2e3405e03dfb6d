package com.wfp.platform.port;

import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link AlertStore} and {@link ChannelStore} must have. An adapter's test
 * extends this class and returns a fresh, empty store implementing both.
 */
public abstract class AlertStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    protected static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    protected static final WorkflowRef OTHER = new WorkflowRef("bob", "shop", "orders");

    protected AlertStore alerts;
    protected ChannelStore channels;

    /** A fresh, empty store implementing both ports. */
    protected abstract Object newStore();

    @BeforeEach
    void open() {
        Object store = newStore();
        alerts = (AlertStore) store;
        channels = (ChannelStore) store;
    }

    private static Alert firing(WorkflowRef ref, AlertKind kind, Instant at) {
        return new Alert("new", ref, kind, new ReleaseId("rel-v2"), "v2", "error rate 50% is above 5%", at, null, null);
    }

    @Test
    void saveRulesIfAbsent_whenRulesExist_keepsThem() {
        AlertRules edited = new AlertRules(ORDERS, 20, Duration.ofSeconds(30), 0, Duration.ofMinutes(1), false,
                Duration.ofMinutes(30), 3, T0, "admin");
        alerts.saveRules(edited);

        boolean stored = alerts.saveRulesIfAbsent(AlertRules.defaults(ORDERS, T0.plusSeconds(5)));

        assertThat(stored).isFalse();
        assertThat(alerts.rules(ORDERS)).contains(edited);
        assertThat(alerts.saveRulesIfAbsent(AlertRules.defaults(OTHER, T0))).isTrue();
        assertThat(alerts.allRules()).extracting(AlertRules::ref).containsExactly(ORDERS, OTHER);
        assertThat(alerts.rules(new WorkflowRef("ada", "shop", "none"))).isEmpty();
    }

    @Test
    void fire_whenOneOfThatKindFires_storesNoSecond() {
        Alert first = alerts.fire(firing(ORDERS, AlertKind.ERROR_RATE, T0)).orElseThrow();

        assertThat(alerts.fire(firing(ORDERS, AlertKind.ERROR_RATE, T0.plusSeconds(2)))).isEmpty();
        assertThat(alerts.fire(firing(ORDERS, AlertKind.P95_LATENCY, T0.plusSeconds(2)))).isPresent();
        assertThat(alerts.fire(firing(OTHER, AlertKind.ERROR_RATE, T0.plusSeconds(2)))).isPresent();
        assertThat(first.id()).startsWith("alr_");
        assertThat(first.firing()).isTrue();
        assertThat(first.version()).isEqualTo("v2");
        assertThat(alerts.firing()).hasSize(3);
    }

    @Test
    void resolve_endsTheFiringAlert_andLetsTheNextFireAnew() {
        Alert first = alerts.fire(firing(ORDERS, AlertKind.ERROR_RATE, T0)).orElseThrow();

        Alert resolved = alerts.resolve(ORDERS, AlertKind.ERROR_RATE, T0.plusSeconds(60), "back under 5%").orElseThrow();

        assertThat(resolved.id()).isEqualTo(first.id());
        assertThat(resolved.state()).isEqualTo("resolved");
        assertThat(resolved.resolution()).isEqualTo("back under 5%");
        assertThat(alerts.resolve(ORDERS, AlertKind.ERROR_RATE, T0.plusSeconds(61), "again")).isEmpty();
        Alert second = alerts.fire(firing(ORDERS, AlertKind.ERROR_RATE, T0.plusSeconds(90))).orElseThrow();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(alerts.alerts(ORDERS, 10)).extracting(Alert::id).containsExactly(second.id(), first.id());
        assertThat(alerts.alerts(ORDERS, 10).get(1).resolvedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(alerts.alerts(null, 1)).extracting(Alert::id).containsExactly(second.id());
        assertThat(alerts.alerts(OTHER, 10)).isEmpty();
    }

    @Test
    void channels_addListRemove_andDeliveriesNewestFirst() {
        WebhookChannel one = new WebhookChannel("ch_one", URI.create("https://hooks.example.com/a"), "whsec_1", T0);
        WebhookChannel two = new WebhookChannel("ch_two", URI.create("https://hooks.example.com/b"), "whsec_2",
                T0.plusSeconds(1));
        channels.addChannel(one);
        channels.addChannel(two);

        assertThat(channels.channels(null)).containsExactly(one, two);
        assertThat(channels.removeChannel(null, "ch_one")).contains(one);
        assertThat(channels.removeChannel(null, "ch_one")).isEmpty();
        assertThat(channels.channels(null)).containsExactly(two);

        Delivery failed = new Delivery("dlv_1", "ch_two", "alert.fired", "ada/shop/orders", 1, 503, "answered 503", T0,
                false);
        Delivery retried = new Delivery("dlv_1", "ch_two", "alert.fired", "ada/shop/orders", 2, 204, "",
                T0.plusSeconds(1), true);
        channels.recordDelivery(failed);
        channels.recordDelivery(retried);
        assertThat(channels.deliveries(null, null, 10)).containsExactly(retried, failed);
        assertThat(channels.deliveries(null, "ch_two", 1)).containsExactly(retried);
        assertThat(channels.deliveries(null, "ch_one", 10)).isEmpty();
    }

    @Test
    void channels_ofOneProject_neverAppearInAnotherScope_norCanBeRemovedFromIt() {
        ProjectRef shop = new ProjectRef("ada", "shop");
        ProjectRef other = new ProjectRef("eve", "other");
        WebhookChannel shops = new WebhookChannel("ch_shop", shop, URI.create("https://hooks.example.com/s"), "whsec_s", T0);
        WebhookChannel others = new WebhookChannel("ch_other", other, URI.create("https://hooks.example.com/o"),
                "whsec_o", T0);
        WebhookChannel platform = new WebhookChannel("ch_all", URI.create("https://hooks.example.com/a"), "whsec_a", T0);
        channels.addChannel(shops);
        channels.addChannel(others);
        channels.addChannel(platform);
        channels.recordDelivery(new Delivery("dlv_s", "ch_shop", "alert.fired", "ada/shop/orders", 1, 204, "", T0, true,
                shop));
        channels.recordDelivery(new Delivery("dlv_o", "ch_other", "alert.fired", "eve/other/x", 1, 204, "", T0, true,
                other));

        assertThat(channels.channels(shop)).containsExactly(shops);
        assertThat(channels.channels(null)).containsExactly(platform);
        assertThat(channels.removeChannel(shop, "ch_other")).isEmpty();
        assertThat(channels.removeChannel(null, "ch_shop")).isEmpty();
        assertThat(channels.channels(other)).containsExactly(others);
        assertThat(channels.deliveries(shop, null, 10)).extracting(Delivery::deliveryId).containsExactly("dlv_s");
        assertThat(channels.deliveries(shop, "ch_other", 10)).isEmpty();
        assertThat(channels.deliveries(null, null, 10)).isEmpty();
        assertThat(channels.deliveries(shop, null, 10).getFirst().project()).isEqualTo(shop);
        assertThat(channels.removeChannel(shop, "ch_shop")).contains(shops);
    }
}
