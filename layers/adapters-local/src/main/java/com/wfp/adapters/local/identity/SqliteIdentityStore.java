package com.wfp.adapters.local.identity;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.adapters.local.sqlite.SqliteMigration;
import com.wfp.adapters.local.sqlite.SqliteRows;
import com.wfp.adapters.local.sqlite.SqliteTimes;
import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;
import com.wfp.platform.port.IdentityStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link IdentityStore} in a SQLite database, usually the platform's own file. Tokens are
 * stored by their SHA-256 alone and never deleted (revocation stamps them).
 */
public final class SqliteIdentityStore implements IdentityStore {

    /** The schema component the identity tables are migrated as. */
    public static final String SCHEMA_COMPONENT = "identity-store";

    private static final List<SqliteMigration> MIGRATIONS = List.of(
            new SqliteMigration(1, "people, personal access tokens, projects, members", List.of(
                    """
                    CREATE TABLE people (
                      id         TEXT PRIMARY KEY,
                      name       TEXT NOT NULL,
                      created_at TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE access_tokens (
                      id         TEXT PRIMARY KEY,
                      person     TEXT NOT NULL,
                      name       TEXT NOT NULL,
                      hash       TEXT NOT NULL UNIQUE,
                      created_at TEXT NOT NULL,
                      expires_at TEXT,
                      revoked_at TEXT
                    )""",
                    "CREATE INDEX access_tokens_by_person ON access_tokens (person, created_at)",
                    """
                    CREATE TRIGGER access_tokens_are_kept BEFORE DELETE ON access_tokens
                    BEGIN SELECT RAISE(ABORT, 'access tokens are revoked, never deleted'); END""",
                    """
                    CREATE TABLE projects (
                      user_slug    TEXT NOT NULL,
                      project_slug TEXT NOT NULL,
                      created_by   TEXT NOT NULL,
                      created_at   TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug)
                    )""",
                    """
                    CREATE TABLE project_members (
                      user_slug    TEXT NOT NULL,
                      project_slug TEXT NOT NULL,
                      person       TEXT NOT NULL,
                      role         TEXT NOT NULL,
                      added_by     TEXT NOT NULL,
                      added_at     TEXT NOT NULL,
                      PRIMARY KEY (user_slug, project_slug, person)
                    )""",
                    "CREATE INDEX project_members_by_person ON project_members (person, user_slug, project_slug)")));

    private static final String TOKEN_COLUMNS = "id, person, name, hash, created_at, expires_at, revoked_at";
    private static final String MEMBER_COLUMNS = "user_slug, project_slug, person, role, added_by, added_at";

    private final SqliteDatabase db;

    /** Identity rows in {@code db}, whose schema is brought up to date here. Closing the database is the caller's. */
    public SqliteIdentityStore(SqliteDatabase db) {
        this.db = db;
        db.migrate(SCHEMA_COMPONENT, MIGRATIONS);
    }

