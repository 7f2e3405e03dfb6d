package com.wfp.adapters.local.store;

import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.port.ReleaseStoreContract;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteReleaseStoreTest extends ReleaseStoreContract {

    @TempDir
    Path dir;

    private final List<SqliteReleaseStore> opened = new ArrayList<>();

    @Override
    protected ReleaseStore newStore() {
        return open();
    }

    private SqliteReleaseStore open() {
        SqliteReleaseStore s = new SqliteReleaseStore(dir.resolve("data").resolve("wfp.db"));
        opened.add(s);
        return s;
    }

    @Override
    protected void dropStoredLayout(WorkflowRef ref) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("wfp.db"));
             PreparedStatement ps = c.prepareStatement("UPDATE routing SET config = json_remove(config, '$.layout')"
                     + " WHERE user_slug = ? AND project_slug = ? AND workflow_slug = ?")) {
            ps.setString(1, ref.user());
            ps.setString(2, ref.project());
            ps.setString(3, ref.workflow());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SqliteReleaseStore::close);
    }

    @Override
    protected int concurrentPublishers() {
        return 16;
    }

    @Override
    protected int releasesPerPublisher() {
        return 5;
    }

    @Test
    void createRelease_whenTwoStoresOnOneFilePublishAtOnce_assignsEverySequenceNumberOnce() throws Exception {
        SqliteReleaseStore other = open();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Release>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ReleaseStore target = i % 2 == 0 ? store : other;
            String version = "v1." + i + ".0";
            tasks.add(() -> target.createRelease(newRelease(ORDERS, version)));
        }
        for (Future<Release> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
            f.get();
        }
        pool.shutdown();

        assertThat(other.releases(ORDERS)).extracting(Release::seq).doesNotHaveDuplicates().hasSize(40);
        assertThat(store.releases(ORDERS)).isEqualTo(other.releases(ORDERS));
        assertThat(other.integrityCheck()).isEqualTo("ok");
    }

    @Test
    void compareAndSetRouting_whenTwoStoresOnOneFileRace_exactlyOneWins() throws Exception {
        SqliteReleaseStore other = open();
        Release v1 = publish(ORDERS, "v1.0.0");
        Release v2 = publish(ORDERS, "v2.0.0");
        CountDownLatch start = new CountDownLatch(1);
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> futures = new ArrayList<>();
        for (ReleaseStore s : List.of(store, other)) {
            Release target = s == store ? v1 : v2;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    s.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                            .withWeights(List.of(new RouteWeight(target.id(), 100))), "alice", "race");
                    outcomes.add("won");
                } catch (DomainException e) {
                    outcomes.add(e.code());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(outcomes).containsExactlyInAnyOrder("won", "routing.stale-revision");
        assertThat(store.routing(ORDERS).revision()).isEqualTo(1);
        assertThat(other.routingHistory(ORDERS)).hasSize(1);
    }

    @Test
    void reopen_keepsEverythingAndDoesNotReapplyMigrations() {
        Release v1 = publish(ORDERS, "v1.0.0");
        RoutingConfig routing = routeAll(v1);
        Path file = ((SqliteReleaseStore) store).file();
        int version = ((SqliteReleaseStore) store).schemaVersion();
        store = null;
        closeStores();
        opened.clear();

        SqliteReleaseStore reopened = open();
        SqliteReleaseStore reopenedAgain = open();

        assertThat(reopened.file()).isEqualTo(file);
        assertThat(reopened.releases(ORDERS)).containsExactly(v1);
        assertThat(reopened.routing(ORDERS)).isEqualTo(routing);
        assertThat(reopenedAgain.schemaVersion()).isEqualTo(version).isEqualTo(ReleaseStoreSchema.latestVersion());
        assertThat(reopened.integrityCheck()).isEqualTo("ok");
        assertThat(countRows(file, "schema_version")).isEqualTo(ReleaseStoreSchema.MIGRATIONS.size());
    }

    @Test
    void releases_cannotBeUpdatedOrDeletedEvenBySql() throws SQLException {
        publish(ORDERS, "v1.0.0");
        Path file = ((SqliteReleaseStore) store).file();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE releases SET notes = 'changed'")).hasMessageContaining("immutable");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM releases")).hasMessageContaining("permanent");
        }
        assertThat(store.releases(ORDERS).getFirst().notes()).isEqualTo("notes for v1.0.0");
    }

    @Test
    void open_usesWalFullSyncForeignKeysAndABusyTimeout() {
        var sqlite = ((SqliteReleaseStore) store).database();

        assertThat(sqlite.pragma("journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(sqlite.pragma("synchronous")).isEqualTo("2");
        assertThat(sqlite.pragma("foreign_keys")).isEqualTo("1");
        assertThat(sqlite.pragma("busy_timeout")).isEqualTo(String.valueOf(SqliteReleaseStore.BUSY_TIMEOUT_MS));
        assertThatThrownBy(() -> store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null)
                .withRelease(com.wfp.platform.release.ReleaseId.newId())))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("store.constraint"));
    }

    @Test
    void open_whenTheFileIsNotADatabase_failsAsCorrupt() throws Exception {
        Path bogus = dir.resolve("bogus.db");
        java.nio.file.Files.writeString(bogus, "this is not an SQLite database file, just text that is long enough ".repeat(20));

        assertThatThrownBy(() -> new SqliteReleaseStore(bogus))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("store.corrupt");
                    assertThat(e.getCause()).isInstanceOf(SQLException.class);
                });
    }

    @Test
    void operations_whenTheStoreIsClosed_failAsUnavailable() {
        SqliteReleaseStore s = open();
        s.close();
        opened.remove(s);

        assertThatThrownBy(() -> s.releases(ORDERS))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("store.unavailable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void read_whenARowWasEditedBehindTheStoresBack_failsAsCorrupt() throws SQLException {
        store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", null));
        Path file = ((SqliteReleaseStore) store).file();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE deployments SET current_step = 'TELEPORT'");
        }

        assertThatThrownBy(() -> store.deploymentsInState(com.wfp.platform.deployment.DeploymentState.RUNNING))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("store.corrupt");
                    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                });
    }

    @Test
    void open_whenTheFileWasMigratedByANewerProgram_refusesToUseIt() throws SQLException {
        Path file = ((SqliteReleaseStore) store).file();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES ('release-store', 99, 'from the future', '2030-01-01T00:00:00Z')");
        }

        assertThatThrownBy(() -> new SqliteReleaseStore(file))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("store.too-new");
                    assertThat(e.getMessage()).contains("99");
                });
    }

    @Test
    void open_onADatabaseSharedWithOtherAdapters_leavesItOpenWhenClosed() {
        var db = new com.wfp.adapters.local.sqlite.SqliteDatabase(dir.resolve("shared.db"), java.time.Clock.systemUTC());
        try (db) {
            SqliteReleaseStore shared = new SqliteReleaseStore(db, java.time.Clock.systemUTC());
            Release v1 = shared.createRelease(newRelease(ORDERS, "v1.0.0"));
            shared.close();

            assertThat(new SqliteReleaseStore(db, java.time.Clock.systemUTC()).release(v1.id())).contains(v1);
            assertThat(db.schemaVersion(SqliteReleaseStore.SCHEMA_COMPONENT)).isEqualTo(ReleaseStoreSchema.latestVersion());
        }
    }

    @Test
    void open_onADatabaseAtSchemaVersion1_addsTheRolloutsTableAndKeepsWhatWasThere() throws SQLException {
        Release v1 = publish(ORDERS, "v1.0.0");
        RoutingConfig routing = routeAll(v1);
        var deployment = store.createDeployment(newDeployment(ORDERS, "v1.0.0", "alice", "key-1"));
        Path file = ((SqliteReleaseStore) store).file();
        store = null;
        closeStores();
        opened.clear();
        // The file as the program before rollouts were stored left it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE rollouts");
            s.executeUpdate("DROP INDEX deployments_by_workflow");
            s.executeUpdate("DELETE FROM schema_version WHERE component = 'release-store' AND version > 1");
        }
        assertThat(countRows(file, "schema_version")).isEqualTo(1);

        SqliteReleaseStore migrated = open();

        assertThat(migrated.schemaVersion()).isEqualTo(3).isEqualTo(ReleaseStoreSchema.latestVersion());
        assertThat(migrated.releases(ORDERS)).containsExactly(v1);
        assertThat(migrated.routing(ORDERS)).isEqualTo(routing);
        assertThat(migrated.deployment(deployment.id())).contains(deployment);
        assertThat(migrated.recentDeployments(ORDERS, 5)).containsExactly(deployment);
        assertThat(migrated.rollout(ORDERS)).isEmpty();
        RolloutState stored = migrated.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
        assertThat(migrated.activeRollouts()).containsExactly(stored);
        assertThat(migrated.integrityCheck()).isEqualTo("ok");
    }

    @Test
    void compareAndSetRollout_whenTwoStoresOnOneFileRace_exactlyOneWins() throws Exception {
        SqliteReleaseStore other = open();
        RolloutState current = store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
        CountDownLatch start = new CountDownLatch(1);
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> futures = new ArrayList<>();
        for (ReleaseStore s : List.of(store, other)) {
            RolloutStatus status = s == store ? RolloutStatus.RUNNING : RolloutStatus.ABORTED;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    s.compareAndSetRollout(rolloutAt(ORDERS, status, 1), current.version());
                    outcomes.add("won");
                } catch (DomainException e) {
                    outcomes.add(e.code());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(outcomes).containsExactlyInAnyOrder("won", "rollout.stale-version");
        assertThat(other.rollout(ORDERS).orElseThrow().version()).isEqualTo(2);
        assertThat(store.rollout(ORDERS)).isEqualTo(other.rollout(ORDERS));
    }

    @Test
    void rollout_whenItsRowWasEditedBehindTheStoresBack_failsAsCorrupt() throws SQLException {
        store.compareAndSetRollout(rolloutAt(ORDERS, RolloutStatus.RUNNING, 0), 0);
        Path file = ((SqliteReleaseStore) store).file();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE rollouts SET plan = '{\"candidateVersion\":\"v2\",\"steps\":[10],"
                    + "\"interval\":\"PT1M\",\"guard\":{\"maxErrorRate\":0.05,\"maxP95Ms\":800,"
                    + "\"minRequests\":1,\"window\":\"PT1M\"}}'");
        }

        assertThatThrownBy(() -> store.rollout(ORDERS)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("store.corrupt");
            assertThat(e.getCause()).isInstanceOf(DomainException.class);
        });
        assertThatThrownBy(() -> store.activeRollouts()).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("store.corrupt"));
    }

    private static long countRows(Path file, String table) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
