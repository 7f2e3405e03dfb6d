package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.RolloutStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.rollout.StaleRolloutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.wfp.adapters.local.sqlite.SqliteRows.all;
import static com.wfp.adapters.local.sqlite.SqliteRows.first;
import static com.wfp.adapters.local.store.WorkflowColumns.REF_WHERE;
import static com.wfp.adapters.local.store.WorkflowColumns.bindRef;
import static com.wfp.adapters.local.store.WorkflowColumns.refRow;

/**
 * {@link RolloutStore} of {@link SqliteReleaseStore}: the rollouts table: each workflow's latest
 * rollout is one row, replaced in place.
 */
final class SqliteRolloutStore implements RolloutStore {

    private static final String ROLLOUT_COLUMNS = "user_slug, project_slug, workflow_slug, version, status, candidate_id, "
            + "previous_id, plan, step_index, step_started_at, routing_revision, last_stats, reason, started_by, updated_at";

    private final SqliteDatabase db;

    SqliteRolloutStore(SqliteDatabase db) {
        this.db = db;
    }

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
            return first(ps, SqliteRolloutStore::rolloutRow);
        }
    }

    @Override
    public List<RolloutState> activeRollouts() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROLLOUT_COLUMNS + " FROM rollouts"
                    + " WHERE status IN (?, ?) ORDER BY user_slug, project_slug, workflow_slug")) {
                ps.setString(1, RolloutStatus.RUNNING.name());
                ps.setString(2, RolloutStatus.PAUSED.name());
                return all(ps, SqliteRolloutStore::rolloutRow);
            }
        });
    }

    private static RolloutState rolloutRow(ResultSet rs) throws SQLException {
        return new RolloutState(refRow(rs, 1), rs.getLong(4), StoredJson.plan(rs.getString(8)),
                new ReleaseId(rs.getString(6)), new ReleaseId(rs.getString(7)), RolloutStatus.valueOf(rs.getString(5)),
                rs.getInt(9), Instant.parse(rs.getString(10)), rs.getLong(11), StoredJson.stats(rs.getString(12)),
                rs.getString(13), rs.getString(14), Instant.parse(rs.getString(15)));
    }
}