    @Override
    public void createPerson(Person person) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, person.id());
                ps.setString(2, person.name());
                ps.setString(3, SqliteTimes.format(person.createdAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Person> person(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created_at FROM people WHERE id = ?")) {
                ps.setString(1, id);
                return SqliteRows.first(ps, SqliteIdentityStore::person);
            }
        });
    }

    @Override
    public List<Person> people() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created_at FROM people ORDER BY id")) {
                return SqliteRows.all(ps, SqliteIdentityStore::person);
            }
        });
    }

    @Override
    public void createToken(PersonalAccessToken token) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_tokens (" + TOKEN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.person());
                ps.setString(3, token.name());
                ps.setString(4, token.hash());
                ps.setString(5, SqliteTimes.format(token.createdAt()));
                setInstant(ps, 6, token.expiresAt());
                setInstant(ps, 7, token.revokedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<PersonalAccessToken> tokenByHash(String hash) {
        return db.read(c -> tokenBy(c, "hash", hash));
    }

    @Override
    public Optional<PersonalAccessToken> token(String id) {
        return db.read(c -> tokenBy(c, "id", id));
    }

    @Override
    public List<PersonalAccessToken> tokens(String person) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS
                    + " FROM access_tokens WHERE person = ? ORDER BY created_at, id")) {
                ps.setString(1, person);
                return SqliteRows.all(ps, SqliteIdentityStore::token);
            }
        });
    }

    @Override
    public Optional<PersonalAccessToken> revokeToken(String id, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setString(1, SqliteTimes.format(at));
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return tokenBy(c, "id", id);
        });
    }

    @Override
    public void createProject(Project project) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO projects (user_slug, project_slug, created_by, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, project.ref().user());
                ps.setString(2, project.ref().project());
                ps.setString(3, project.createdBy());
                ps.setString(4, SqliteTimes.format(project.createdAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Project> project(ProjectRef ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_slug, project_slug, created_by, created_at "
                    + "FROM projects WHERE user_slug = ? AND project_slug = ?")) {
                ps.setString(1, ref.user());
                ps.setString(2, ref.project());
                return SqliteRows.first(ps, SqliteIdentityStore::project);
            }
        });
    }

    @Override
    public List<Project> projects() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_slug, project_slug, created_by, created_at "
                    + "FROM projects ORDER BY user_slug, project_slug")) {
                return SqliteRows.all(ps, SqliteIdentityStore::project);
            }
        });
    }

    @Override
    public void putMember(Membership m) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO project_members (" + MEMBER_COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_slug, project_slug, person) DO UPDATE SET "
                    + "role = excluded.role, added_by = excluded.added_by, added_at = excluded.added_at")) {
                ps.setString(1, m.project().user());
                ps.setString(2, m.project().project());
                ps.setString(3, m.person());
                ps.setString(4, m.role().name());
                ps.setString(5, m.addedBy());
                ps.setString(6, SqliteTimes.format(m.addedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean removeMember(ProjectRef project, String person) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM project_members WHERE user_slug = ? AND project_slug = ? AND person = ?")) {
                ps.setString(1, project.user());
                ps.setString(2, project.project());
                ps.setString(3, person);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Membership> members(ProjectRef project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MEMBER_COLUMNS
                    + " FROM project_members WHERE user_slug = ? AND project_slug = ? ORDER BY person")) {
                ps.setString(1, project.user());
                ps.setString(2, project.project());
                return SqliteRows.all(ps, SqliteIdentityStore::member);
            }
        });
    }

    @Override
    public List<Membership> memberships(String person) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MEMBER_COLUMNS
                    + " FROM project_members WHERE person = ? ORDER BY user_slug, project_slug")) {
                ps.setString(1, person);
                return SqliteRows.all(ps, SqliteIdentityStore::member);
            }
        });
    }

    private static Optional<PersonalAccessToken> tokenBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE "
                + column + " = ?")) {
            ps.setString(1, value);
            return SqliteRows.first(ps, SqliteIdentityStore::token);
        }
    }

    private static Person person(ResultSet rs) throws SQLException {
        return new Person(rs.getString("id"), rs.getString("name"), Instant.parse(rs.getString("created_at")));
    }

    private static PersonalAccessToken token(ResultSet rs) throws SQLException {
        return new PersonalAccessToken(rs.getString("id"), rs.getString("person"), rs.getString("name"),
                rs.getString("hash"), Instant.parse(rs.getString("created_at")), instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(new ProjectRef(rs.getString("user_slug"), rs.getString("project_slug")),
                rs.getString("created_by"), Instant.parse(rs.getString("created_at")));
    }

    private static Membership member(ResultSet rs) throws SQLException {
        return new Membership(new ProjectRef(rs.getString("user_slug"), rs.getString("project_slug")),
                rs.getString("person"), Role.valueOf(rs.getString("role")), rs.getString("added_by"),
                Instant.parse(rs.getString("added_at")));
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
