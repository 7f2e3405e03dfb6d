package com.wfp.adapters.local.store;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.PublishCommit;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionSuggester;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link ReleaseStore} on one SQLite database file.
 *
 * <p>One connection serves the whole process, guarded by a lock: SQLite admits one writer at a
 * time anyway, and a single connection cannot deadlock against itself. Writes run in
 * {@code BEGIN IMMEDIATE} transactions, which take the database's write lock up front, so
 * sequence numbers and routing compare-and-set are atomic across threads and across processes
 * sharing the file (others wait up to the busy timeout). WAL journaling with
 * {@code synchronous=FULL} makes every committed transaction durable across power loss.
 */
public final class SqliteReleaseStore implements ReleaseStore, AutoCloseable {

    /** How long a writer waits for another process's transaction before giving up. */
    public static final int BUSY_TIMEOUT_MS = 10_000;

    private static final String REF_WHERE = "user_slug = ? AND project_slug = ? AND workflow_slug = ?";
    private static final String RELEASE_COLUMNS = "id, user_slug, project_slug, workflow_slug, seq, version_name, notes, "
            + "definition, sha256, validation_report, created_by, created_at";
    private static final String DEPLOYMENT_COLUMNS = "id, user_slug, project_slug, workflow_slug, release_id, version_name, "
            + "strategy, state, current_step, steps, created_by, created_at, idempotency_key, failure";

