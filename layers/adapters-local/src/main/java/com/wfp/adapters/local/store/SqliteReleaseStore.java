package com.wfp.adapters.local.store;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.ComposedReleaseStore;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The five store ports on one SQLite database file ({@link SqliteDatabase}: one guarded
 * connection, WAL, full sync, {@code BEGIN IMMEDIATE} writes). Every read-then-write (the next
 * sequence number, the routing and rollout compare-and-sets, the publish commit) runs inside one
 * write transaction, so it is atomic across threads and processes sharing the file. Releases have
 * no UPDATE path here, and triggers in the schema refuse any UPDATE or DELETE of a release. Each
 * workflow's latest rollout is one row of {@code rollouts}, replaced in place. Each port is a
 * package-private class on the one {@link SqliteDatabase}; this class opens the database and
 * builds them, and {@link ComposedReleaseStore} hands each call to the port's class.
 */
public final class SqliteReleaseStore extends ComposedReleaseStore implements AutoCloseable {

    /** The component name of this store's migrations in {@code schema_version}. */
    public static final String SCHEMA_COMPONENT = "release-store";
    /** How long a writer waits for another process's transaction before giving up. */
    public static final int BUSY_TIMEOUT_MS = SqliteDatabase.BUSY_TIMEOUT_MS;

    private final SqliteDatabase db;
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
        super(parts(db, clock));
        this.db = db;
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

    private static Parts parts(SqliteDatabase db, Clock clock) {
        SqliteRoutingStore routings = new SqliteRoutingStore(db, clock);
        return new Parts(new SqliteDraftStore(db), new SqliteReleaseCatalogue(db), routings,
                new SqliteDeploymentStore(db, clock, routings), new SqliteRolloutStore(db));
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
}
