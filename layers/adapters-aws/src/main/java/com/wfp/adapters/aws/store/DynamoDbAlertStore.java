package com.wfp.adapters.aws.store;

import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.PendingDelivery;
import com.wfp.platform.notify.WebhookChannel;
import com.wfp.platform.port.AlertStore;
import com.wfp.platform.port.ChannelStore;
import com.wfp.platform.port.DeliveryQueue;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.SK;

/**
 * Alert rules, alerts, notification channels, the delivery log and the retries waiting for their
 * time, in the platform's DynamoDB table (the layout of {@link DynamoDbReleaseStore#createTable}),
 * each under partitions of its own:
 * <ul>
 *   <li>{@code ALERTRULES}: one item per workflow, sorted by its path;</li>
 *   <li>{@code ALERTFIRING}: one item per workflow and kind while an alert fires, written with a
 *       condition so a second alert of the kind is never stored (the de-duplication);</li>
 *   <li>{@code ALERTS#<user>/<project>/<workflow>} and {@code ALERTS}: every alert, fired or
 *       resolved, of the workflow and of the platform, sorted by when it fired;</li>
 *   <li>{@code CHANNELS#<user>/<project>} ({@code CHANNELS#*} for the platform-wide ones) and
 *       {@code DELIVERIES#...} of the same scopes, so a read of one scope never sees another's;</li>
 *   <li>{@code NOTIFYQUEUE}: retries by when they are due, each taken by one conditional delete.</li>
 * </ul>
 * Delivery-log items carry {@value #EXPIRES_AT} (epoch seconds), the table's time-to-live
 * attribute, so they go by themselves after {@link #DELIVERIES_KEPT} where the table has TTL on (the
 * CDK app's does). Webhook secrets are stored as they are: the table is encrypted at rest and
 * only the functions that manage or send notifications read these partitions.
 */
public final class DynamoDbAlertStore implements AlertStore, ChannelStore, DeliveryQueue {

    /** The time-to-live attribute of the items that expire. */
    public static final String EXPIRES_AT = "expiresAt";
    /** How long delivery-log items are kept. */
    static final Duration DELIVERIES_KEPT = Duration.ofDays(30);

