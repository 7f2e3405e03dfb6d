package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The five store ports on one SQLite database file ({@link SqliteDatabase}: one guarded
 * connection, WAL, full sync, {@code BEGIN IMMEDIATE} writes). Every read-then-write (the next
 * sequence number, the routing and rollout compare-and-sets, the publish commit) runs inside one
 * write transaction, so it is atomic across threads and processes sharing the file. Releases have
 * no UPDATE path here, and triggers in the schema refuse any UPDATE or DELETE of a release. Each
 * workflow's latest rollout is one row of {@code rollouts}, replaced in place. Each port is a
 * package-private class on the one {@link SqliteDatabase}; this class opens the database and
 * hands each call to the port's class.
 */
public final class SqliteReleaseStore implements ReleaseStore, AutoCloseable {

    /** The component name of this store's migrations in {@code schema_version}. */
    public static final String SCHEMA_COMPONENT = "release-store";
    /** How long a writer waits for another process's transaction before giving up. */
    public static final int BUSY_TIMEOUT_MS = SqliteDatabase.BUSY_TIMEOUT_MS;

    private final SqliteDatabase db;
    private final boolean ownsDatabase;
    private final SqliteDraftStore drafts;
    private final SqliteReleaseCatalogue catalogue;
    private final SqliteRoutingStore routings;
    private final SqliteDeploymentStore deployments;
    private final SqliteRolloutStore rollouts;

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
        this.ownsDatabase = ownsDatabase;
        this.drafts = new SqliteDraftStore(db);
        this.catalogue = new SqliteReleaseCatalogue(db);
        this.routings = new SqliteRoutingStore(db, clock);
        this.deployments = new SqliteDeploymentStore(db, clock, routings);
        this.rollouts = new SqliteRolloutStore(db);
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
        return drafts.saveDraft(draft);
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return drafts.draft(ref);
    }

    // ---- releases ----

    @Override
    public Release createRelease(NewRelease request) {
        return catalogue.createRelease(request);
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        return catalogue.release(id);
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return catalogue.releases(ref);
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return catalogue.releaseByVersion(ref, versionName);
    }

    @Override
    public List<Release> routedReleases(String user) {
        return catalogue.routedReleases(user);
    }

    // ---- routing ----

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return routings.routing(ref);
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return routings.compareAndSetRouting(ref, expectedRevision, newRouting, by, why);
    }

    @Override
    public List<RoutingConfig> routings(String user, String project) {
        return routings.routings(user, project);
    }

    @Override
    public List<RoutingChange> routingHistory(WorkflowRef ref) {
        return routings.routingHistory(ref);
    }

    // ---- deployments ----

    @Override
    public Deployment createDeployment(Deployment deployment) {
        return deployments.createDeployment(deployment);
    }

    @Override
    public Deployment updateDeployment(Deployment deployment) {
        return deployments.updateDeployment(deployment);
    }

    @Override
    public Optional<Deployment> deployment(DeploymentId id) {
        return deployments.deployment(id);
    }

    @Override
    public List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        return deployments.recentDeployments(ref, limit);
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        return deployments.deploymentsInState(state);
    }

    @Override
    public int markInterruptedDeploymentsFailed() {
        return deployments.markInterruptedDeploymentsFailed();
    }

    @Override
    public RoutingConfig commitPublish(PublishCommit commit) {
        return deployments.commitPublish(commit);
    }

    // ---- rollouts ----

    @Override
    public RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        return rollouts.compareAndSetRollout(state, expectedVersion);
    }

    @Override
    public Optional<RolloutState> rollout(WorkflowRef ref) {
        return rollouts.rollout(ref);
    }

    @Override
    public List<RolloutState> activeRollouts() {
        return rollouts.activeRollouts();
    }
}
