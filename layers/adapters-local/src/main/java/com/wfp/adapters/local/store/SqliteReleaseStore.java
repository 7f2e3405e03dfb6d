package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.rollout.StaleRolloutException;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.UnknownReleaseException;
import com.wfp.workflow.error.DomainException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.wfp.adapters.local.sqlite.SqliteRows.all;
import static com.wfp.adapters.local.sqlite.SqliteRows.first;

/**
 * {@link ReleaseStore} on one SQLite database file ({@link SqliteDatabase}: one guarded
 * connection, WAL, full sync, {@code BEGIN IMMEDIATE} writes). Every read-then-write (the next
 * sequence number, the routing and rollout compare-and-sets, the publish commit) runs inside one
 * write transaction, so it is atomic across threads and processes sharing the file. Releases have
 * no UPDATE path here, and triggers in the schema refuse any UPDATE or DELETE of a release. Each
 * workflow's latest rollout is one row of {@code rollouts}, replaced in place.
 */
public final class SqliteReleaseStore implements ReleaseStore, AutoCloseable {

    /** The component name of this store's migrations in {@code schema_version}. */
    public static final String SCHEMA_COMPONENT = "release-store";
    /** How long a writer waits for another process's transaction before giving up. */
    public static final int BUSY_TIMEOUT_MS = SqliteDatabase.BUSY_TIMEOUT_MS;

    private static final String REF_WHERE = "user_slug = ? AND project_slug = ? AND workflow_slug = ?";
    private static final String RELEASE_COLUMNS = "id, user_slug, project_slug, workflow_slug, seq, version_name, notes, "
            + "definition, sha256, validation_report, created_by, created_at";
    private static final String ROLLOUT_COLUMNS = "user_slug, project_slug, workflow_slug, version, status, candidate_id, "
            + "previous_id, plan, step_index, step_started_at, routing_revision, last_stats, reason, started_by, updated_at";
    private static final String DEPLOYMENT_COLUMNS = "id, user_slug, project_slug, workflow_slug, release_id, version_name, "
            + "strategy, state, current_step, steps, created_by, created_at, idempotency_key, failure";

    private final SqliteDatabase db;
    private final Clock clock;
    private final boolean ownsDatabase;

