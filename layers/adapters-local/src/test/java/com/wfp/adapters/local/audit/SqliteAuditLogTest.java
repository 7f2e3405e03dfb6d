package com.wfp.adapters.local.audit;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.port.AuditLog;
import com.wfp.platform.port.AuditLogContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log contract in SQLite, tampering with the file as someone with access to it would. */
class SqliteAuditLogTest extends AuditLogContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @Override
    protected AuditLog newLog() {
        db = new SqliteDatabase(dir.resolve("wfp.db"), Clock.systemUTC());
        return new SqliteAuditLog(db);
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

    @Override
    protected void editStoredRecord(long seq) throws Exception {
        tamper("UPDATE audit_log SET outcome = 'ALLOWED', code = '200' WHERE seq = " + seq);
    }

    @Override
    protected void deleteStoredRecord(long seq) throws Exception {
        tamper("DELETE FROM audit_log WHERE seq = " + seq);
    }

    @Override
    protected void swapStoredRecords(long first, long second) throws Exception {
        // Swap the contents of the two rows, each keeping its place number.
        tamper("CREATE TABLE t AS SELECT * FROM audit_log WHERE seq IN (" + first + ", " + second + ")",
                "DELETE FROM audit_log WHERE seq IN (" + first + ", " + second + ")",
                "INSERT INTO audit_log SELECT " + (first + second) + " - seq, id, at, principal, action, resource, params,"
                        + " source, outcome, code, previous_hash, hash FROM t",
                "DROP TABLE t");
    }

    @Test
    void updateAndDelete_areRefusedByTheDatabase() {
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("UPDATE audit_log SET principal = 'x'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM audit_log")))
                .hasMessageContaining("append-only");
    }
}
