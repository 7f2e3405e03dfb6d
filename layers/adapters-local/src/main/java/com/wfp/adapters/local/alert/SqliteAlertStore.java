package com.wfp.adapters.local.alert;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.WebhookChannel;
import com.wfp.platform.port.AlertStore;
import com.wfp.platform.port.ChannelStore;
import com.wfp.platform.port.PodCheckStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertStore}, {@link ChannelStore} and {@link PodCheckStore} in a SQLite file of their own
 * ({@code <data>/alerts.db}, owner-only: it holds the webhooks' secrets). At most one firing
 * alert per workflow and kind is a unique index, so two evaluations racing cannot fire twice.
 *
 * <p>Tables: {@code alert_rules} (one row per workflow), {@code alerts} (firing and resolved),
 * {@code channels} and {@code deliveries} (one row per attempt), each with the project it belongs to (none for
 * a platform-wide channel), {@code pod_checks} (the scheduled
 * health checks of each user's production pod, counted per minute).
 */
public final class SqliteAlertStore implements AlertStore, ChannelStore, PodCheckStore, AutoCloseable {

    private static final String COMPONENT = "alerts";
    private static final int MAX_DELIVERIES_KEPT = 10_000;

    static final List<SqliteMigration> MIGRATIONS = List.of(new SqliteMigration(1,
            "alert rules, alerts, webhook channels, delivery log", List.of("""
            CREATE TABLE alert_rules (
              user_id            TEXT NOT NULL,
              project            TEXT NOT NULL,
              workflow           TEXT NOT NULL,
              max_error_rate     REAL NOT NULL,
              error_window_s     INTEGER NOT NULL,
              max_p95_ms         INTEGER NOT NULL,
              p95_window_s       INTEGER NOT NULL,
              pod_down           INTEGER NOT NULL,
              no_calls_window_s  INTEGER NOT NULL,
              min_calls          INTEGER NOT NULL,
              updated_at         INTEGER NOT NULL,
              updated_by         TEXT NOT NULL,
              PRIMARY KEY (user_id, project, workflow)
            )""", """
            CREATE TABLE alerts (
              seq         INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id     TEXT NOT NULL,
              project     TEXT NOT NULL,
              workflow    TEXT NOT NULL,
              kind        TEXT NOT NULL,
              release_id  TEXT,
              version     TEXT NOT NULL,
              reason      TEXT NOT NULL,
              fired_at    INTEGER NOT NULL,
              resolved_at INTEGER,
              resolution  TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE UNIQUE INDEX alerts_one_firing ON alerts (user_id, project, workflow, kind) WHERE resolved_at IS NULL",
            "CREATE INDEX alerts_by_workflow ON alerts (user_id, project, workflow, seq DESC)", """
            CREATE TABLE channels (
              id         TEXT PRIMARY KEY,
              url        TEXT NOT NULL,
              secret     TEXT NOT NULL,
              created_at INTEGER NOT NULL
            )""", """
            CREATE TABLE deliveries (
              seq         INTEGER PRIMARY KEY AUTOINCREMENT,
              delivery_id TEXT NOT NULL,
              channel_id  TEXT NOT NULL,
              event       TEXT NOT NULL,
              subject     TEXT NOT NULL,
              attempt     INTEGER NOT NULL,
              status      INTEGER NOT NULL,
              error       TEXT NOT NULL,
              at          INTEGER NOT NULL,
              delivered   INTEGER NOT NULL
            )""")), new SqliteMigration(2, "scheduled pod health checks per minute, for uptime", List.of("""
            CREATE TABLE pod_checks (
              user_id   TEXT NOT NULL,
              minute    INTEGER NOT NULL,
              checks    INTEGER NOT NULL,
              up_checks INTEGER NOT NULL,
              PRIMARY KEY (user_id, minute)
            )""")), new SqliteMigration(3, "channels and deliveries belong to a project; the existing ones stay "
            + "platform-wide (no project), as they were", List.of(
            "ALTER TABLE channels ADD COLUMN user_id TEXT",
            "ALTER TABLE channels ADD COLUMN project TEXT",
            "ALTER TABLE deliveries ADD COLUMN user_id TEXT",
            "ALTER TABLE deliveries ADD COLUMN project TEXT",
            "CREATE INDEX channels_by_project ON channels (user_id, project, created_at)",
            "CREATE INDEX deliveries_by_project ON deliveries (user_id, project, seq DESC)")));

    private static final String ALERT_COLUMNS = "seq, user_id, project, workflow, kind, release_id, version, reason, "
            + "fired_at, resolved_at, resolution";

    private final SqliteDatabase database;

    public SqliteAlertStore(Path file, Clock clock) {
        this.database = new SqliteDatabase(file, clock, true);
        database.migrate(COMPONENT, MIGRATIONS);
    }

    public Path file() {
        return database.file();
    }

    @Override
    public Optional<AlertRules> rules(WorkflowRef ref) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM alert_rules WHERE user_id = ? AND project = ? AND workflow = ?")) {
                bindRef(ps, 1, ref);
                return SqliteRows.first(ps, SqliteAlertStore::rulesRow);
            }
        });
    }

    @Override
    public List<AlertRules> allRules() {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alert_rules ORDER BY user_id, project, workflow")) {
                return SqliteRows.all(ps, SqliteAlertStore::rulesRow);
            }
        });
    }

    @Override
    public void saveRules(AlertRules rules) {
        database.write(c -> writeRules(c, rules, "INSERT OR REPLACE"));
    }

    @Override
    public boolean saveRulesIfAbsent(AlertRules rules) {
        return database.write(c -> writeRules(c, rules, "INSERT OR IGNORE")) > 0;
    }

    private static int writeRules(Connection c, AlertRules r, String verb) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(verb + " INTO alert_rules (user_id, project, workflow, "
                + "max_error_rate, error_window_s, max_p95_ms, p95_window_s, pod_down, no_calls_window_s, min_calls, "
                + "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindRef(ps, 1, r.ref());
            ps.setDouble(4, r.maxErrorRatePercent());
            ps.setLong(5, r.errorRateWindow().toSeconds());
            ps.setLong(6, r.maxP95Ms());
            ps.setLong(7, r.p95Window().toSeconds());
            ps.setInt(8, r.podDown() ? 1 : 0);
            ps.setLong(9, r.noCallsWindow().toSeconds());
            ps.setLong(10, r.minCalls());
            ps.setLong(11, r.updatedAt().toEpochMilli());
            ps.setString(12, r.updatedBy());
            return ps.executeUpdate();
        }
    }

    private static AlertRules rulesRow(ResultSet rs) throws SQLException {
        return new AlertRules(new WorkflowRef(rs.getString("user_id"), rs.getString("project"), rs.getString("workflow")),
                rs.getDouble("max_error_rate"), Duration.ofSeconds(rs.getLong("error_window_s")), rs.getLong("max_p95_ms"),
                Duration.ofSeconds(rs.getLong("p95_window_s")), rs.getInt("pod_down") == 1,
                Duration.ofSeconds(rs.getLong("no_calls_window_s")), rs.getLong("min_calls"),
                Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by"));
    }

    @Override
    public Optional<Alert> fire(Alert alert) {
        return database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO alerts (user_id, project, workflow, "
                    + "kind, release_id, version, reason, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindRef(ps, 1, alert.ref());
                ps.setString(4, alert.kind().name());
                ps.setString(5, alert.releaseId() == null ? null : alert.releaseId().value());
                ps.setString(6, alert.version());
                ps.setString(7, alert.reason());
                ps.setLong(8, alert.firedAt().toEpochMilli());
                if (ps.executeUpdate() == 0) {
                    return Optional.<Alert>empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS
                    + " FROM alerts WHERE seq = last_insert_rowid()")) {
                return SqliteRows.first(ps, SqliteAlertStore::alertRow);
            }
        });
    }

    @Override
    public Optional<Alert> resolve(WorkflowRef ref, AlertKind kind, Instant at, String resolution) {
        return database.write(c -> {
            Optional<Alert> firing;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE user_id = ? "
                    + "AND project = ? AND workflow = ? AND kind = ? AND resolved_at IS NULL")) {
                bindRef(ps, 1, ref);
                ps.setString(4, kind.name());
                firing = SqliteRows.first(ps, SqliteAlertStore::alertRow);
            }
            if (firing.isEmpty()) {
                return firing;
            }
            Alert a = firing.get();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alerts SET resolved_at = ?, resolution = ? WHERE seq = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, resolution == null ? "" : resolution);
                ps.setLong(3, Long.parseLong(a.id().substring(4)));
                ps.executeUpdate();
            }
            return Optional.of(new Alert(a.id(), a.ref(), a.kind(), a.releaseId(), a.version(), a.reason(), a.firedAt(),
                    Instant.ofEpochMilli(at.toEpochMilli()), resolution));
        });
    }

    @Override
    public List<Alert> firing() {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS
                    + " FROM alerts WHERE resolved_at IS NULL ORDER BY seq")) {
                return SqliteRows.all(ps, SqliteAlertStore::alertRow);
            }
        });
    }

    @Override
    public List<Alert> alerts(WorkflowRef ref, int limit) {
        return database.read(c -> {
            String where = ref == null ? "" : " WHERE user_id = ? AND project = ? AND workflow = ?";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts" + where
                    + " ORDER BY seq DESC LIMIT ?")) {
                int next = 1;
                if (ref != null) {
                    bindRef(ps, 1, ref);
                    next = 4;
                }
                ps.setInt(next, limit);
                return SqliteRows.all(ps, SqliteAlertStore::alertRow);
            }
        });
    }

    private static Alert alertRow(ResultSet rs) throws SQLException {
        String release = rs.getString("release_id");
        long resolved = rs.getLong("resolved_at");
        boolean open = rs.wasNull();
        return new Alert("alr_%012d".formatted(rs.getLong("seq")),
                new WorkflowRef(rs.getString("user_id"), rs.getString("project"), rs.getString("workflow")),
                AlertKind.valueOf(rs.getString("kind")), release == null ? null : new ReleaseId(release),
                rs.getString("version"), rs.getString("reason"), Instant.ofEpochMilli(rs.getLong("fired_at")),
                open ? null : Instant.ofEpochMilli(resolved), rs.getString("resolution"));
    }

    @Override
    public void addChannel(WebhookChannel channel) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO channels (id, url, secret, created_at, user_id, project) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, channel.id());
                ps.setString(2, channel.url().toString());
                ps.setString(3, channel.secret());
                ps.setLong(4, channel.createdAt().toEpochMilli());
                bindScope(ps, 5, channel.project());
                return ps.executeUpdate();
            }
        });
    }

    /** Binds a scope as two parameters compared with {@code IS}, so that null (platform-wide) matches null only. */
    private static void bindScope(PreparedStatement ps, int first, ProjectRef scope) throws SQLException {
        ps.setString(first, scope == null ? null : scope.user());
        ps.setString(first + 1, scope == null ? null : scope.project());
    }

    @Override
    public List<WebhookChannel> channels(ProjectRef scope) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM channels WHERE user_id IS ? AND project IS ? ORDER BY created_at, id")) {
                bindScope(ps, 1, scope);
                return SqliteRows.all(ps, SqliteAlertStore::channelRow);
            }
        });
    }

    @Override
    public Optional<WebhookChannel> removeChannel(ProjectRef scope, String id) {
        return database.write(c -> {
            Optional<WebhookChannel> channel;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM channels WHERE id = ? AND user_id IS ? AND project IS ?")) {
                ps.setString(1, id);
                bindScope(ps, 2, scope);
                channel = SqliteRows.first(ps, SqliteAlertStore::channelRow);
            }
            if (channel.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM channels WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return channel;
        });
    }

    private static ProjectRef scope(ResultSet rs) throws SQLException {
        String user = rs.getString("user_id");
        String project = rs.getString("project");
        return user == null || project == null ? null : new ProjectRef(user, project);
    }

    private static WebhookChannel channelRow(ResultSet rs) throws SQLException {
        return new WebhookChannel(rs.getString("id"), scope(rs), URI.create(rs.getString("url")), rs.getString("secret"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public void recordDelivery(Delivery d) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries (delivery_id, channel_id, event, "
                    + "subject, attempt, status, error, at, delivered, user_id, project) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.deliveryId());
                ps.setString(2, d.channelId());
                ps.setString(3, d.event());
                ps.setString(4, d.subject());
                ps.setInt(5, d.attempt());
                ps.setInt(6, d.status());
                ps.setString(7, d.error().length() <= 500 ? d.error() : d.error().substring(0, 500));
                ps.setLong(8, d.at().toEpochMilli());
                ps.setInt(9, d.delivered() ? 1 : 0);
                bindScope(ps, 10, d.project());
                ps.executeUpdate();
            }
            // The log is bounded: the oldest attempts go first.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM deliveries WHERE seq <= "
                    + "(SELECT MAX(seq) FROM deliveries) - ?")) {
                ps.setInt(1, MAX_DELIVERIES_KEPT);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Delivery> deliveries(ProjectRef scope, String channelId, int limit) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM deliveries WHERE user_id IS ? AND project IS ?"
                    + (channelId == null ? "" : " AND channel_id = ?") + " ORDER BY seq DESC LIMIT ?")) {
                bindScope(ps, 1, scope);
                int next = 3;
                if (channelId != null) {
                    ps.setString(next++, channelId);
                }
                ps.setInt(next, limit);
                return SqliteRows.all(ps, rs -> new Delivery(rs.getString("delivery_id"), rs.getString("channel_id"),
                        rs.getString("event"), rs.getString("subject"), rs.getInt("attempt"), rs.getInt("status"),
                        rs.getString("error"), Instant.ofEpochMilli(rs.getLong("at")), rs.getInt("delivered") == 1,
                        scope(rs)));
            }
        });
    }

    @Override
    public void recordPodCheck(String user, Instant at, boolean up) {
        database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pod_checks (user_id, minute, checks, up_checks) "
                    + "VALUES (?, ?, 1, ?) ON CONFLICT (user_id, minute) DO UPDATE SET checks = checks + 1, "
                    + "up_checks = up_checks + excluded.up_checks")) {
                ps.setString(1, user);
                ps.setLong(2, Math.floorDiv(at.toEpochMilli(), 60_000L) * 60_000L);
                ps.setInt(3, up ? 1 : 0);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<com.wfp.platform.alert.PodCheckMinute> podChecks(String user, Instant from, Instant to) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT minute, checks, up_checks FROM pod_checks "
                    + "WHERE user_id = ? AND minute >= ? AND minute < ? ORDER BY minute")) {
                ps.setString(1, user);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                return SqliteRows.all(ps, rs -> new com.wfp.platform.alert.PodCheckMinute(user,
                        Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2), rs.getLong(3)));
            }
        });
    }

    @Override
    public long purgePodChecks(Instant before) {
        return database.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pod_checks WHERE minute < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return (long) ps.executeUpdate();
            }
        });
    }

    private static void bindRef(PreparedStatement ps, int first, WorkflowRef ref) throws SQLException {
        ps.setString(first, ref.user());
        ps.setString(first + 1, ref.project());
        ps.setString(first + 2, ref.workflow());
    }

    @Override
    public void close() {
        database.close();
    }
}
