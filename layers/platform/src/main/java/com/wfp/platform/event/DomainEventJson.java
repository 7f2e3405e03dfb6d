package com.wfp.platform.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The JSON form of {@link DomainEvent}s, the one every transport carries (EventBridge details,
 * queue messages, logs), read and written here only. Version 1:
 *
 * <pre>{@code
 * {"v":1, "type":"TrafficChanged",
 *  "ref":{"user":"alice","project":"shop","workflow":"orders"}, "at":"2026-01-15T10:00:00.123Z",
 *  ...the fields of the type}
 * }</pre>
 *
 * <table>
 *   <caption>Fields per type</caption>
 *   <tr><th>type</th><th>fields</th></tr>
 *   <tr><td>{@code Published}</td><td>{@code deploymentId}, {@code releaseId}, {@code versionName},
 *       {@code strategy} ({@code all}, {@code staged}, {@code canary:N}), {@code routingRevision}</td></tr>
 *   <tr><td>{@code TrafficChanged}</td><td>{@code routing} (the routing config as its own JSON binding
 *       writes it; its {@code layout} of {@code releaseId}, {@code start}, {@code end} segments may be
 *       absent, as in events written before routings had one, and then reads as the default),
 *       {@code by}, {@code why} (may be null)</td></tr>
 *   <tr><td>{@code RolledBack}</td><td>{@code fromRelease} (null when nothing had traffic),
 *       {@code toRelease}, {@code by}</td></tr>
 *   <tr><td>{@code DeploymentFailed}</td><td>{@code deploymentId}, {@code failure}: {@code step},
 *       {@code code}, {@code message}, {@code hint}, {@code details} (JSON text or null)</td></tr>
 *   <tr><td>{@code DeploymentProgress}</td><td>{@code deploymentId}, {@code step}, {@code outcome},
 *       {@code percentDone}, {@code etaMs}</td></tr>
 *   <tr><td>{@code AlertFired}, {@code AlertResolved}</td><td>{@code alert}: {@code id}, {@code kind}
 *       ({@code ERROR_RATE}, ...), {@code releaseId} and {@code resolvedAt} (may be null), {@code version},
 *       {@code reason}, {@code firedAt}, {@code resolution}</td></tr>
 * </table>
 *
 * Times are ISO-8601 instants, steps and outcomes their enum names ({@code HEALTH_CHECK},
 * {@code SUCCEEDED}), ids their text. The names are part of the format: renaming a Java type or
 * field does not change them. A reader ignores fields it does not know, so version 1 may gain
 * fields; removing or changing one needs version 2.
 *
 * <p>Both directions fail with a {@link DomainException} that names the problem: reading with 400
 * ({@code events.invalid-json}, {@code events.unsupported-version}, {@code events.unknown-type},
 * {@code events.invalid-event}), writing an event that lacks a required field with 500
 * {@code events.incomplete-event}. Whatever {@link #write} accepts, {@link #read} gives back equal.
 */
public final class DomainEventJson {

    /** The version this codec writes and the only one it reads. */
    public static final int VERSION = 1;

    public static final String PUBLISHED = "Published";
    public static final String TRAFFIC_CHANGED = "TrafficChanged";
    public static final String ROLLED_BACK = "RolledBack";
    public static final String DEPLOYMENT_FAILED = "DeploymentFailed";
    public static final String DEPLOYMENT_PROGRESS = "DeploymentProgress";
    public static final String ALERT_FIRED = "AlertFired";
    public static final String ALERT_RESOLVED = "AlertResolved";

    /** Every type name, in the order of {@link DomainEvent}'s permitted subtypes. */
    public static final List<String> TYPES = List.of(PUBLISHED, TRAFFIC_CHANGED, ROLLED_BACK, DEPLOYMENT_FAILED,
            DEPLOYMENT_PROGRESS, ALERT_FIRED, ALERT_RESOLVED);

    // Routing configs may gain fields within version 1; an older reader must still accept them.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DomainEventJson() {
    }

    /** The type name the JSON form carries, such as {@code TrafficChanged}. */
    public static String type(DomainEvent event) {
        return switch (Objects.requireNonNull(event, "event")) {
            case DomainEvent.Published p -> PUBLISHED;
            case DomainEvent.TrafficChanged t -> TRAFFIC_CHANGED;
            case DomainEvent.RolledBack r -> ROLLED_BACK;
            case DomainEvent.DeploymentFailed f -> DEPLOYMENT_FAILED;
            case DomainEvent.DeploymentProgress p -> DEPLOYMENT_PROGRESS;
            case DomainEvent.AlertFired f -> ALERT_FIRED;
            case DomainEvent.AlertResolved r -> ALERT_RESOLVED;
        };
    }

    /**
     * The event as one line of JSON.
     *
     * @throws DomainException 500 {@code events.incomplete-event} when a field the format
     *                         requires is null
     */
    public static String write(DomainEvent event) {
        String type = type(event);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("v", VERSION);
        root.put("type", type);
        WorkflowRef ref = required(event.ref(), "ref", type);
        root.putObject("ref").put("user", ref.user()).put("project", ref.project()).put("workflow", ref.workflow());
        root.put("at", required(event.at(), "at", type).toString());
        switch (event) {
            case DomainEvent.Published p -> {
                root.put("deploymentId", required(p.deploymentId(), "deploymentId", type).value());
                root.put("releaseId", required(p.releaseId(), "releaseId", type).value());
                root.put("versionName", required(p.versionName(), "versionName", type));
                root.put("strategy", required(p.strategy(), "strategy", type).text());
                root.put("routingRevision", p.routingRevision());
            }
            case DomainEvent.TrafficChanged t -> {
                root.set("routing", MAPPER.valueToTree(required(t.routing(), "routing", type)));
                root.put("by", required(t.by(), "by", type));
                root.put("why", t.why());
            }
            case DomainEvent.RolledBack r -> {
                root.put("fromRelease", r.fromRelease() == null ? null : r.fromRelease().value());
                root.put("toRelease", required(r.toRelease(), "toRelease", type).value());
                root.put("by", required(r.by(), "by", type));
            }
            case DomainEvent.DeploymentFailed f -> {
                root.put("deploymentId", required(f.deploymentId(), "deploymentId", type).value());
                DeploymentFailure failure = required(f.failure(), "failure", type);
                root.putObject("failure")
                        .put("step", failure.step().name())
                        .put("code", failure.code())
                        .put("message", failure.message())
                        .put("hint", failure.hint())
                        .put("details", failure.details());
            }
            case DomainEvent.DeploymentProgress p -> {
                root.put("deploymentId", required(p.deploymentId(), "deploymentId", type).value());
                root.put("step", required(p.step(), "step", type).name());
                root.put("outcome", required(p.outcome(), "outcome", type).name());
                root.put("percentDone", p.percentDone());
                root.put("etaMs", p.etaMs());
            }
            case DomainEvent.AlertFired f -> writeAlert(root, required(f.alert(), "alert", type));
            case DomainEvent.AlertResolved r -> writeAlert(root, required(r.alert(), "alert", type));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    /**
     * The event a JSON form written by {@link #write} describes.
     *
     * @throws DomainException 400 naming the problem: not JSON, another version, an unknown
     *                         type, or a field missing or invalid
     */
    public static DomainEvent read(String json) {
        JsonNode root;
        try {
            root = json == null ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DomainException("events.invalid-json", 400,
                    "An event is not valid JSON: " + e.getOriginalMessage(),
                    "Send the JSON that DomainEventJson.write produced, unchanged.", e);
        }
        if (root == null || !root.isObject()) {
            throw new DomainException("events.invalid-json", 400,
                    "An event must be a JSON object, got " + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType()),
                    "Send the JSON that DomainEventJson.write produced, unchanged.");
        }
        JsonNode version = root.path("v");
        if (!version.isIntegralNumber() || version.asInt() != VERSION) {
            throw new DomainException("events.unsupported-version", 400,
                    "An event has version " + (version.isMissingNode() ? "(none)" : abbreviate(version.toString()))
                            + "; this platform reads version " + VERSION + " only",
                    "Upgrade the consumer to the platform version that publishes these events, or publish"
                            + " with the version the consumer reads.");
        }
        JsonNode typeNode = root.path("type");
        String type = typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null || !TYPES.contains(type)) {
            throw new DomainException("events.unknown-type", 400,
                    "An event has type " + (typeNode.isMissingNode() ? "(none)" : abbreviate(typeNode.toString()))
                            + "; the known types are " + String.join(", ", TYPES),
                    "Upgrade the consumer if a newer platform publishes this type, or ignore events whose"
                            + " type it does not handle.");
        }
        Fields fields = new Fields(root, type, "");
        WorkflowRef ref = fields.ref();
        Instant at = fields.instant("at");
        return switch (type) {
            case PUBLISHED -> new DomainEvent.Published(ref, at,
                    fields.required("deploymentId", DeploymentId::new),
                    fields.required("releaseId", ReleaseId::new),
                    fields.required("versionName", Function.identity()),
                    fields.required("strategy", PublishStrategy::parse),
                    fields.longNumber("routingRevision"));
            case TRAFFIC_CHANGED -> new DomainEvent.TrafficChanged(ref, at,
                    fields.routing("routing"),
                    fields.required("by", Function.identity()),
                    fields.optional("why", Function.identity()));
            case ROLLED_BACK -> new DomainEvent.RolledBack(ref, at,
                    fields.optional("fromRelease", ReleaseId::new),
                    fields.required("toRelease", ReleaseId::new),
                    fields.required("by", Function.identity()));
            case DEPLOYMENT_FAILED -> new DomainEvent.DeploymentFailed(ref, at,
                    fields.required("deploymentId", DeploymentId::new),
                    fields.failure("failure"));
            case DEPLOYMENT_PROGRESS -> new DomainEvent.DeploymentProgress(ref, at,
                    fields.required("deploymentId", DeploymentId::new),
                    fields.constant("step", DeploymentStep.class),
                    fields.constant("outcome", StepOutcome.class),
                    fields.intNumber("percentDone"),
                    fields.longNumber("etaMs"));
            case ALERT_FIRED -> new DomainEvent.AlertFired(ref, at, fields.alert("alert", ref));
            case ALERT_RESOLVED -> new DomainEvent.AlertResolved(ref, at, fields.alert("alert", ref));
            default -> throw new IllegalStateException("Type " + type + " is listed but not read");
        };
    }

    private static void writeAlert(ObjectNode root, Alert alert) {
        root.putObject("alert")
                .put("id", alert.id())
                .put("kind", alert.kind().name())
                .put("releaseId", alert.releaseId() == null ? null : alert.releaseId().value())
                .put("version", alert.version())
                .put("reason", alert.reason())
                .put("firedAt", alert.firedAt().toString())
                .put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString())
                .put("resolution", alert.resolution());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static <T> T required(T value, String field, String type) {
        if (value == null) {
            throw new DomainException("events.incomplete-event", 500,
                    "The " + type + " event has no '" + field + "', which its JSON form requires",
                    "Create the event with every field set; only documented fields may be null.");
        }
        return value;
    }

    /**
     * Reads the fields of one object of an event, naming the type and the field's path in every error.
     *
     * @param path the path of {@code node} in the event, such as {@code "failure."}; empty at the top
     */
    private record Fields(JsonNode node, String type, String path) {

        WorkflowRef ref() {
            JsonNode ref = node.path("ref");
            if (!ref.isObject()) {
                throw missing("ref");
            }
            Fields parts = new Fields(ref, type, path + "ref.");
            String user = parts.required("user", Function.identity());
            String project = parts.required("project", Function.identity());
            String workflow = parts.required("workflow", Function.identity());
            return convert("ref", () -> new WorkflowRef(user, project, workflow));
        }

        Instant instant(String field) {
            return required(field, Instant::parse);
        }

        <T> T required(String field, Function<String, T> parse) {
            T value = optional(field, parse);
            if (value == null) {
                throw missing(field);
            }
            return value;
        }

        <T> T optional(String field, Function<String, T> parse) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw invalid(field, "must be a string, got " + value.getNodeType(), null);
            }
            return convert(field, () -> parse.apply(value.asText()));
        }

        <E extends Enum<E>> E constant(String field, Class<E> enumType) {
            String name = required(field, Function.identity());
            E[] constants = enumType.getEnumConstants();
            return Arrays.stream(constants).filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> invalid(field, "is '" + abbreviate(name) + "'; it must be one of "
                            + Arrays.toString(constants), null));
        }

        long longNumber(String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                throw missing(field);
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw invalid(field, "must be a whole number, got " + abbreviate(value.toString()), null);
            }
            return value.asLong();
        }

        int intNumber(String field) {
            long value = longNumber(field);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw invalid(field, "is out of range: " + value, null);
            }
            return (int) value;
        }

        RoutingConfig routing(String field) {
            JsonNode value = node.path(field);
            if (!value.isObject()) {
                throw missing(field);
            }
            return convert(field, () -> {
                try {
                    return MAPPER.treeToValue(value, RoutingConfig.class);
                } catch (JsonProcessingException e) {
                    // Jackson wraps what the record's constructor threw; that is the message worth showing.
                    throw e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalArgumentException(e.getOriginalMessage(), e);
                }
            });
        }

        DeploymentFailure failure(String field) {
            JsonNode value = node.path(field);
            if (!value.isObject()) {
                throw missing(field);
            }
            Fields failure = new Fields(value, type, path + field + ".");
            DeploymentStep step = failure.constant("step", DeploymentStep.class);
            String code = failure.required("code", Function.identity());
            String message = failure.required("message", Function.identity());
            String hint = failure.optional("hint", Function.identity());
            String details = failure.optional("details", Function.identity());
            return convert(field, () -> new DeploymentFailure(step, code, message, hint, details));
        }

        Alert alert(String field, WorkflowRef ref) {
            JsonNode value = node.path(field);
            if (!value.isObject()) {
                throw missing(field);
            }
            Fields alert = new Fields(value, type, path + field + ".");
            String id = alert.required("id", Function.identity());
            AlertKind kind = alert.constant("kind", AlertKind.class);
            ReleaseId releaseId = alert.optional("releaseId", ReleaseId::new);
            String version = alert.optional("version", Function.identity());
            String reason = alert.optional("reason", Function.identity());
            Instant firedAt = alert.instant("firedAt");
            Instant resolvedAt = alert.optional("resolvedAt", Instant::parse);
            String resolution = alert.optional("resolution", Function.identity());
            return convert(field, () -> new Alert(id, ref, kind, releaseId, version, reason, firedAt, resolvedAt,
                    resolution));
        }

        private <T> T convert(String field, Supplier<T> conversion) {
            try {
                return conversion.get();
            } catch (DomainException e) {
                throw invalid(field, "is invalid: " + e.getMessage(), e);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw invalid(field, "is invalid: " + e.getMessage(), e);
            }
        }

        private DomainException missing(String field) {
            return new DomainException("events.invalid-event", 400,
                    "The " + type + " event has no '" + path + field + "'",
                    "Send the JSON that DomainEventJson.write produced, unchanged.");
        }

        private DomainException invalid(String field, String problem, Throwable cause) {
            return new DomainException("events.invalid-event", 400,
                    "The '" + path + field + "' of the " + type + " event " + problem,
                    "Send the JSON that DomainEventJson.write produced, unchanged.", cause);
        }
    }
}