    /** Opens (creating when missing) the database file and brings its schema up to date. */
    public SqliteReleaseStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** As {@link #SqliteReleaseStore(Path)}, stamping routing changes and interruptions with {@code clock}. */
    public SqliteReleaseStore(Path file, Clock clock) {
        this(new SqliteDatabase(file, clock), clock, true);
    }

    /** A store in a database shared with other adapters; closing the store leaves the database open. */
    public SqliteReleaseStore(SqliteDatabase db, Clock clock) {
        this(db, clock, false);
    }

    private SqliteReleaseStore(SqliteDatabase db, Clock clock, boolean ownsDatabase) {
        this.db = db;
        this.clock = clock;
        this.ownsDatabase = ownsDatabase;
        try {
            db.migrate(SCHEMA_COMPONENT, ReleaseStoreSchema.MIGRATIONS);
        } catch (RuntimeException e) {
            if (ownsDatabase) {
                db.close();
            }
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    /** The database this store lives in. */
    public SqliteDatabase database() {
        return db;
    }

    /** The schema version of this store in the file. */
    public int schemaVersion() {
        return db.schemaVersion(SCHEMA_COMPONENT);
    }

    /** The result of {@code PRAGMA integrity_check}: {@code ok} for a sound file. */
    public String integrityCheck() {
        return db.integrityCheck();
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            db.close();
        }
    }

    // ---- drafts ----

    @Override
    public Draft saveDraft(Draft draft) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO drafts (user_slug, project_slug, workflow_slug, definition, sha256, saved_by, saved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_slug, project_slug, workflow_slug) DO UPDATE SET
                      definition = excluded.definition, sha256 = excluded.sha256,
                      saved_by = excluded.saved_by, saved_at = excluded.saved_at""")) {
                int i = bindRef(ps, 1, draft.ref());
                ps.setString(i++, draft.definition());
                ps.setString(i++, draft.sha256());
                ps.setString(i++, draft.savedBy());
                ps.setString(i, draft.savedAt().toString());
                ps.executeUpdate();
            }
            return draft;
        });
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT definition, sha256, saved_by, saved_at FROM drafts WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Draft(ref, rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.parse(rs.getString(4))));
                }
            }
        });
    }

    // ---- releases ----

    @Override
    public Release createRelease(NewRelease request) {
        return db.write(c -> {
            WorkflowRef ref = request.ref();
            if (findReleaseByVersion(c, ref, request.versionName()).isPresent()) {
                List<String> names = findReleases(c, ref).stream().map(Release::versionName).toList();
                throw new VersionExistsException(ref, request.versionName(), names, null);
            }
            long seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM releases WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            Release release = request.toRelease(ReleaseId.newId(), seq);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO releases (" + RELEASE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, release.id().value());
                int i = bindRef(ps, 2, ref);
                ps.setLong(i++, release.seq());
                ps.setString(i++, release.versionName());
                ps.setString(i++, release.notes());
                ps.setString(i++, release.definition());
                ps.setString(i++, release.sha256());
                ps.setString(i++, release.validationReport());
                ps.setString(i++, release.createdBy());
                ps.setString(i, release.createdAt().toString());
                ps.executeUpdate();
            }
            return release;
        });
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE id = ?")) {
                ps.setString(1, id.value());
                return first(ps, SqliteReleaseStore::releaseRow);
            }
        });
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return db.read(c -> findReleases(c, ref));
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return db.read(c -> findReleaseByVersion(c, ref, versionName));
    }

    @Override
    public List<Release> routedReleases(String user) {
        return db.read(c -> {
            List<RoutingConfig> configs;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_slug, project_slug, workflow_slug, config FROM routing WHERE user_slug = ?"
                            + " ORDER BY project_slug, workflow_slug")) {
                ps.setString(1, user);
                configs = all(ps, rs -> StoredJson.routing(refRow(rs, 1), rs.getString(4)));
            }
            List<Release> routed = new ArrayList<>();
            for (RoutingConfig config : configs) {
                Set<ReleaseId> ids = config.referencedReleases();
                findReleases(c, config.ref()).stream().filter(r -> ids.contains(r.id())).forEach(routed::add);
            }
            return routed;
        });
    }

    private static List<Release> findReleases(Connection c, WorkflowRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " ORDER BY seq DESC")) {
            bindRef(ps, 1, ref);
            return all(ps, SqliteReleaseStore::releaseRow);
        }
    }

    private static Optional<Release> findReleaseByVersion(Connection c, WorkflowRef ref, String versionName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " AND version_name = ?")) {
            int i = bindRef(ps, 1, ref);
            ps.setString(i, versionName);
            return first(ps, SqliteReleaseStore::releaseRow);
        }
    }

    private static Release releaseRow(ResultSet rs) throws SQLException {
        return new Release(new ReleaseId(rs.getString(1)), refRow(rs, 2), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), Instant.parse(rs.getString(12)));
    }

    // ---- routing ----

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return db.read(c -> findRouting(c, ref));
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return db.write(c -> setRouting(c, ref, expectedRevision, newRouting, by, why));
    }

    private RoutingConfig setRouting(Connection c, WorkflowRef ref, long expectedRevision, RoutingConfig newRouting,
                                     String by, String why) throws SQLException {
        newRouting.requireOf(ref);
        RoutingConfig current = findRouting(c, ref);
        if (current.revision() != expectedRevision) {
            throw new StaleRoutingException(ref, expectedRevision, current.revision());
        }
        requireOwnReleases(c, ref, newRouting.referencedReleases());
        RoutingConfig stored = newRouting.withRevision(expectedRevision + 1);
        RoutingChange change = new RoutingChange(ref, stored.revision(), current, stored, by, clock.instant(), why);
        boolean first = expectedRevision == 0;
        String sql = first
                ? "INSERT INTO routing (config, revision, user_slug, project_slug, workflow_slug) VALUES (?, ?, ?, ?, ?)"
                : "UPDATE routing SET config = ?, revision = ? WHERE " + REF_WHERE + " AND revision = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, StoredJson.routing(stored));
            ps.setLong(2, stored.revision());
            int next = bindRef(ps, 3, ref);
            if (!first) {
                ps.setLong(next, expectedRevision);
            }
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("The routing row of " + ref + " changed inside a write transaction");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO routing_changes (user_slug, project_slug, workflow_slug, revision, before_config, after_config,
                                             changed_by, changed_at, why)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int i = bindRef(ps, 1, ref);
            ps.setLong(i++, change.revision());
            ps.setString(i++, StoredJson.routing(change.before()));
            ps.setString(i++, StoredJson.routing(change.after()));
            ps.setString(i++, change.by());
            ps.setString(i++, change.at().toString());
            ps.setString(i, change.why());
            ps.executeUpdate();
        }
        return stored;
    }

    private static void requireOwnReleases(Connection c, WorkflowRef ref, Set<ReleaseId> ids) throws SQLException {
        for (ReleaseId id : ids) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM releases WHERE id = ? AND " + REF_WHERE)) {
                ps.setString(1, id.value());
                bindRef(ps, 2, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownReleaseException(id, ref);
                    }
                }
            }
        }
    }

    private static RoutingConfig findRouting(Connection c, WorkflowRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT config FROM routing WHERE " + REF_WHERE)) {
            bindRef(ps, 1, ref);
            return first(ps, rs -> StoredJson.routing(ref, rs.getString(1))).orElseGet(() -> RoutingConfig.empty(ref));
        }
    }

    @Override
    public List<RoutingChange> routingHistory(WorkflowRef ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT revision, before_config, after_config, changed_by, changed_at, why FROM routing_changes
                    WHERE\s""" + REF_WHERE + " ORDER BY revision DESC")) {
                bindRef(ps, 1, ref);
                return all(ps, rs -> new RoutingChange(ref, rs.getLong(1), StoredJson.routing(ref, rs.getString(2)),
                        StoredJson.routing(ref, rs.getString(3)), rs.getString(4), Instant.parse(rs.getString(5)),
                        rs.getString(6)));
            }
        });
    }

    // ---- deployments ----

    @Override
    public Deployment createDeployment(Deployment deployment) {
        return db.write(c -> {
            if (deployment.idempotencyKey() != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS
                        + " FROM deployments WHERE created_by = ? AND idempotency_key = ?")) {
                    ps.setString(1, deployment.createdBy());
                    ps.setString(2, deployment.idempotencyKey());
                    Optional<Deployment> existing = first(ps, SqliteReleaseStore::deploymentRow);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployments (" + DEPLOYMENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, deployment.id().value());
                int i = bindRef(ps, 2, deployment.ref());
                ps.setString(i++, deployment.releaseId() == null ? null : deployment.releaseId().value());
                ps.setString(i++, deployment.versionName());
                ps.setString(i++, deployment.strategy().text());
                ps.setString(i++, deployment.state().name());
                ps.setString(i++, deployment.currentStep().name());
                ps.setString(i++, StoredJson.steps(deployment.steps()));
                ps.setString(i++, deployment.createdBy());
                ps.setString(i++, deployment.createdAt().toString());
                ps.setString(i++, deployment.idempotencyKey());
                ps.setString(i, StoredJson.failure(deployment.failure()));
                ps.executeUpdate();
            }
            return deployment;
        });
    }

    @Override
    public Deployment updateDeployment(Deployment deployment) {
        return db.write(c -> storeProgress(c, deployment));
    }

    private static Deployment storeProgress(Connection c, Deployment deployment) throws SQLException {
        Deployment current = findDeployment(c, deployment.id()).orElseThrow(() -> DomainException.notFound(
                "deployment.not-found", "No deployment " + deployment.id(),
                "Use the id returned by publish."));
        if (current.isFinished()) {
            throw DomainException.conflict("deployment.finished",
                    "Deployment " + deployment.id() + " already finished as " + current.state(),
                    "A finished deployment never changes; publish again to start a new one.");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE deployments SET release_id = ?, state = ?, current_step = ?, steps = ?, failure = ?
                WHERE id = ? AND state = 'RUNNING'""")) {
            ps.setString(1, deployment.releaseId() == null ? null : deployment.releaseId().value());
            ps.setString(2, deployment.state().name());
            ps.setString(3, deployment.currentStep().name());
            ps.setString(4, StoredJson.steps(deployment.steps()));
            ps.setString(5, StoredJson.failure(deployment.failure()));
            ps.setString(6, deployment.id().value());
            ps.executeUpdate();
        }
        return findDeployment(c, deployment.id()).orElseThrow();
    }

    @Override
    public Optional<Deployment> deployment(DeploymentId id) {
        return db.read(c -> findDeployment(c, id));
    }

    private static Optional<Deployment> findDeployment(Connection c, DeploymentId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE id = ?")) {
            ps.setString(1, id.value());
            return first(ps, SqliteReleaseStore::deploymentRow);
        }
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        return db.read(c -> findDeploymentsInState(c, state));
    }

    private static List<Deployment> findDeploymentsInState(Connection c, DeploymentState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE state = ? ORDER BY rowid")) {
            ps.setString(1, state.name());
            return all(ps, SqliteReleaseStore::deploymentRow);
        }
    }

    @Override
    public int markInterruptedDeploymentsFailed() {
        return db.write(c -> {
            List<Deployment> running = findDeploymentsInState(c, DeploymentState.RUNNING);
            Instant now = clock.instant();
            for (Deployment d : running) {
                DeploymentStep step = d.currentStep();
                storeProgress(c, d.failed(new DeploymentFailure(step, "deployment.interrupted",
                        "The platform stopped while this deployment was at step " + step,
                        "Routing was left as it was before this publish; publish again.", null), now));
            }
            return running.size();
        });
    }

    @Override
    public RoutingConfig commitPublish(PublishCommit commit) {
        return db.write(c -> {
            Deployment d = commit.deployment();
            RoutingConfig stored = setRouting(c, d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(),
                    commit.why());
            storeProgress(c, d);
            return stored;
        });
    }

    private static Deployment deploymentRow(ResultSet rs) throws SQLException {
        String releaseId = rs.getString(5);
        return new Deployment(new DeploymentId(rs.getString(1)), refRow(rs, 2),
                releaseId == null ? null : new ReleaseId(releaseId), rs.getString(6),
                PublishStrategy.parse(rs.getString(7)), DeploymentState.valueOf(rs.getString(8)),
                DeploymentStep.valueOf(rs.getString(9)), StoredJson.steps(rs.getString(10)), rs.getString(11),
                Instant.parse(rs.getString(12)), rs.getString(13), StoredJson.failure(rs.getString(14)));
    }

    // ---- rollouts ----

    @Override
    public RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        WorkflowRef ref = state.ref();
        return db.write(c -> {
            long current = findRollout(c, ref).map(RolloutState::version).orElse(0L);
            if (current != expectedVersion) {
                throw new StaleRolloutException(ref, expectedVersion, current);
            }
            RolloutState stored = state.withVersion(expectedVersion + 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollouts (" + ROLLOUT_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (user_slug, project_slug, workflow_slug) DO UPDATE SET"
                    + " version = excluded.version, status = excluded.status, candidate_id = excluded.candidate_id,"
                    + " previous_id = excluded.previous_id, plan = excluded.plan, step_index = excluded.step_index,"
                    + " step_started_at = excluded.step_started_at, routing_revision = excluded.routing_revision,"
                    + " last_stats = excluded.last_stats, reason = excluded.reason, started_by = excluded.started_by,"
                    + " updated_at = excluded.updated_at")) {
                int i = bindRef(ps, 1, ref);
                ps.setLong(i++, stored.version());
                ps.setString(i++, stored.status().name());
                ps.setString(i++, stored.candidate().value());
                ps.setString(i++, stored.previous().value());
                ps.setString(i++, StoredJson.plan(stored.plan()));
                ps.setInt(i++, stored.stepIndex());
                ps.setString(i++, stored.stepStartedAt().toString());
                ps.setLong(i++, stored.routingRevision());
                ps.setString(i++, StoredJson.stats(stored.lastStats()));
                ps.setString(i++, stored.reason());
                ps.setString(i++, stored.startedBy());
                ps.setString(i, stored.updatedAt().toString());
                ps.executeUpdate();
            }
            return stored;
        });
    }

    @Override
    public Optional<RolloutState> rollout(WorkflowRef ref) {
        return db.read(c -> findRollout(c, ref));
    }

    private static Optional<RolloutState> findRollout(Connection c, WorkflowRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROLLOUT_COLUMNS + " FROM rollouts WHERE " + REF_WHERE)) {
            bindRef(ps, 1, ref);
            return first(ps, SqliteReleaseStore::rolloutRow);
        }
    }

    @Override
    public List<RolloutState> activeRollouts() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROLLOUT_COLUMNS + " FROM rollouts"
                    + " WHERE status IN (?, ?) ORDER BY user_slug, project_slug, workflow_slug")) {
                ps.setString(1, RolloutStatus.RUNNING.name());
                ps.setString(2, RolloutStatus.PAUSED.name());
                return all(ps, SqliteReleaseStore::rolloutRow);
            }
        });
    }

    private static RolloutState rolloutRow(ResultSet rs) throws SQLException {
        return new RolloutState(refRow(rs, 1), rs.getLong(4), StoredJson.plan(rs.getString(8)),
                new ReleaseId(rs.getString(6)), new ReleaseId(rs.getString(7)), RolloutStatus.valueOf(rs.getString(5)),
                rs.getInt(9), Instant.parse(rs.getString(10)), rs.getLong(11), StoredJson.stats(rs.getString(12)),
                rs.getString(13), rs.getString(14), Instant.parse(rs.getString(15)));
    }

    // ---- row helpers ----

    private static int bindRef(PreparedStatement ps, int first, WorkflowRef ref) throws SQLException {
        ps.setString(first, ref.user());
        ps.setString(first + 1, ref.project());
        ps.setString(first + 2, ref.workflow());
        return first + 3;
    }

    private static WorkflowRef refRow(ResultSet rs, int first) throws SQLException {
        return new WorkflowRef(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2));
    }
}
