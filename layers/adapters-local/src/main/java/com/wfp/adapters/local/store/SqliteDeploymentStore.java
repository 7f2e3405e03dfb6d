package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentFinishedException;
import com.wfp.platform.deployment.DeploymentNotFoundException;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.DeploymentStore;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.wfp.adapters.local.sqlite.SqliteRows.all;
import static com.wfp.adapters.local.sqlite.SqliteRows.first;
import static com.wfp.adapters.local.store.WorkflowColumns.bindRef;
import static com.wfp.adapters.local.store.WorkflowColumns.refRow;

/**
 * {@link DeploymentStore} of {@link SqliteReleaseStore}: the deployments table; the publish
 * commit writes the routing through the routing store in the same transaction.
 */
final class SqliteDeploymentStore implements DeploymentStore {

    private static final String DEPLOYMENT_COLUMNS = "id, user_slug, project_slug, workflow_slug, release_id, version_name, "
            + "strategy, state, current_step, steps, created_by, created_at, idempotency_key, failure";

    private final SqliteDatabase db;
    private final Clock clock;
    private final SqliteRoutingStore routing;

    SqliteDeploymentStore(SqliteDatabase db, Clock clock, SqliteRoutingStore routing) {
        this.db = db;
        this.clock = clock;
        this.routing = routing;
    }

    @Override
    public Deployment createDeployment(Deployment deployment) {
        return db.write(c -> {
            if (deployment.idempotencyKey() != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS
                        + " FROM deployments WHERE created_by = ? AND idempotency_key = ?")) {
                    ps.setString(1, deployment.createdBy());
                    ps.setString(2, deployment.idempotencyKey());
                    Optional<Deployment> existing = first(ps, SqliteDeploymentStore::deploymentRow);
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
        Deployment current = findDeployment(c, deployment.id())
                .orElseThrow(() -> new DeploymentNotFoundException(deployment.id()));
        if (current.isFinished()) {
            throw new DeploymentFinishedException(current);
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
            return first(ps, SqliteDeploymentStore::deploymentRow);
        }
    }

    @Override
    public List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments"
                    + " WHERE user_slug = ? AND project_slug = ? AND workflow_slug = ? ORDER BY rowid DESC LIMIT ?")) {
                int i = bindRef(ps, 1, ref);
                ps.setInt(i, limit);
                return all(ps, SqliteDeploymentStore::deploymentRow);
            }
        });
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        return db.read(c -> findDeploymentsInState(c, state));
    }

    private static List<Deployment> findDeploymentsInState(Connection c, DeploymentState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE state = ? ORDER BY rowid")) {
            ps.setString(1, state.name());
            return all(ps, SqliteDeploymentStore::deploymentRow);
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
            RoutingConfig stored = routing.setRouting(c, d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(),
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
}
