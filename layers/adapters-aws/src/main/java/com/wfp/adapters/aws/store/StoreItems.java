package com.wfp.adapters.aws.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.deployment.StepRecord;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.wfp.adapters.aws.store.StoreKeys.CREATED_ORDER;
import static com.wfp.adapters.aws.store.StoreKeys.PK;
import static com.wfp.adapters.aws.store.StoreKeys.SK;
import static com.wfp.adapters.aws.store.StoreKeys.STATE_KEY;

/**
 * The item forms of the domain values. Scalars are plain attributes so that items stay readable
 * in the console and usable in condition expressions; step records and failures are native
 * DynamoDB lists and maps, and so are a rollout's plan and statistics. Routing configs are stored as the JSON the platform's own Jackson
 * binding of {@link RoutingConfig} writes (the form its tests pin down), next to a numeric
 * {@code revision} attribute the compare-and-set conditions test. Routings stored before they
 * carried a layout have no {@code layout} field and read back with the default one.
 *
 * <p>Reading an item that does not decode into a valid value fails with 500 {@code store.corrupt}
 * naming the item, never with the 400 the domain constructors would throw for user input.
 */
final class StoreItems {

    /** Attribute naming what an item is, for people reading the table. */
    static final String KIND = "kind";
    static final String USER = "user";
    static final String PROJECT = "project";
    static final String WORKFLOW = "workflow";
    static final String SEQ = "seq";
    static final String REVISION = "revision";
    static final String RELEASE_ID = "releaseId";
    static final String VERSION_NAME = "versionName";
    static final String DEPLOYMENT_ID = "deploymentId";
    static final String STATE = "state";
    static final String CURRENT_STEP = "currentStep";
    static final String STEPS = "steps";
    static final String FAILURE = "failure";
    static final String LAST_SEQ = "lastSeq";
    static final String NEXT = "next";
    static final String VERSION = "version";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreItems() {
    }

    // ---- drafts ----

    static Map<String, AttributeValue> draft(Draft draft) {
        Map<String, AttributeValue> item = keyed(StoreKeys.draft(draft.ref()), "draft", draft.ref());
        item.put("definition", s(draft.definition()));
        item.put("sha256", s(draft.sha256()));
        item.put("savedBy", s(draft.savedBy()));
        item.put("savedAt", s(draft.savedAt().toString()));
        return item;
    }

    static Draft draft(Map<String, AttributeValue> item) {
        return decode(item, () -> new Draft(ref(item), string(item, "definition"), string(item, "sha256"),
                string(item, "savedBy"), Instant.parse(string(item, "savedAt"))));
    }

    // ---- releases ----

    /** The release in its workflow's partition, where listings find it in sequence order. */
    static Map<String, AttributeValue> release(Release release) {
        return release(release, StoreKeys.release(release.ref(), release.seq()), "release");
    }

    /** The same release under its id, where a read by id finds it in one request. */
    static Map<String, AttributeValue> releaseById(Release release) {
        return release(release, StoreKeys.releaseId(release.id()), "release-by-id");
    }

    private static Map<String, AttributeValue> release(Release release, Map<String, AttributeValue> key, String kind) {
        Map<String, AttributeValue> item = keyed(key, kind, release.ref());
        item.put("id", s(release.id().value()));
        item.put(SEQ, n(release.seq()));
        item.put(VERSION_NAME, s(release.versionName()));
        item.put("notes", s(release.notes()));
        item.put("definition", s(release.definition()));
        item.put("sha256", s(release.sha256()));
        item.put("validationReport", s(release.validationReport()));
        item.put("createdBy", s(release.createdBy()));
        item.put("createdAt", s(release.createdAt().toString()));
        return item;
    }

    static Release release(Map<String, AttributeValue> item) {
        return decode(item, () -> new Release(new ReleaseId(string(item, "id")), ref(item), number(item, SEQ),
                string(item, VERSION_NAME), string(item, "notes"), string(item, "definition"), string(item, "sha256"),
                string(item, "validationReport"), string(item, "createdBy"), Instant.parse(string(item, "createdAt"))));
    }

