package com.wfp.adapters.local.access;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.adapters.local.sqlite.SqliteTimes;
import com.wfp.platform.access.ApiKey;
import com.wfp.platform.access.ApiKeyFormat;
import com.wfp.platform.access.KeyPermission;
import com.wfp.platform.access.KeyScope;
import com.wfp.platform.port.KeyStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link KeyStore} in a SQLite database, usually the platform's own file beside the release
 * store. Keys are stored by their SHA-256 alone; a key row is never deleted (revocation and
 * rotation only stamp it), so lists and audits can always name it.
 */
public final class SqliteKeyStore implements KeyStore {

    /** The schema component the key tables are migrated as. */
    public static final String SCHEMA_COMPONENT = "key-store";

    private static final List<SqliteMigration> MIGRATIONS = List.of(
            new SqliteMigration(1, "API keys, stored by hash", List.of(
                    """
                    CREATE TABLE api_keys (
                      id              TEXT PRIMARY KEY,
                      name            TEXT NOT NULL,
                      environment     TEXT NOT NULL,
                      hash            TEXT NOT NULL UNIQUE,
                      user_slug       TEXT NOT NULL,
                      project_slug    TEXT NOT NULL,
                      workflow_slug   TEXT,
                      version_name    TEXT,
                      permissions     TEXT NOT NULL,
                      rate_per_second INTEGER NOT NULL,
                      created_by      TEXT NOT NULL,
                      created_at      TEXT NOT NULL,
                      expires_at      TEXT,
                      revoked_at      TEXT,
                      last_used_at    TEXT,
                      replaced_by     TEXT
                    )""",
                    "CREATE INDEX api_keys_by_project ON api_keys (user_slug, project_slug, created_at)",
                    """
                    CREATE TRIGGER api_keys_are_kept BEFORE DELETE ON api_keys
                    BEGIN SELECT RAISE(ABORT, 'API keys are revoked, never deleted'); END""")));

    private static final String COLUMNS = "id, name, environment, hash, user_slug, project_slug, workflow_slug, "
            + "version_name, permissions, rate_per_second, created_by, created_at, expires_at, revoked_at, "
            + "last_used_at, replaced_by";

    private final SqliteDatabase db;

    /** Keys in {@code db}, whose schema is brought up to date here. Closing the database is the caller's. */
    public SqliteKeyStore(SqliteDatabase db) {
        this.db = db;
        db.migrate(SCHEMA_COMPONENT, MIGRATIONS);
    }

    @Override
    public void create(ApiKey key) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                KeyScope scope = key.scope();
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, key.environment().name());
                ps.setString(4, key.hash());
                ps.setString(5, scope.user());
                ps.setString(6, scope.project());
                ps.setString(7, scope.workflow());
                ps.setString(8, scope.version());
                ps.setString(9, scope.permissions().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
                ps.setInt(10, key.ratePerSecond());
                ps.setString(11, key.createdBy());
                ps.setString(12, SqliteTimes.format(key.createdAt()));
                setInstant(ps, 13, key.expiresAt());
                setInstant(ps, 14, key.revokedAt());
                setInstant(ps, 15, key.lastUsedAt());
                ps.setString(16, key.replacedBy());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ApiKey> byHash(String hash) {
        return db.read(c -> byColumn(c, "hash", hash));
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return db.read(c -> byColumn(c, "id", id));
    }

    @Override
    public List<ApiKey> list(String user, String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM api_keys WHERE user_slug = ? AND project_slug = ? ORDER BY created_at, id")) {
                ps.setString(1, user);
                ps.setString(2, project);
                return SqliteRows.all(ps, SqliteKeyStore::key);
            }
        });
    }

    @Override
    public Optional<ApiKey> revoke(String id, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setString(1, SqliteTimes.format(at));
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return byColumn(c, "id", id);
        });
    }

    @Override
    public Optional<ApiKey> replace(String id, String replacedBy, Instant expiresAt) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE api_keys SET replaced_by = ?,
                      expires_at = CASE WHEN expires_at IS NULL OR expires_at > ? THEN ? ELSE expires_at END
                    WHERE id = ?""")) {
                ps.setString(1, replacedBy);
                ps.setString(2, SqliteTimes.format(expiresAt));
                ps.setString(3, SqliteTimes.format(expiresAt));
                ps.setString(4, id);
                ps.executeUpdate();
            }
            return byColumn(c, "id", id);
        });
    }

    @Override
    public void recordUse(List<String> ids, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE api_keys SET last_used_at = ?
                    WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)""")) {
                for (String id : ids) {
                    ps.setString(1, SqliteTimes.format(at));
                    ps.setString(2, id);
                    ps.setString(3, SqliteTimes.format(at));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static Optional<ApiKey> byColumn(java.sql.Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE " + column + " = ?")) {
            ps.setString(1, value);
            return SqliteRows.first(ps, SqliteKeyStore::key);
        }
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        Set<KeyPermission> permissions = EnumSet.noneOf(KeyPermission.class);
        Arrays.stream(rs.getString("permissions").split(",")).filter(p -> !p.isBlank())
                .forEach(p -> permissions.add(KeyPermission.valueOf(p.toUpperCase(Locale.ROOT))));
        return new ApiKey(rs.getString("id"), rs.getString("name"),
                ApiKeyFormat.Environment.valueOf(rs.getString("environment")), rs.getString("hash"),
                new KeyScope(rs.getString("user_slug"), rs.getString("project_slug"), rs.getString("workflow_slug"),
                        rs.getString("version_name"), permissions),
                rs.getInt("rate_per_second"), rs.getString("created_by"), Instant.parse(rs.getString("created_at")),
                instant(rs, "expires_at"), instant(rs, "revoked_at"), instant(rs, "last_used_at"),
                rs.getString("replaced_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : Instant.parse(value);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, SqliteTimes.format(value));
        }
    }
}
