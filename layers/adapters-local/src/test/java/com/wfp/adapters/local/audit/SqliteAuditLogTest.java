package com.wfp.adapters.local.audit;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;
import com.wfp.platform.audit.AuditTrail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail in SQLite, and tampering with the file as someone with access to it would. */
class SqliteAuditLogTest {

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteAuditLog log;
    private AuditTrail trail;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("wfp.db"), Clock.systemUTC());
        log = new SqliteAuditLog(db);
        trail = new AuditTrail(log, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            trail.record(i % 2 == 0 ? "key_AAAAAAAAAAAAAAA" + i : "admin", "POST /api/v1/thing", "/api/v1/thing/" + i,
                    Map.of("n", Integer.toString(i)), "127.0.0.1", i == 4 ? AuditOutcome.DENIED : AuditOutcome.ALLOWED,
                    i == 4 ? "403 auth.key-scope" : "200");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Runs SQL on the file behind the platform's back, with the append-only triggers dropped. */
    private void tamper(String... statements) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             Statement s = raw.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_log_is_append_only");
            s.execute("DROP TRIGGER IF EXISTS audit_log_is_kept");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void verify_whenUntouched_readsEveryRecordIntact() {
        AuditTrail.Verification verification = trail.verify();

        assertThat(verification.records()).isEqualTo(5);
        assertThat(verification.broken()).isEmpty();
    }

    @Test
    void updateAndDelete_areRefusedByTheDatabase() {
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("UPDATE audit_log SET principal = 'x'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM audit_log")))
                .hasMessageContaining("append-only");
    }

    @Test
    void verify_whenARecordIsEditedInTheFile_namesIt() throws Exception {
        tamper("UPDATE audit_log SET outcome = 'ALLOWED', code = '200' WHERE seq = 4");

        assertThat(trail.verify().broken()).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000004");
            assertThat(b.reason()).contains("edited");
        });
    }

    @Test
    void verify_whenARecordIsDeletedFromTheFile_namesTheGap() throws Exception {
        tamper("DELETE FROM audit_log WHERE seq = 2");

        assertThat(trail.verify().broken()).get().satisfies(b -> {
            assertThat(b.id()).isEqualTo("aud_000000000003");
            assertThat(b.reason()).contains("aud_000000000002").contains("deleted");
        });
    }

    @Test
    void verify_whenRecordsAreReorderedInTheFile_namesTheFirstMoved() throws Exception {
        // Swap the contents of rows 2 and 3, each keeping its place number.
        tamper("CREATE TABLE t AS SELECT * FROM audit_log WHERE seq IN (2, 3)",
                "DELETE FROM audit_log WHERE seq IN (2, 3)",
                "INSERT INTO audit_log SELECT 5 - seq, id, at, principal, action, resource, params, source, outcome,"
                        + " code, previous_hash, hash FROM t",
                "DROP TABLE t");

        assertThat(trail.verify().broken()).get().satisfies(b -> assertThat(b.seq()).isEqualTo(2));
    }

    @Test
    void search_filtersAndAnswersNewestFirst() {
        List<AuditRecord> denied = trail.search(new AuditQuery(null, null, null, null, AuditOutcome.DENIED, 0));
        List<AuditRecord> byAdmin = trail.search(new AuditQuery(null, "admin", "POST", "/api/v1/thing", null, 0));
        List<AuditRecord> future = trail.search(new AuditQuery(Instant.now().plusSeconds(60), null, null, null, null, 0));

        assertThat(denied).extracting(r -> r.entry().code()).containsExactly("403 auth.key-scope");
        assertThat(byAdmin).extracting(AuditRecord::seq).containsExactly(5L, 3L, 1L);
        assertThat(future).isEmpty();
    }

    @Test
    void append_fromManyThreads_neverForksTheChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditRecord>> appends = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                appends.add(pool.submit(() -> trail.record("admin", "GET /x", "/x", Map.of(), "", AuditOutcome.ALLOWED,
                        "200")));
            }
            for (Future<AuditRecord> append : appends) {
                append.get();
            }
        } finally {
            pool.shutdownNow();
        }

        AuditTrail.Verification verification = trail.verify();
        assertThat(verification.records()).isEqualTo(45);
        assertThat(verification.broken()).isEmpty();
    }
}
