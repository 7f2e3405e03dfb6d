package com.wfp.adapters.local.sqlite;

import com.wfp.workflow.error.DomainException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite database file, as the local adapters use it.
 *
 * <p>One connection serves the whole process, guarded by a lock: SQLite admits one writer at a
 * time anyway, and a single connection cannot deadlock against itself. Writes run in
 * {@code BEGIN IMMEDIATE} transactions, which take the database's write lock up front, so a
 * read-then-write inside one (the next sequence number, a compare-and-set) is atomic across
 * threads and across processes sharing the file; other writers wait up to the busy timeout.
 * WAL journaling with {@code synchronous=FULL} makes every committed transaction durable across
 * power loss; foreign keys are enforced.
 *
 * <p>Driver errors become {@code DomainException}s: {@code store.corrupt} (500) for a damaged
 * file, {@code store.constraint} (409) for a refused write, {@code store.unavailable} (503)
 * otherwise, always keeping the cause.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** How long a writer waits for another process's transaction before giving up. */
    public static final int BUSY_TIMEOUT_MS = 10_000;

    /** Work done with the connection inside a transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Clock clock;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    /** Opens the file, creating it and its folder when missing; every commit is durable. */
    public SqliteDatabase(Path file, Clock clock) {
        this(file, clock, true);
    }

    /**
     * Opens the file, creating it and its folder when missing.
     *
     * @param durableCommits {@code synchronous=FULL} when true; {@code NORMAL} otherwise, which in
     *                       WAL mode may lose the last commits on power loss (never corrupts the
     *                       file): right for telemetry, which is best effort anyway
     */
    public SqliteDatabase(Path file, Clock clock, boolean durableCommits) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw DomainException.unavailable("store.unavailable", "Cannot create the folder of the database " + this.file,
                    "Check that the data folder is writable.", e);
        }
        this.connection = open(this.file, durableCommits);
        write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS schema_version (
                          component   TEXT NOT NULL,
                          version     INTEGER NOT NULL,
                          description TEXT NOT NULL,
                          applied_at  TEXT NOT NULL,
                          PRIMARY KEY (component, version)
                        )""");
            }
            return null;
        });
    }

    private static Connection open(Path file, boolean durableCommits) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durableCommits ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // The driver would otherwise ask for the new row id after every insert; nothing here reads it that way.
        config.setGetGeneratedKeys(false);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw translate(e, "open " + file);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Brings {@code component}'s schema up to date: applies, each in its own write transaction,
     * the migrations newer than the version recorded for it. Safe to call on every start and from
     * several processes at once: the recorded version is re-read inside each transaction.
     *
     * @throws DomainException 500 {@code store.too-new} when the file was migrated by a newer program
     */
    public void migrate(String component, List<SqliteMigration> migrations) {
        for (SqliteMigration migration : migrations) {
            write(c -> {
                if (schemaVersion(c, component) >= migration.version()) {
                    return null;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : migration.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, component);
                    ps.setInt(2, migration.version());
                    ps.setString(3, migration.description());
                    ps.setString(4, clock.instant().toString());
                    ps.executeUpdate();
                }
                return null;
            });
        }
        int latest = migrations.isEmpty() ? 0 : migrations.getLast().version();
        int version = schemaVersion(component);
        if (version > latest) {
            throw new DomainException("store.too-new", 500,
                    "The database " + file + " has " + component + " schema version " + version
                            + ", newer than this program knows (" + latest + ")",
                    "Run a newer version of the platform, or point it at another data folder.");
        }
    }

    /** The highest migration of {@code component} applied to the file, 0 for none. */
    public int schemaVersion(String component) {
        return read(c -> schemaVersion(c, component));
    }

    private static int schemaVersion(Connection c, String component) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The result of {@code PRAGMA integrity_check}: {@code ok} for a sound file. */
    public String integrityCheck() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                List<String> lines = new ArrayList<>();
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
                return String.join("\n", lines);
            }
        });
    }

    /** The value of a pragma on this connection, such as {@code synchronous} or {@code journal_mode}. */
    public String pragma(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a pragma name: " + name);
        }
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
    }

    /** Runs {@code work} in a write transaction that holds the database's write lock from its start. */
    public <T> T write(SqlWork<T> work) {
        return transaction("BEGIN IMMEDIATE", work);
    }

    /** Runs {@code work} in a read transaction: one consistent snapshot across its statements. */
    public <T> T read(SqlWork<T> work) {
        return transaction("BEGIN DEFERRED", work);
    }

    private <T> T transaction(String begin, SqlWork<T> work) {
        lock.lock();
        try {
            execute(begin);
            boolean committed = false;
            try {
                T result = work.run(connection);
                execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly();
                }
            }
        } catch (SQLException e) {
            throw translate(e, "access the database " + file);
        } finally {
            lock.unlock();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.isClosed()) {
                execute("ROLLBACK");
            }
        } catch (SQLException ignored) {
            // The transaction is already gone (SQLite rolls back on some errors by itself).
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw translate(e, "close the database");
        } finally {
            lock.unlock();
        }
    }

    /** The domain error for a driver error met while trying to {@code action}. */
    public static DomainException translate(SQLException e, String action) {
        int primaryResultCode = e.getErrorCode() & 0xff;
        return switch (primaryResultCode) {
            case 11, 26 -> new DomainException("store.corrupt", 500,
                    "The database file is damaged or not a database (" + e.getMessage() + ")",
                    "Restore the data folder from a backup, or move the damaged file aside to start empty.", e);
            case 19 -> new DomainException("store.constraint", 409,
                    "The store refused a write that would break its rules (" + e.getMessage() + ")",
                    "Reload the data and try again; releases are immutable and version names unique.", e);
            default -> DomainException.unavailable("store.unavailable",
                    "Could not " + action + " (" + e.getMessage() + ")",
                    "Retry in a moment; if it persists, check that the data folder is writable and not full.", e);
        };
    }
}
