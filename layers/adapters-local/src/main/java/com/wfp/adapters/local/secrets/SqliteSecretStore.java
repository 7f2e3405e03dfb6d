package com.wfp.adapters.local.secrets;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.adapters.local.sqlite.SqliteTimes;
import com.wfp.platform.port.SecretStore;
import com.wfp.platform.secrets.StoredSecret;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link SecretStore} in a SQLite database, usually the platform's own file. Rows hold sealed
 * values only; the key that opens them is not in the database.
 */
public final class SqliteSecretStore implements SecretStore {

    /** The schema component the secret table is migrated as. */
    public static final String SCHEMA_COMPONENT = "secret-store";

    private static final List<SqliteMigration> MIGRATIONS = List.of(
            new SqliteMigration(1, "project secrets, sealed", List.of(
                    """
                    CREATE TABLE project_secrets (
                      user_slug    TEXT NOT NULL,
                      project_slug TEXT NOT NULL,
                      name         TEXT NOT NULL,
                      sealed       TEXT NOT NULL,
                      updated_at   TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, name)
                    )""")));

    private final SqliteDatabase db;

    /** Secrets in {@code db}, whose schema is brought up to date here. Closing the database is the caller's. */
    public SqliteSecretStore(SqliteDatabase db) {
        this.db = db;
        db.migrate(SCHEMA_COMPONENT, MIGRATIONS);
    }

    @Override
    public void put(StoredSecret secret) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO project_secrets (user_slug, project_slug, name, sealed, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_slug, project_slug, name)
                    DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at""")) {
                ps.setString(1, secret.user());
                ps.setString(2, secret.project());
                ps.setString(3, secret.name());
                ps.setString(4, secret.sealed());
                ps.setString(5, SqliteTimes.format(secret.updatedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredSecret> find(String user, String project, String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_slug, project_slug, name, sealed, updated_at"
                    + " FROM project_secrets WHERE user_slug = ? AND project_slug = ? AND name = ?")) {
                ps.setString(1, user);
                ps.setString(2, project);
                ps.setString(3, name);
                return SqliteRows.first(ps, SqliteSecretStore::secret);
            }
        });
    }

    @Override
    public List<StoredSecret> list(String user, String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_slug, project_slug, name, sealed, updated_at"
                    + " FROM project_secrets WHERE user_slug = ? AND project_slug = ? ORDER BY name")) {
                ps.setString(1, user);
                ps.setString(2, project);
                return SqliteRows.all(ps, SqliteSecretStore::secret);
            }
        });
    }

    @Override
    public boolean delete(String user, String project, String name) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM project_secrets WHERE user_slug = ? AND project_slug = ? AND name = ?")) {
                ps.setString(1, user);
                ps.setString(2, project);
                ps.setString(3, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static StoredSecret secret(ResultSet rs) throws SQLException {
        return new StoredSecret(rs.getString("user_slug"), rs.getString("project_slug"), rs.getString("name"),
                rs.getString("sealed"), Instant.parse(rs.getString("updated_at")));
    }
}