    /** The counter item after assigning {@code seq}. */
    static Map<String, AttributeValue> lastSeq(WorkflowRef ref, long seq) {
        Map<String, AttributeValue> item = keyed(StoreKeys.lastSeq(ref), "release-counter", ref);
        item.put(LAST_SEQ, n(seq));
        return item;
    }

    /** The version-name guard: where the release with that name lives. */
    static Map<String, AttributeValue> versionName(Release release) {
        Map<String, AttributeValue> item = keyed(StoreKeys.versionName(release.ref(), release.versionName()),
                "version-name", release.ref());
        item.put(VERSION_NAME, s(release.versionName()));
        item.put(RELEASE_ID, s(release.id().value()));
        item.put(SEQ, n(release.seq()));
        return item;
    }

    /** The key of the release a version-name guard points to. */
    static Map<String, AttributeValue> pointedRelease(Map<String, AttributeValue> guard) {
        return decode(guard, () -> StoreKeys.release(ref(guard), number(guard, SEQ)));
    }

    // ---- routing ----

    static Map<String, AttributeValue> routing(RoutingConfig routing) {
        Map<String, AttributeValue> item = keyed(StoreKeys.routing(routing.ref()), "routing", routing.ref());
        item.put(REVISION, n(routing.revision()));
        item.put("config", s(json(routing)));
        return item;
    }

    static RoutingConfig routing(Map<String, AttributeValue> item) {
        return decode(item, () -> routingJson(string(item, "config")).withRevision(number(item, REVISION)));
    }

    static Map<String, AttributeValue> routingChange(RoutingChange change) {
        Map<String, AttributeValue> item = keyed(StoreKeys.routingChange(change.ref(), change.revision()), "routing-change",
                change.ref());
        item.put(REVISION, n(change.revision()));
        item.put("before", s(json(change.before())));
        item.put("after", s(json(change.after())));
        item.put("by", s(change.by()));
        item.put("at", s(change.at().toString()));
        item.put("why", s(change.why()));
        return item;
    }

    static RoutingChange routingChange(Map<String, AttributeValue> item) {
        return decode(item, () -> new RoutingChange(ref(item), number(item, REVISION), routingJson(string(item, "before")),
                routingJson(string(item, "after")), string(item, "by"), Instant.parse(string(item, "at")),
                string(item, "why")));
    }

    private static String json(RoutingConfig routing) {
        try {
            return JSON.writeValueAsString(routing);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A routing config could not be written as JSON", e);
        }
    }