    private final Path file;
    private final Clock clock;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    /** Opens (creating when missing) the database file and brings its schema up to date. */
    public SqliteReleaseStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** As {@link #SqliteReleaseStore(Path)}, stamping routing changes and interruptions with {@code clock}. */
    public SqliteReleaseStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw DomainException.unavailable("store.unavailable", "Cannot create the folder of the database " + this.file,
                    "Check that the data folder is writable.", e);
        }
        this.connection = open(this.file);
        migrate();
    }

    private static Connection open(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
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

    /** The schema version the file is at. */
    public int schemaVersion() {
        return read(c -> currentSchemaVersion(c));
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

    // ---- schema ----

    private void migrate() {
        write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        for (SqliteMigrations.Migration migration : SqliteMigrations.ALL) {
            write(c -> {
                // Re-read inside the write transaction: another process may have migrated meanwhile.
                if (currentSchemaVersion(c) >= migration.version()) {
                    return null;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : migration.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?)")) {
                    ps.setInt(1, migration.version());
                    ps.setString(2, migration.description());
                    ps.setString(3, clock.instant().toString());
                    ps.executeUpdate();
                }
                return null;
            });
        }
        int version = schemaVersion();
        if (version > SqliteMigrations.latestVersion()) {
            throw new DomainException("store.too-new", 500,
                    "The database " + file + " has schema version " + version + ", newer than this program knows ("
                            + SqliteMigrations.latestVersion() + ")",
                    "Run a newer version of the platform, or point it at another data folder.");
        }
    }

    private static int currentSchemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- drafts ----

    @Override
    public Draft saveDraft(Draft draft) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO drafts (user_slug, project_slug, workflow_slug, definition, sha256, saved_by, saved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_slug, project_slug, workflow_slug) DO UPDATE SET
                      definition = excluded.definition, sha256 = excluded.sha256,
                      saved_by = excluded.saved_by, saved_at = excluded.saved_at""")) {
                int i = bindRef(ps, 1, draft.ref());
                ps.setString(i++, draft.definition());
                ps.setString(i++, draft.sha256());
                ps.setString(i++, draft.savedBy());
                ps.setString(i, draft.savedAt().toString());
                ps.executeUpdate();
            }
            return draft;
        });
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT definition, sha256, saved_by, saved_at FROM drafts WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Draft(ref, rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.parse(rs.getString(4))));
                }
            }
        });
    }

    // ---- releases ----

    @Override
    public Release createRelease(NewRelease request) {
        return write(c -> {
            WorkflowRef ref = request.ref();
            if (findReleaseByVersion(c, ref, request.versionName()).isPresent()) {
                List<String> names = findReleases(c, ref).stream().map(Release::versionName).toList();
                throw versionExists(ref, request.versionName(), names);
            }
            long seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM releases WHERE " + REF_WHERE)) {
                bindRef(ps, 1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            Release release = request.toRelease(ReleaseId.newId(), seq);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO releases (" + RELEASE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, release.id().value());
                int i = bindRef(ps, 2, ref);
                ps.setLong(i++, release.seq());
                ps.setString(i++, release.versionName());
                ps.setString(i++, release.notes());
                ps.setString(i++, release.definition());
                ps.setString(i++, release.sha256());
                ps.setString(i++, release.validationReport());
                ps.setString(i++, release.createdBy());
                ps.setString(i, release.createdAt().toString());
                ps.executeUpdate();
            }
            return release;
        });
    }

    private static DomainException versionExists(WorkflowRef ref, String versionName, List<String> namesNewestFirst) {
        String next = VersionSuggester.next(namesNewestFirst);
        return DomainException.conflict("release.version-exists",
                "Version '" + versionName + "' already exists for workflow " + ref,
                "Choose another version name, such as '" + next + "'.");
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE id = ?")) {
                ps.setString(1, id.value());
                return first(ps, SqliteReleaseStore::releaseRow);
            }
        });
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return read(c -> findReleases(c, ref));
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return read(c -> findReleaseByVersion(c, ref, versionName));
    }

    private static List<Release> findReleases(Connection c, WorkflowRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " ORDER BY seq DESC")) {
            bindRef(ps, 1, ref);
            return all(ps, SqliteReleaseStore::releaseRow);
        }
    }

    private static Optional<Release> findReleaseByVersion(Connection c, WorkflowRef ref, String versionName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RELEASE_COLUMNS + " FROM releases WHERE " + REF_WHERE + " AND version_name = ?")) {
            int i = bindRef(ps, 1, ref);
            ps.setString(i, versionName);
            return first(ps, SqliteReleaseStore::releaseRow);
        }
    }

    private static Release releaseRow(ResultSet rs) throws SQLException {
        return new Release(new ReleaseId(rs.getString(1)), refRow(rs, 2), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), Instant.parse(rs.getString(12)));
    }

    // ---- routing ----

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        return read(c -> findRouting(c, ref));
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        return write(c -> setRouting(c, ref, expectedRevision, newRouting, by, why));
    }

    private RoutingConfig setRouting(Connection c, WorkflowRef ref, long expectedRevision, RoutingConfig newRouting,
                                     String by, String why) throws SQLException {
        if (!newRouting.ref().equals(ref)) {
            throw DomainException.badRequest("routing.wrong-workflow",
                    "The routing given is for " + newRouting.ref() + ", not " + ref,
                    "Send the routing of the workflow named in the request.");
        }
        RoutingConfig current = findRouting(c, ref);
        if (current.revision() != expectedRevision) {
            throw DomainException.conflict("routing.stale-revision",
                    "The routing of " + ref + " is at revision " + current.revision() + ", not " + expectedRevision,
                    "Someone changed the routing meanwhile: reload it (revision " + current.revision()
                            + "), check the change, and apply yours again.");
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
                        throw DomainException.unprocessable("routing.unknown-release",
                                "Release " + id + " is not a release of " + ref,
                                "Route only releases listed for this workflow; publish the definition first.");
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
    public List<RoutingChange> routingHistory(WorkflowRef ref) {
        return read(c -> {
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

    // ---- deployments ----

    @Override
    public Deployment createDeployment(Deployment deployment) {
        return write(c -> {
            if (deployment.idempotencyKey() != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS
                        + " FROM deployments WHERE created_by = ? AND idempotency_key = ?")) {
                    ps.setString(1, deployment.createdBy());
                    ps.setString(2, deployment.idempotencyKey());
                    Optional<Deployment> existing = first(ps, SqliteReleaseStore::deploymentRow);
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
        return write(c -> storeProgress(c, deployment));
    }

    private static Deployment storeProgress(Connection c, Deployment deployment) throws SQLException {
        Deployment current = findDeployment(c, deployment.id()).orElseThrow(() -> DomainException.notFound(
                "deployment.not-found", "No deployment " + deployment.id(),
                "Use the id returned by publish."));
        if (current.isFinished()) {
            throw DomainException.conflict("deployment.finished",
                    "Deployment " + deployment.id() + " already finished as " + current.state(),
                    "A finished deployment never changes; publish again to start a new one.");
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
        return read(c -> findDeployment(c, id));
    }

    private static Optional<Deployment> findDeployment(Connection c, DeploymentId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE id = ?")) {
            ps.setString(1, id.value());
            return first(ps, SqliteReleaseStore::deploymentRow);
        }
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        return read(c -> findDeploymentsInState(c, state));
    }

    private static List<Deployment> findDeploymentsInState(Connection c, DeploymentState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE state = ? ORDER BY rowid")) {
            ps.setString(1, state.name());
            return all(ps, SqliteReleaseStore::deploymentRow);
        }
    }

    @Override
    public int markInterruptedDeploymentsFailed() {
        return write(c -> {
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
        return write(c -> {
            Deployment d = commit.deployment();
            RoutingConfig stored = setRouting(c, d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(),
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

    // ---- plumbing ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in a write transaction that holds the database's write lock from the start. */
    private <T> T write(SqlWork<T> work) {
        return transaction("BEGIN IMMEDIATE", work);
    }

    /** Runs {@code work} in a read transaction: one consistent snapshot across its statements. */
    private <T> T read(SqlWork<T> work) {
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

    private static DomainException translate(SQLException e, String action) {
        int primary = e.getErrorCode() & 0xff;
        return switch (primary) {
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

    private static int bindRef(PreparedStatement ps, int first, WorkflowRef ref) throws SQLException {
        ps.setString(first, ref.user());
        ps.setString(first + 1, ref.project());
        ps.setString(first + 2, ref.workflow());
        return first + 3;
    }

    private static WorkflowRef refRow(ResultSet rs, int first) throws SQLException {
        return new WorkflowRef(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2));
    }

    private static <T> Optional<T> first(PreparedStatement ps, RowReader<T> reader) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs, reader)) : Optional.empty();
        }
    }

    private static <T> List<T> all(PreparedStatement ps, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs, reader));
            }
        }
        return rows;
    }

    /** Reads one row; a stored value the domain rejects means the file was changed behind the store's back. */
    private static <T> T row(ResultSet rs, RowReader<T> reader) throws SQLException {
        try {
            return reader.read(rs);
        } catch (DomainException e) {
            if (e.code().startsWith("store.")) {
                throw e;
            }
            throw corruptRow(e);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw corruptRow(e);
        }
    }

    private static DomainException corruptRow(RuntimeException cause) {
        return new DomainException("store.corrupt", 500, "A stored row holds a value the platform cannot read: " + cause.getMessage(),
                "The database was edited outside the platform; restore it from a backup.", cause);
    }

    /** The value of a pragma on the store's own connection, for diagnostics and tests. */
    String pragma(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a pragma name: " + name);
        }
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
    }
}