    private static final String RULES = "ALERTRULES";
    private static final String FIRING = "ALERTFIRING";
    private static final String ALERTS = "ALERTS";
    private static final String SEQUENCE = "ALERTSEQ";
    private static final String QUEUE = "NOTIFYQUEUE";
    private static final String PLATFORM_SCOPE = "*";

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** The store in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbAlertStore(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    // ---- rules ----

    @Override
    public Optional<AlertRules> rules(WorkflowRef ref) {
        return get(StoreKeys.key(RULES, ref.path()), "read the alert rules of " + ref.path()).map(DynamoDbAlertStore::rules);
    }

    @Override
    public List<AlertRules> allRules() {
        return query(RULES, null, null, true, Integer.MAX_VALUE, item -> true, "read every workflow's alert rules")
                .stream().map(DynamoDbAlertStore::rules).toList();
    }

    @Override
    public void saveRules(AlertRules rules) {
        put(rulesItem(rules), null, "save the alert rules of " + rules.ref().path());
    }

    @Override
    public boolean saveRulesIfAbsent(AlertRules rules) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(rulesItem(rules)).conditionExpression(DynamoDbTable.NOT_EXISTS)
                    .expressionAttributeNames(DynamoDbTable.PK_NAME));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } catch (SdkException e) {
            throw errors.translate("save the default alert rules of " + rules.ref().path(), e);
        }
    }

    private static Map<String, AttributeValue> rulesItem(AlertRules rules) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(RULES, rules.ref().path()));
        item.put("ref", s(rules.ref().path()));
        item.put("maxErrorRatePercent", n(Double.toString(rules.maxErrorRatePercent())));
        item.put("errorRateWindowSeconds", n(rules.errorRateWindow().toSeconds()));
        item.put("maxP95Ms", n(rules.maxP95Ms()));
        item.put("p95WindowSeconds", n(rules.p95Window().toSeconds()));
        item.put("podDown", AttributeValue.fromBool(rules.podDown()));
        item.put("noCallsSeconds", n(rules.noCallsWindow().toSeconds()));
        item.put("minCalls", n(rules.minCalls()));
        item.put("updatedAt", s(rules.updatedAt().toString()));
        item.put("updatedBy", s(rules.updatedBy()));
        return item;
    }

    private static AlertRules rules(Map<String, AttributeValue> item) {
        return new AlertRules(ref(item.get("ref").s()), Double.parseDouble(item.get("maxErrorRatePercent").n()),
                Duration.ofSeconds(number(item, "errorRateWindowSeconds")), number(item, "maxP95Ms"),
                Duration.ofSeconds(number(item, "p95WindowSeconds")), item.get("podDown").bool(),
                Duration.ofSeconds(number(item, "noCallsSeconds")), number(item, "minCalls"),
                Instant.parse(item.get("updatedAt").s()), item.get("updatedBy").s());
    }

    // ---- alerts ----

    @Override
    public Optional<Alert> fire(Alert alert) {
        String action = "fire the " + alert.kind().label() + " alert of " + alert.ref().path();
        Map<String, AttributeValue> marker = firingKey(alert.ref(), alert.kind());
        // Read first, so a condition that keeps holding does not spend a sequence number every evaluation.
        if (get(marker, action).isPresent()) {
            return Optional.empty();
        }
        long sequence = nextSequence(action);
        Alert stored = new Alert("alr_" + sequence, alert.ref(), alert.kind(), alert.releaseId(), alert.version(),
                alert.reason(), alert.firedAt(), null, null);
        String order = order(alert.firedAt(), sequence);
        Map<String, AttributeValue> attributes = alertAttributes(stored, order);
        Map<String, AttributeValue> firing = new HashMap<>(marker);
        firing.putAll(attributes);
        Map<String, AttributeValue> ofWorkflow = new HashMap<>(StoreKeys.key(alertsPartition(alert.ref()), order));
        ofWorkflow.putAll(attributes);
        Map<String, AttributeValue> ofPlatform = new HashMap<>(StoreKeys.key(ALERTS, order));
        ofPlatform.putAll(attributes);
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(firing)
                            .conditionExpression(DynamoDbTable.NOT_EXISTS)
                            .expressionAttributeNames(DynamoDbTable.PK_NAME).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(ofWorkflow).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(ofPlatform).build()).build()));
            return Optional.of(stored);
        } catch (TransactionCanceledException e) {
            if (new DynamoDbTable.Reasons(e).conditionFailed(0)) {
                return Optional.empty();
            }
            throw errors.translate(action, e);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    @Override
    public Optional<Alert> resolve(WorkflowRef ref, AlertKind kind, Instant at, String resolution) {
        String action = "resolve the " + kind.label() + " alert of " + ref.path();
        Map<String, AttributeValue> marker = firingKey(ref, kind);
        Optional<Map<String, AttributeValue>> firing = get(marker, action);
        if (firing.isEmpty()) {
            return Optional.empty();
        }
        Alert alert = alert(firing.get());
        String order = firing.get().get("order").s();
        Alert resolved = new Alert(alert.id(), alert.ref(), alert.kind(), alert.releaseId(), alert.version(),
                alert.reason(), alert.firedAt(), at, resolution);
        Map<String, AttributeValue> values = Map.of(":at", s(at.toString()), ":resolution", s(resolved.resolution()),
                ":id", s(alert.id()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(marker)
                            .conditionExpression("#id = :id").expressionAttributeNames(Map.of("#id", "id"))
                            .expressionAttributeValues(Map.of(":id", s(alert.id())))
                            .build()).build(),
                    resolveUpdate(StoreKeys.key(alertsPartition(ref), order), values),
                    resolveUpdate(StoreKeys.key(ALERTS, order), values)));
            return Optional.of(resolved);
        } catch (TransactionCanceledException e) {
            if (new DynamoDbTable.Reasons(e).conditionFailed(0)) {
                // Another evaluation resolved it a moment before.
                return Optional.empty();
            }
            throw errors.translate(action, e);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private TransactWriteItem resolveUpdate(Map<String, AttributeValue> key, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression("SET #resolvedAt = :at, #resolution = :resolution").conditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#resolvedAt", "resolvedAt", "#resolution", "resolution", "#id", "id"))
                .expressionAttributeValues(values).build()).build();
    }

    @Override
    public List<Alert> firing() {
        return query(FIRING, null, null, true, Integer.MAX_VALUE, item -> true, "read the firing alerts").stream()
                .map(DynamoDbAlertStore::alert).toList();
    }

    @Override
    public List<Alert> alerts(WorkflowRef ref, int limit) {
        String partition = ref == null ? ALERTS : alertsPartition(ref);
        return query(partition, null, null, false, Math.max(0, limit), item -> true,
                "read the alerts of " + (ref == null ? "every workflow" : ref.path())).stream()
                .map(DynamoDbAlertStore::alert).toList();
    }

    private long nextSequence(String action) {
        try {
            return Long.parseLong(dynamo.updateItem(b -> b.tableName(table).key(StoreKeys.key(SEQUENCE, SEQUENCE))
                            .updateExpression("ADD #seq :one").expressionAttributeNames(Map.of("#seq", "seq"))
                            .expressionAttributeValues(Map.of(":one", n(1)))
                            .returnValues(ReturnValue.UPDATED_NEW))
                    .attributes().get("seq").n());
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private static Map<String, AttributeValue> firingKey(WorkflowRef ref, AlertKind kind) {
        return StoreKeys.key(FIRING, ref.path() + "#" + kind.name());
    }

    private static String alertsPartition(WorkflowRef ref) {
        return ALERTS + "#" + ref.path();
    }

    /** Sorts as the firing time, then the sequence: fixed width, so strings compare as numbers. */
    private static String order(Instant at, long sequence) {
        return String.format("%015d#%012d", at.toEpochMilli(), sequence);
    }

    private static Map<String, AttributeValue> alertAttributes(Alert alert, String order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(alert.id()));
        item.put("ref", s(alert.ref().path()));
        item.put("kind", s(alert.kind().name()));
        if (alert.releaseId() != null) {
            item.put("releaseId", s(alert.releaseId().value()));
        }
        item.put("version", s(alert.version()));
        item.put("reason", s(alert.reason()));
        item.put("firedAt", s(alert.firedAt().toString()));
        item.put("order", s(order));
        return item;
    }

    private static Alert alert(Map<String, AttributeValue> item) {
        AttributeValue releaseId = item.get("releaseId");
        AttributeValue resolvedAt = item.get("resolvedAt");
        AttributeValue resolution = item.get("resolution");
        return new Alert(item.get("id").s(), ref(item.get("ref").s()), AlertKind.valueOf(item.get("kind").s()),
                releaseId == null ? null : new ReleaseId(releaseId.s()), text(item, "version"), text(item, "reason"),
                Instant.parse(item.get("firedAt").s()), resolvedAt == null ? null : Instant.parse(resolvedAt.s()),
                resolution == null ? null : resolution.s());
    }

    // ---- channels and deliveries ----

    @Override
    public void addChannel(WebhookChannel channel) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(channelsPartition(channel.project()), channel.id()));
        item.put("url", s(channel.url().toString()));
        item.put("secret", s(channel.secret()));
        item.put("createdAt", s(channel.createdAt().toString()));
        put(item, DynamoDbTable.NOT_EXISTS, "add the webhook channel " + channel.id());
    }

    @Override
    public List<WebhookChannel> channels(ProjectRef scope) {
        return query(channelsPartition(scope), null, null, true, Integer.MAX_VALUE, item -> true,
                "read the webhook channels of " + scopeName(scope)).stream()
                .map(item -> channel(scope, item))
                .sorted(Comparator.comparing(WebhookChannel::createdAt).thenComparing(WebhookChannel::id))
                .toList();
    }

    @Override
    public Optional<WebhookChannel> removeChannel(ProjectRef scope, String id) {
        if (id == null || id.isBlank() || id.length() > 200) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
                    .key(StoreKeys.key(channelsPartition(scope), id)).returnValues(ReturnValue.ALL_OLD)).attributes();
            return old == null || old.isEmpty() ? Optional.empty() : Optional.of(channel(scope, old));
        } catch (SdkException e) {
            throw errors.translate("remove the webhook channel " + id, e);
        }
    }

    private static WebhookChannel channel(ProjectRef scope, Map<String, AttributeValue> item) {
        return new WebhookChannel(item.get(SK).s(), scope, URI.create(item.get("url").s()), item.get("secret").s(),
                Instant.parse(item.get("createdAt").s()));
    }

    @Override
    public void recordDelivery(Delivery delivery) {
        String error = delivery.error().length() <= 500 ? delivery.error() : delivery.error().substring(0, 500);
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(deliveriesPartition(delivery.project()),
                String.format("%015d#%s#%04d#%s", delivery.at().toEpochMilli(), delivery.deliveryId(), delivery.attempt(),
                        delivery.channelId())));
        item.put("deliveryId", s(delivery.deliveryId()));
        item.put("channelId", s(delivery.channelId()));
        item.put("event", s(delivery.event()));
        item.put("subject", s(delivery.subject()));
        item.put("attempt", n(delivery.attempt()));
        item.put("status", n(delivery.status()));
        item.put("error", s(error));
        item.put("at", s(delivery.at().toString()));
        item.put("delivered", AttributeValue.fromBool(delivery.delivered()));
        item.put(EXPIRES_AT, n(delivery.at().plus(DELIVERIES_KEPT).getEpochSecond()));
        put(item, null, "log a delivery to channel " + delivery.channelId());
    }

    @Override
    public List<Delivery> deliveries(ProjectRef scope, String channelId, int limit) {
        Predicate<Map<String, AttributeValue>> ofChannel = channelId == null ? item -> true
                : item -> channelId.equals(item.get("channelId").s());
        return query(deliveriesPartition(scope), null, null, false, Math.max(0, limit), ofChannel,
                "read the delivery log of " + scopeName(scope)).stream()
                .map(item -> new Delivery(item.get("deliveryId").s(), item.get("channelId").s(), item.get("event").s(),
                        item.get("subject").s(), (int) number(item, "attempt"), (int) number(item, "status"),
                        text(item, "error"), Instant.parse(item.get("at").s()), item.get("delivered").bool(), scope))
                .toList();
    }

    private static String channelsPartition(ProjectRef scope) {
        return "CHANNELS#" + scopeKey(scope);
    }

    private static String deliveriesPartition(ProjectRef scope) {
        return "DELIVERIES#" + scopeKey(scope);
    }

    private static String scopeKey(ProjectRef scope) {
        return scope == null ? PLATFORM_SCOPE : scope.user() + "/" + scope.project();
    }

    private static String scopeName(ProjectRef scope) {
        return scope == null ? "the platform" : scope.toString();
    }

    // ---- the retry queue ----

    @Override
    public void add(PendingDelivery delivery) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(QUEUE, String.format("%015d#%s#%s#%04d",
                delivery.due().toEpochMilli(), delivery.deliveryId(), delivery.channelId(), delivery.attempt())));
        item.put("deliveryId", s(delivery.deliveryId()));
        if (delivery.project() != null) {
            item.put("user", s(delivery.project().user()));
            item.put("project", s(delivery.project().project()));
        }
        item.put("channelId", s(delivery.channelId()));
        item.put("event", s(delivery.event()));
        item.put("subject", s(delivery.subject()));
        item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(delivery.body())));
        item.put("attempt", n(delivery.attempt()));
        item.put("due", s(delivery.due().toString()));
        put(item, null, "queue a retry of delivery " + delivery.deliveryId());
    }

    @Override
    public List<PendingDelivery> takeDue(Instant now, int limit) {
        List<PendingDelivery> taken = new ArrayList<>();
        String upTo = String.format("%015d$", now.toEpochMilli());
        for (Map<String, AttributeValue> item : query(QUEUE, "0", upTo, true, Math.max(0, limit), i -> true,
                "read the queued notification retries")) {
            try {
                // Whoever deletes it sends it: another function taking at the same moment gets the condition's refusal.
                dynamo.deleteItem(b -> b.tableName(table).key(StoreKeys.key(QUEUE, item.get(SK).s()))
                        .conditionExpression("attribute_exists(#pk)").expressionAttributeNames(DynamoDbTable.PK_NAME));
            } catch (ConditionalCheckFailedException takenByAnother) {
                continue;
            } catch (SdkException e) {
                throw errors.translate("take a queued notification retry", e);
            }
            AttributeValue user = item.get("user");
            taken.add(new PendingDelivery(item.get("deliveryId").s(),
                    user == null ? null : new ProjectRef(user.s(), item.get("project").s()), item.get("channelId").s(),
                    item.get("event").s(), item.get("subject").s(), item.get("body").b().asByteArray(),
                    (int) number(item, "attempt"), Instant.parse(item.get("due").s())));
        }
        return taken;
    }

    // ---- requests ----

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, String action) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private void put(Map<String, AttributeValue> item, String condition, String action) {
        try {
            dynamo.putItem(b -> {
                b.tableName(table).item(item);
                if (condition != null) {
                    b.conditionExpression(condition).expressionAttributeNames(DynamoDbTable.PK_NAME);
                }
            });
        } catch (ConditionalCheckFailedException exists) {
            throw new com.wfp.workflow.error.DomainException("store.constraint", 409, "An item to " + action
                    + " exists already", "Try again: a new one gets a new id.", exists);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    /**
     * The items of one partition, optionally between two sort keys (both inclusive), ascending or
     * descending, those {@code keep} accepts, at most {@code limit}, read page by page.
     */
    private List<Map<String, AttributeValue>> query(String partition, String from, String to, boolean ascending,
                                                    int limit, Predicate<Map<String, AttributeValue>> keep,
                                                    String action) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (limit == 0) {
            return items;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(partition));
        String condition = "#pk = :pk";
        if (from != null) {
            condition += " AND #sk BETWEEN :from AND :to";
            values.put(":from", s(from));
            values.put(":to", s(to));
        }
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression(condition)
                        .expressionAttributeNames(from == null ? Map.of("#pk", PK) : Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(values).scanIndexForward(ascending);
                if (start != null) {
                    request.exclusiveStartKey(start);
                }
                QueryResponse page = dynamo.query(request.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    if (keep.test(item)) {
                        items.add(item);
                        if (items.size() >= limit) {
                            return items;
                        }
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
        return items;
    }

    private static WorkflowRef ref(String path) {
        String[] parts = path.split("/", 3);
        return new WorkflowRef(parts[0], parts[1], parts[2]);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : (long) Double.parseDouble(value.n());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? "" : value.s();
    }

}