    private static RoutingConfig routingJson(String json) {
        try {
            return JSON.readValue(json, RoutingConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable routing JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---- deployments ----

    static Map<String, AttributeValue> deployment(Deployment d, long createdOrder) {
        Map<String, AttributeValue> item = keyed(StoreKeys.deployment(d.id()), "deployment", d.ref());
        item.put("id", s(d.id().value()));
        item.put(VERSION_NAME, s(d.versionName()));
        item.put("strategy", s(d.strategy().text()));
        item.put("createdBy", s(d.createdBy()));
        item.put("createdAt", s(d.createdAt().toString()));
        if (d.idempotencyKey() != null) {
            item.put("idempotencyKey", s(d.idempotencyKey()));
        }
        item.put(CREATED_ORDER, s(StoreKeys.padded(createdOrder)));
        progress(d).forEach((name, value) -> {
            if (value != null) {
                item.put(name, value);
            }
        });
        return item;
    }

    /**
     * The attributes a deployment's progress replaces: release, state (and the index key that
     * follows it), current step, steps and failure. A null value means "remove the attribute".
     */
    static Map<String, AttributeValue> progress(Deployment d) {
        Map<String, AttributeValue> progress = new HashMap<>();
        progress.put(RELEASE_ID, d.releaseId() == null ? null : s(d.releaseId().value()));
        progress.put(STATE, s(d.state().name()));
        progress.put(STATE_KEY, s(StoreKeys.stateKey(d.state())));
        progress.put(CURRENT_STEP, s(d.currentStep().name()));
        progress.put(STEPS, AttributeValue.fromL(d.steps().stream().map(StoreItems::step).toList()));
        progress.put(FAILURE, d.failure() == null ? null : failure(d.failure()));
        return progress;
    }

    static Deployment deployment(Map<String, AttributeValue> item) {
        return decode(item, () -> new Deployment(new DeploymentId(string(item, "id")), ref(item),
                item.containsKey(RELEASE_ID) ? new ReleaseId(string(item, RELEASE_ID)) : null,
                string(item, VERSION_NAME), PublishStrategy.parse(string(item, "strategy")),
                DeploymentState.valueOf(string(item, STATE)), DeploymentStep.valueOf(string(item, CURRENT_STEP)),
                steps(attribute(item, STEPS)), string(item, "createdBy"), Instant.parse(string(item, "createdAt")),
                optionalString(item, "idempotencyKey"),
                item.containsKey(FAILURE) ? failure(attribute(item, FAILURE)) : null));
    }

    static Map<String, AttributeValue> deploymentPointer(Deployment d, long createdOrder) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.deploymentPointer(d.ref(), createdOrder));
        item.put(KIND, s("deployment-pointer"));
        item.put(DEPLOYMENT_ID, s(d.id().value()));
        return item;
    }

    static Map<String, AttributeValue> idempotencyGuard(Deployment d) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.idempotencyKey(d.createdBy(), d.idempotencyKey()));
        item.put(KIND, s("idempotency-key"));
        item.put(DEPLOYMENT_ID, s(d.id().value()));
        return item;
    }

    private static AttributeValue step(StepRecord step) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("step", s(step.step().name()));
        m.put("startedAt", s(step.startedAt().toString()));
        if (step.endedAt() != null) {
            m.put("endedAt", s(step.endedAt().toString()));
        }
        m.put("outcome", s(step.outcome().name()));
        if (step.error() != null) {
            m.put("error", s(step.error()));
        }
        return AttributeValue.fromM(m);
    }

    private static List<StepRecord> steps(AttributeValue list) {
        List<StepRecord> steps = new ArrayList<>();
        for (AttributeValue value : list.l()) {
            Map<String, AttributeValue> m = value.m();
            String endedAt = optionalString(m, "endedAt");
            steps.add(new StepRecord(DeploymentStep.valueOf(string(m, "step")), Instant.parse(string(m, "startedAt")),
                    endedAt == null ? null : Instant.parse(endedAt), StepOutcome.valueOf(string(m, "outcome")),
                    optionalString(m, "error")));
        }
        return steps;
    }

    private static AttributeValue failure(DeploymentFailure failure) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("step", s(failure.step().name()));
        m.put("code", s(failure.code()));
        m.put("message", s(failure.message()));
        m.put("hint", s(failure.hint()));
        if (failure.details() != null) {
            m.put("details", s(failure.details()));
        }
        return AttributeValue.fromM(m);
    }

    private static DeploymentFailure failure(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        return new DeploymentFailure(DeploymentStep.valueOf(string(m, "step")), string(m, "code"), string(m, "message"),
                string(m, "hint"), optionalString(m, "details"));
    }

    // ---- rollouts ----

    /** The workflow's rollout; {@code kind} tells the copy in the active partition from the item itself. */
    static Map<String, AttributeValue> rollout(RolloutState state, Map<String, AttributeValue> key, String kind) {
        Map<String, AttributeValue> item = keyed(key, kind, state.ref());
        item.put(VERSION, n(state.version()));
        item.put(STATE, s(state.status().name()));
        item.put("candidate", s(state.candidate().value()));
        item.put("previous", s(state.previous().value()));
        item.put("plan", plan(state.plan()));
        item.put("stepIndex", n(state.stepIndex()));
        item.put("stepStartedAt", s(state.stepStartedAt().toString()));
        item.put(REVISION, n(state.routingRevision()));
        if (state.lastStats() != null) {
            WindowStats stats = state.lastStats();
            item.put("lastStats", AttributeValue.fromM(Map.of("requests", n(stats.requests()),
                    "errors", n(stats.errors()), "p95Ms", decimal(stats.p95Ms()))));
        }
        item.put("reason", s(state.reason()));
        item.put("startedBy", s(state.startedBy()));
        item.put("updatedAt", s(state.updatedAt().toString()));
        return item;
    }

    static RolloutState rollout(Map<String, AttributeValue> item) {
        return decode(item, () -> {
            WindowStats stats = null;
            if (item.containsKey("lastStats")) {
                Map<String, AttributeValue> m = attribute(item, "lastStats").m();
                stats = new WindowStats(number(m, "requests"), number(m, "errors"), decimal(m, "p95Ms"));
            }
            return new RolloutState(ref(item), number(item, VERSION), plan(attribute(item, "plan")),
                    new ReleaseId(string(item, "candidate")), new ReleaseId(string(item, "previous")),
                    RolloutStatus.valueOf(string(item, STATE)), Math.toIntExact(number(item, "stepIndex")),
                    Instant.parse(string(item, "stepStartedAt")), number(item, REVISION), stats, string(item, "reason"),
                    string(item, "startedBy"), Instant.parse(string(item, "updatedAt")));
        });
    }

    /** Durations as ISO-8601 text ("PT1M30.25S"), which keeps every nanosecond. */
    private static AttributeValue plan(RolloutPlan plan) {
        RolloutGuard guard = plan.guard();
        return AttributeValue.fromM(Map.of(
                "candidateVersion", s(plan.candidateVersion()),
                "steps", AttributeValue.fromL(plan.steps().stream().map(step -> n(step)).toList()),
                "interval", s(plan.interval().toString()),
                "guard", AttributeValue.fromM(Map.of(
                        "maxErrorRate", decimal(guard.maxErrorRate()),
                        "maxP95Ms", decimal(guard.maxP95Ms()),
                        "minRequests", n(guard.minRequests()),
                        "window", s(guard.window().toString())))));
    }

    private static RolloutPlan plan(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        Map<String, AttributeValue> guard = attribute(m, "guard").m();
        List<Integer> steps = new ArrayList<>();
        for (AttributeValue step : attribute(m, "steps").l()) {
            steps.add(Integer.parseInt(step.n()));
        }
        return new RolloutPlan(string(m, "candidateVersion"), steps, Duration.parse(string(m, "interval")),
                new RolloutGuard(decimal(guard, "maxErrorRate"), decimal(guard, "maxP95Ms"), number(guard, "minRequests"),
                        Duration.parse(string(guard, "window"))));
    }

    /** A double as a DynamoDB number: plain decimal digits, which read back as the same double. */
    private static AttributeValue decimal(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
    }

    private static double decimal(Map<String, AttributeValue> item, String name) {
        String value = attribute(item, name).n();
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is not a number");
        }
        return Double.parseDouble(value);
    }

    // ---- attributes ----

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** An item with its key, its kind and the workflow it belongs to. */
    private static Map<String, AttributeValue> keyed(Map<String, AttributeValue> key, String kind, WorkflowRef ref) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(KIND, s(kind));
        item.put(USER, s(ref.user()));
        item.put(PROJECT, s(ref.project()));
        item.put(WORKFLOW, s(ref.workflow()));
        return item;
    }

    static WorkflowRef ref(Map<String, AttributeValue> item) {
        return new WorkflowRef(string(item, USER), string(item, PROJECT), string(item, WORKFLOW));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        String value = attribute(item, name).s();
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is not a string");
        }
        return value;
    }

    static long number(Map<String, AttributeValue> item, String name) {
        String value = attribute(item, name).n();
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is not a number");
        }
        return Long.parseLong(value);
    }

    private static String optionalString(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? string(item, name) : null;
    }

    private static AttributeValue attribute(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is missing");
        }
        return value;
    }

    /** Decodes an item, turning any failure into {@code store.corrupt} that names the item. */
    static <T> T decode(Map<String, AttributeValue> item, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (RuntimeException e) {
            throw new DomainException("store.corrupt", 500,
                    "The stored item " + describe(item) + " could not be read: " + e.getMessage(),
                    "The item was changed outside the platform; restore it from the table's point-in-time backup.", e);
        }
    }

    static String describe(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(PK);
        AttributeValue sk = item.get(SK);
        return "(pk '" + (pk == null ? "?" : pk.s()) + "', sk '" + (sk == null ? "?" : sk.s()) + "')";
    }
}
