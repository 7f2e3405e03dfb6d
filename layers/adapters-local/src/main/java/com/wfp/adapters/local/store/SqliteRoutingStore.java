package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.UnknownReleaseException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static com.wfp.adapters.local.sqlite.SqliteRows.all;
import static com.wfp.adapters.local.sqlite.SqliteRows.first;
import static com.wfp.adapters.local.store.WorkflowColumns.REF_WHERE;
import static com.wfp.adapters.local.store.WorkflowColumns.bindRef;

/**
 * {@link RoutingStore} of {@link SqliteReleaseStore}: the routing and routing_changes tables; a
 * change is one write transaction.
 */
final class SqliteRoutingStore implements RoutingStore {

    private final SqliteDatabase db;
    private final Clock clock;

    SqliteRoutingStore(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return db.read(c -> findRouting(c, ref));
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return db.write(c -> setRouting(c, ref, expectedRevision, newRouting, by, why));
    }

    /** The routing compare-and-set inside a write transaction the caller holds. */
    RoutingConfig setRouting(Connection c, WorkflowRef ref, long expectedRevision, RoutingConfig newRouting,
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
    public List<RoutingConfig> routings(String user, String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT workflow_slug, config FROM routing"
                    + " WHERE user_slug = ? AND project_slug = ? ORDER BY workflow_slug")) {
                ps.setString(1, user);
                ps.setString(2, project);
                return all(ps, rs -> StoredJson.routing(new WorkflowRef(user, project, rs.getString(1)), rs.getString(2)));
            }
        });
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
}
